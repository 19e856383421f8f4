import type { Database } from '@raftboard/db/client';
import { clusterMembersList } from '@raftboard/db/queries/cluster';
import type { PeerAddress } from './config.ts';

/** Parses `http://host:port` into a peer address, or null. */
function parsePeerUrl(id: string, url: string | null): PeerAddress | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port);
    return Number.isInteger(port) && port > 0 ? { id, host: parsed.hostname, port } : null;
  } catch {
    return null;
  }
}

/**
 * Where each member listens for peers. Founding members come from the configuration; members
 * added later come from the replicated `cluster_members` table (written by
 * `cluster.memberUpdate` before their ConfChange), so every node learns a new member's address
 * from the log. `peers()` narrows the book to the current membership once it is known.
 */
export class AddressBook {
  private readonly addresses = new Map<string, PeerAddress>();
  private readonly httpUrls = new Map<string, string>();
  private members: ReadonlySet<string> | null = null;

  constructor(private readonly configured: readonly PeerAddress[]) {
    for (const peer of configured) this.addresses.set(peer.id, peer);
  }

  /** Rereads the replicated member addresses (after a membership change is applied). */
  async refresh(db: Database): Promise<void> {
    const rows = await clusterMembersList(db);
    for (const row of rows) {
      const address = parsePeerUrl(row.nodeId, row.peerUrl);
      if (address) this.addresses.set(row.nodeId, address);
      if (row.httpUrl) this.httpUrls.set(row.nodeId, row.httpUrl);
    }
  }

  /** The current voters and learners (from the Raft core); empty until the node knows them. */
  setMembers(ids: readonly string[]): void {
    this.members = ids.length > 0 ? new Set(ids) : null;
  }

  /** Addresses of the current members, or of every configured member while that is unknown. */
  peers(): PeerAddress[] {
    const members = this.members;
    if (members === null) return [...this.configured];
    return [...this.addresses.values()].filter((peer) => members.has(peer.id));
  }

  /** The public HTTP URL a member registered, if any. */
  httpUrl(id: string): string | undefined {
    return this.httpUrls.get(id);
  }
}
