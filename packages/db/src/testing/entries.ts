import type { Entry } from '@raftboard/raft';
import { type CommandInput, encodeCommand } from '../commands/command.ts';

/** Options for one command built by `EntryLog.command`. */
export interface CommandOptions {
  /** Default: a fresh `r<index>`. */
  requestId?: string;
  /** Default: the log's clock, which moves one second per entry. */
  at?: number;
}

/** The clock the test log starts at: 2026-01-01T00:00:00Z. */
export const entryLogEpochMs = Date.UTC(2026, 0, 1);

/**
 * Builds the entries a Raft log would commit, for tests and benchmarks: contiguous indexes
 * from `firstIndex`, term 1, and commands with a deterministic clock and request ids.
 */
export class EntryLog {
  private nextIndex: number;

  constructor(firstIndex = 1) {
    this.nextIndex = firstIndex;
  }

  /** The index the next entry gets. */
  get index(): number {
    return this.nextIndex;
  }

  /** The entry carrying `command` (validated and encoded as the proposer would). */
  command<Type extends CommandInput['type']>(
    type: Type,
    actor: string,
    payload: Extract<CommandInput, { type: Type }>['payload'],
    options: CommandOptions = {},
  ): Entry {
    const index = this.nextIndex;
    const data = encodeCommand({
      type,
      payload,
      actor,
      requestId: options.requestId ?? `r${index}`,
      at: options.at ?? entryLogEpochMs + index * 1_000,
    } as CommandInput);
    return this.raw(data);
  }

  /** The entry carrying `data` as it is (no-ops, garbage, conf changes via `type`). */
  raw(data: string, type: Entry['type'] = 'normal'): Entry {
    const entry: Entry = { term: 1, index: this.nextIndex, type, data };
    this.nextIndex += 1;
    return entry;
  }
}
