import type { ConfChange } from './types.ts';

/**
 * Parses a confChange entry's data; null when it is not a valid change. Never throws: a proposal
 * forwarded by a peer carries whatever data it was given.
 */
export function parseConfChange(data: string): ConfChange | null {
  try {
    const value = JSON.parse(data) as { type?: unknown; nodeId?: unknown };
    const { type, nodeId } = value;
    if (typeof nodeId !== 'string' || nodeId.length === 0) return null;
    if (type === 'addLearner' || type === 'promote' || type === 'remove') return { type, nodeId };
    return null;
  } catch {
    return null;
  }
}
