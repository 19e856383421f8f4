import { useSyncExternalStore } from 'react';
import type { StreamState } from './resumable-stream.ts';

/** What the connection indicator shows: the worst state of any open stream. */
export interface ConnectionSummary {
  kind: 'idle' | 'live' | 'reconnecting';
  nodeId: string | null;
}

const streams = new Map<number, StreamState>();
const listeners = new Set<() => void>();
let summary: ConnectionSummary = { kind: 'idle', nodeId: null };
let nextStreamId = 1;

function summarize(): ConnectionSummary {
  let nodeId: string | null = null;
  let reconnecting = false;
  let live = false;
  for (const state of streams.values()) {
    if (state.kind === 'reconnecting' || state.kind === 'connecting') reconnecting = true;
    if (state.kind === 'live') {
      live = true;
      nodeId = state.nodeId;
    }
  }
  return { kind: reconnecting ? 'reconnecting' : live ? 'live' : 'idle', nodeId };
}

/** Registers one stream; returns the function to report its state changes with. */
export function trackStream(): { report(state: StreamState): void } {
  const id = nextStreamId++;
  return {
    report(state) {
      if (state.kind === 'closed') streams.delete(id);
      else streams.set(id, state);
      const next = summarize();
      if (next.kind === summary.kind && next.nodeId === summary.nodeId) return;
      summary = next;
      for (const listener of listeners) listener();
    },
  };
}

/** The live connection's state, for the header's indicator. */
export function useConnectionSummary(): ConnectionSummary {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => summary,
    () => summary,
  );
}
