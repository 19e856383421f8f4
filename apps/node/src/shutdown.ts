import { closeDatabase, type Database } from '@raftboard/db/client';
import type { Message, Status } from '@raftboard/raft';
import type { WebSocketServer } from 'ws';
import type { Logger } from './logger.ts';
import type { PeerTransport } from './peer/transport.ts';
import type { PublicServer } from './public-server.ts';
import type { RaftDriver } from './raft/driver.ts';

/** Bound on the graceful leadership handover at shutdown. */
const shutdownTransferMs = 3_000;

/**
 * Graceful stop: a leader first hands leadership to the most caught-up connected voter (bounded
 * by `shutdownTransferMs`), then the driver, client sockets, both servers and the database close.
 */
export async function stopNode(parts: {
  driver: RaftDriver;
  transport: PeerTransport<Message>;
  server: PublicServer;
  webSockets: WebSocketServer;
  db: Database;
  logger: Logger;
}) {
  const { driver, server, webSockets, transport, db, logger } = parts;
  const status = driver.status();
  const successor =
    status.role === 'leader' ? pickSuccessor(status, transport.connectedPeers()) : null;
  if (successor) {
    await driver.transferLeadership(successor, shutdownTransferMs).catch((error: unknown) => {
      logger.warn('node.shutdown-transfer-failed', { to: successor, error: String(error) });
    });
  }
  driver.stop();
  await driver.settled();
  for (const client of webSockets.clients) client.terminate();
  webSockets.close();
  await server.close();
  await transport.stop();
  await closeDatabase(db);
}

/** The most caught-up connected voter, to hand leadership to at shutdown. */
function pickSuccessor(status: Status, connected: readonly string[]): string | null {
  let best: { id: string; match: number } | null = null;
  for (const id of status.confState.voters) {
    const match = status.progress[id]?.match ?? -1;
    const better = best === null || match > best.match;
    if (id !== status.id && connected.includes(id) && better) best = { id, match };
  }
  return best?.id ?? null;
}
