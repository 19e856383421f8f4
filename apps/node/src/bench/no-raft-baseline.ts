import { createServer, type Server } from 'node:http';
import { openDatabase } from '@raftboard/db/client';
import { migrateDatabase } from '@raftboard/db/migrate';
import { createDirectNode, createSharedLog } from '@raftboard/schema/testing/direct-node';
import { createRaftboardYoga } from '@raftboard/schema/yoga';

/**
 * The benchmark's baseline: the same GraphQL API over HTTP, applying each write straight to
 * one MySQL database through packages/schema's direct node — no Raft, no replication, no peers.
 */
export async function startNoRaftBaseline(options: { databaseUrl: string; port: number }) {
  const db = openDatabase(options.databaseUrl);
  await migrateDatabase(db);
  const node = createDirectNode('direct', { db, log: createSharedLog() });
  const { yoga } = createRaftboardYoga({ node, production: true });
  const server: Server = createServer(
    (request, response) => void yoga.handle(request, response, {}),
  );
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${options.port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await node.close();
    },
  };
}
