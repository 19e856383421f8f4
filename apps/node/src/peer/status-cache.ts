import type { AddressBook } from '../address-book.ts';
import type { NodeStatus } from '../status.ts';

/** A peer's answer older than this is not shown as its state. */
const peerStatusFreshMs = 3_000;
/** A cached answer older than this is refreshed (in the background) when asked for. */
const peerStatusRefreshMs = 500;
const peerStatusTimeoutMs = 300;

/**
 * What each peer said of itself on GET /status, fetched in the background over its public
 * HTTP address (from the replicated members table). Reads never wait: they get the last fresh
 * answer and start a refresh when it is getting old.
 */
export class PeerStatusCache {
  private readonly answers = new Map<string, { status: NodeStatus; atMs: number }>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly book: AddressBook) {}

  /** The peer's last fresh answer, or null; refreshes it in the background when due. */
  get(id: string): NodeStatus | null {
    const answer = this.answers.get(id);
    const ageMs = answer ? Date.now() - answer.atMs : Number.POSITIVE_INFINITY;
    if (ageMs > peerStatusRefreshMs) this.refresh(id);
    return answer && ageMs <= peerStatusFreshMs ? answer.status : null;
  }

  private refresh(id: string) {
    const url = this.book.httpUrl(id);
    if (!url || this.inFlight.has(id)) return;
    this.inFlight.add(id);
    fetch(`${url}/status`, { signal: AbortSignal.timeout(peerStatusTimeoutMs) })
      .then(async (response) => {
        if (response.ok)
          this.answers.set(id, { status: (await response.json()) as NodeStatus, atMs: Date.now() });
      })
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(id));
  }
}
