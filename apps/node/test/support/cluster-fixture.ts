import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableChecksums } from '@raftboard/db/checksum';
import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { uniqueDatabaseName } from '@raftboard/db/provision';
import { inject } from 'vitest';
import { LocalCluster } from '../../src/launch/cluster.ts';
import { freeBasePort } from '../../src/launch/ports.ts';
import type { FaultRules } from '../../src/peer/faults.ts';
import type { NodeStatus } from '../../src/status.ts';

/** Timing for test clusters: the production defaults, with shorter request timeouts. */
export const testClusterEnv = {
  RAFTBOARD_FAULT_INJECTION: '1',
  RAFTBOARD_REQUEST_TIMEOUT_MS: '3000',
  RAFTBOARD_LOG: process.env.RAFTBOARD_TEST_LOG ?? 'quiet',
};

/** A cluster of real node processes for one test file, with helpers to observe and break it. */
export class TestCluster {
  private constructor(
    readonly cluster: LocalCluster,
    readonly logDirectory: string,
  ) {}

  static async start(options: { prefix: string; nodes?: number; env?: Record<string, string> }) {
    const nodes = options.nodes ?? 3;
    const logDirectory = mkdtempSync(join(tmpdir(), `raftboard-${options.prefix}-`));
    const cluster = await LocalCluster.start({
      serverUrl: inject('mysqlServerUrl'),
      nodes,
      basePort: await freeBasePort(nodes),
      databasePrefix: uniqueDatabaseName(`test_${options.prefix}`),
      fresh: true,
      logDirectory,
      env: { ...testClusterEnv, ...options.env },
    });
    const fixture = new TestCluster(cluster, logDirectory);
    try {
      await cluster.waitForLeader();
      // A leader needs only a majority: a node still migrating under a loaded CI run would
      // refuse the first test's connection. Start once every node serves and agrees.
      await cluster.waitConverged();
    } catch (error) {
      // Leave no node processes or databases behind for the rest of the run to compete with.
      await fixture.stop();
      throw error;
    }
    return fixture;
  }

  get nodes() {
    return this.cluster.nodes;
  }

  url(id: string): string {
    return this.cluster.node(id).url;
  }

  async status(id: string): Promise<NodeStatus> {
    const status = await this.cluster.node(id).status(2_000);
    if (!status) throw new Error(`${id} does not answer /status`);
    return status;
  }

  /** The current leader (waits for one). */
  async leader(): Promise<string> {
    return this.cluster.waitForLeader(30_000);
  }

  /** Running nodes other than `id`. */
  others(id: string): string[] {
    return this.nodes
      .filter((node) => node.spec.id !== id && node.running)
      .map((node) => node.spec.id);
  }

  async setFaults(id: string, rules: Partial<FaultRules>): Promise<void> {
    const response = await fetch(`${this.url(id)}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dropTo: [], dropFrom: [], delayMs: 0, ...rules }),
    });
    if (!response.ok)
      throw new Error(`faults on ${id}: ${response.status} ${await response.text()}`);
  }

  /** Waits until every running node has applied the same index, at least `index`. */
  waitConverged(index = 0, timeoutMs = 30_000): Promise<number> {
    return this.cluster.waitConverged(index, timeoutMs);
  }

  /** Checksums of every replicated table on node `id`'s database. */
  async checksums(id: string): Promise<Record<string, string>> {
    const db = openDatabase(this.cluster.node(id).spec.databaseUrl, { connectionLimit: 1 });
    try {
      return await tableChecksums(db);
    } finally {
      await closeDatabase(db);
    }
  }

  async stop(): Promise<void> {
    await this.cluster.stop({ dropDatabases: true });
  }
}
