import { createServer, type Server } from 'node:http';
import { applyEntries, readAppliedIndex } from '@raftboard/db/apply';
import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { encodeCommand } from '@raftboard/db/commands';
import { migrateDatabase } from '@raftboard/db/migrate';
import type { NodeServices } from '@raftboard/schema/context';
import { uuidv7 } from '@raftboard/schema/ids';
import { EventHub } from '@raftboard/schema/live/event-hub';
import { createRaftboardYoga } from '@raftboard/schema/yoga';

/**
 * The benchmark's baseline: the same GraphQL API over HTTP, applying each write straight to
 * one MySQL database — no Raft, no replication, no peers. Writes apply one at a time, as the
 * log would order them.
 */
export async function startDirectNode(options: { databaseUrl: string; port: number }) {
  const db = openDatabase(options.databaseUrl);
  await migrateDatabase(db);
  const hub = new EventHub();
  let applied = await readAppliedIndex(db);
  let chain: Promise<unknown> = Promise.resolve();
  const node: NodeServices = {
    db,
    hub,
    cluster: { status: () => ({ leaderId: 'direct', term: 1, nodes: [] }) },
    now: () => new Date(),
    newId: () => uuidv7(),
    readFence: async () => {},
    propose(command) {
      const data = encodeCommand(command);
      const next = chain.then(async () => {
        const index = applied + 1;
        const result = await applyEntries(db, [{ index, term: 1, type: 'normal', data }]);
        applied = index;
        hub.publish({ appliedIndex: index, events: result.events });
        const outcome = result.entries[0]?.outcome;
        if (!outcome) throw new Error(`entry ${index} produced no outcome`);
        return { index, outcome };
      });
      chain = next.catch(() => undefined);
      return next;
    },
  };
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
      await closeDatabase(db);
    },
  };
}
