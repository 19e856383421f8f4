/**
 * Test-only network faults a node applies to its own peer traffic: drop messages to or from
 * chosen peers (a one-way or symmetric partition) and delay what it sends. Installed through
 * the fault-injection endpoint, which exists only when RAFTBOARD_FAULT_INJECTION=1.
 */
export interface PeerFaults {
  /** Peers this node sends nothing to. */
  dropTo: string[];
  /** Peers whose messages this node ignores. */
  dropFrom: string[];
  /** Added to every outgoing message. */
  delayMs: number;
}

/** The peer faults, and a skew of the time this node's schedule ticks carry (tests step it). */
export interface FaultRules extends PeerFaults {
  clockSkewMs: number;
}

/** Upper bound on an injected delay, so a bad request cannot park messages for hours. */
export const faultDelayMsMax = 10_000;
/** Bound on the schedule clock's skew either way: ten years. */
export const clockSkewMsMax = 10 * 366 * 24 * 60 * 60 * 1_000;

export const noFaults: FaultRules = { dropTo: [], dropFrom: [], delayMs: 0, clockSkewMs: 0 };

/** Validates a fault-rules request body; returns an error sentence for bad input. */
export function parseFaultRules(value: unknown): FaultRules | { error: string } {
  if (typeof value !== 'object' || value === null) return { error: 'expected a JSON object' };
  const record = value as Record<string, unknown>;
  const ids = (key: string): string[] | null => {
    const list = record[key] ?? [];
    return Array.isArray(list) && list.every((id) => typeof id === 'string') ? list : null;
  };
  const dropTo = ids('dropTo');
  const dropFrom = ids('dropFrom');
  if (dropTo === null || dropFrom === null)
    return { error: 'dropTo and dropFrom must be lists of node ids' };
  const delayMs = record.delayMs ?? 0;
  if (
    typeof delayMs !== 'number' ||
    !Number.isInteger(delayMs) ||
    delayMs < 0 ||
    delayMs > faultDelayMsMax
  ) {
    return { error: `delayMs must be a whole number from 0 to ${faultDelayMsMax}` };
  }
  const clockSkewMs = record.clockSkewMs ?? 0;
  if (
    typeof clockSkewMs !== 'number' ||
    !Number.isInteger(clockSkewMs) ||
    Math.abs(clockSkewMs) > clockSkewMsMax
  ) {
    return { error: `clockSkewMs must be a whole number of at most ${clockSkewMsMax} either way` };
  }
  return { dropTo, dropFrom, delayMs, clockSkewMs };
}
