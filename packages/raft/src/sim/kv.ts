import type { KvInput, KvOutput } from '../linearizability/history.ts';
import type { Entry } from '../types.ts';

/** A client command as it travels through the log: the request id makes retries idempotent. */
export interface Command {
  id: string;
  input: KvInput;
}

/**
 * The simulator's replicated state machine: a key-value map plus the first outcome of every
 * request id, so a retried command that commits twice takes effect once.
 */
export class KvStateMachine {
  values = new Map<string, string>();
  outcomes = new Map<string, KvOutput>();
  applied = 0;

  /** Applies a committed entry; returns the command and its (first) outcome, if any. */
  apply(entry: Entry): { command: Command; output: KvOutput } | null {
    this.applied = entry.index;
    if (entry.type !== 'normal' || entry.data === '') return null;
    const command = JSON.parse(entry.data) as Command;
    const seen = this.outcomes.get(command.id);
    if (seen !== undefined) return { command, output: seen };
    const output = this.execute(command.input);
    this.outcomes.set(command.id, output);
    return { command, output };
  }

  private execute(input: KvInput): KvOutput {
    const current = this.values.get(input.key) ?? null;
    switch (input.kind) {
      case 'put':
        this.values.set(input.key, input.value);
        return 'ok';
      case 'cas':
        if (current !== input.expected) return false;
        this.values.set(input.key, input.value);
        return true;
      case 'get':
        return current;
    }
  }

  /** The value of `key` (reads are served here, after ReadIndex). */
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  serialize(): string {
    return JSON.stringify({ values: [...this.values], outcomes: [...this.outcomes] });
  }

  /** Replaces the state with a snapshot's. */
  restore(data: string, index: number): void {
    this.values = new Map();
    this.outcomes = new Map();
    this.applied = index;
    if (data === '') return;
    const parsed = JSON.parse(data) as {
      values: [string, string][];
      outcomes: [string, KvOutput][];
    };
    this.values = new Map(parsed.values);
    this.outcomes = new Map(parsed.outcomes);
  }
}
