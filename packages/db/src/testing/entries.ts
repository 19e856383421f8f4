import type { Entry } from '@raftboard/raft';
import { uuidv7 } from '@raftboard/uuidv7';
import { type CommandInput, encodeCommand } from '../commands/command.ts';

/** Options for one command built by `EntryLog.command`. */
export interface CommandOptions {
  /** Default: `testRequestId(at, index)`, a UUIDv7 made at the command's time. */
  requestId?: string;
  /** Default: the log's clock, which moves one second per entry. */
  at?: number;
}

/** The clock the test log starts at: 2026-01-01T00:00:00Z. */
export const entryLogEpochMs = Date.UTC(2026, 0, 1);

/**
 * The request id tests use: a UUIDv7 made at `atMs` whose random bits are `n`, so the same
 * arguments give the same id on every run and different `n` give different ids.
 */
export function testRequestId(atMs: number, n = 0): string {
  const random = new Uint8Array(16);
  new DataView(random.buffer).setBigUint64(8, BigInt(n));
  return uuidv7(atMs, random);
}

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
    const at = options.at ?? this.clockAt(index);
    const data = encodeCommand({
      type,
      payload,
      actor,
      requestId: options.requestId ?? testRequestId(at, index),
      at,
    } as CommandInput);
    return this.raw(data);
  }

  /** The log's clock at `index`: `entryLogEpochMs` plus one second per entry. */
  clockAt(index: number): number {
    return entryLogEpochMs + index * 1_000;
  }

  /** The request id `command` gave the entry at `index` when it chose neither `at` nor one. */
  requestIdOf(index: number): string {
    return testRequestId(this.clockAt(index), index);
  }

  /** The entry carrying `data` as it is (no-ops, garbage, conf changes via `type`). */
  raw(data: string, type: Entry['type'] = 'normal'): Entry {
    const entry: Entry = { term: 1, index: this.nextIndex, type, data };
    this.nextIndex += 1;
    return entry;
  }
}
