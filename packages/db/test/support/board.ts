import { expect } from 'vitest';
import { type AppliedEntry, applyEntries } from '../../src/apply/apply-entries.ts';
import type { RejectionCode } from '../../src/apply/outcome.ts';
import type { Database } from '../../src/client.ts';
import type { CommandInput } from '../../src/commands/command.ts';
import { type CommandOptions, EntryLog } from '../../src/testing/entries.ts';

type Payload<Type extends CommandInput['type']> = Extract<CommandInput, { type: Type }>['payload'];

/** Applies commands one entry at a time and asserts on their outcomes. */
export class Board {
  readonly log = new EntryLog();
  /** Every command type applied so far, to prove coverage. */
  readonly typesApplied = new Set<string>();

  constructor(readonly db: Database) {}

  /** Applies one command as its own committed entry. */
  async apply<Type extends CommandInput['type']>(
    type: Type,
    actor: string,
    payload: Payload<Type>,
    options: CommandOptions = {},
  ): Promise<AppliedEntry> {
    this.typesApplied.add(type);
    const entry = this.log.command(type, actor, payload as never, options);
    const result = await applyEntries(this.db, [entry]);
    const applied = result.entries[0];
    if (!applied) throw new Error(`entry ${entry.index} was not applied`);
    return applied;
  }

  /** Applies a command and expects it to succeed; returns its result. */
  async ok<Type extends CommandInput['type']>(
    type: Type,
    actor: string,
    payload: Payload<Type>,
  ): Promise<Record<string, unknown>> {
    const { outcome } = await this.apply(type, actor, payload);
    if (!outcome?.ok) throw new Error(`${type} was rejected: ${JSON.stringify(outcome)}`);
    return outcome.result;
  }

  /** Applies a command and expects the rejection `code`; returns its message. */
  async rejected<Type extends CommandInput['type']>(
    code: RejectionCode,
    type: Type,
    actor: string,
    payload: Payload<Type>,
  ): Promise<string> {
    const { outcome } = await this.apply(type, actor, payload);
    expect(outcome, `${type} should be rejected with ${code}`).toMatchObject({ ok: false, code });
    return outcome?.ok === false ? outcome.message : '';
  }
}
