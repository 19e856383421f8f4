import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '@raftboard/db/provision';
import type { NodeStatus } from '../status.ts';
import { NodeProcess } from './node-process.ts';

/** Bound on waiting for a cluster to elect its first leader. */
const leaderWaitMsMax = 60_000;

export interface ClusterOptions {
  /** MySQL server URL (no database); one database per node is created on it. */
  serverUrl: string;
  nodes: number;
  /** Node i (1-based) serves HTTP on basePort+i and peers on basePort+100+i. */
  basePort: number;
  /** Database names are `<databasePrefix>_n<i>`. */
  databasePrefix: string;
  /** Drop each node's database first (a brand-new cluster). */
  fresh?: boolean;
  clusterSecret?: string;
  /** Folder for one log file per node; inherited stdio when absent. */
  logDirectory?: string;
  /** Extra environment for every node (timing, fault injection). */
  env?: Record<string, string>;
}

/** A cluster of node processes on this machine, started and stopped together. */
export class LocalCluster {
  readonly nodes: NodeProcess[];

  private constructor(
    nodes: NodeProcess[],
    private readonly options: ClusterOptions & { clusterSecret: string },
  ) {
    this.nodes = nodes;
  }

  /** Creates the databases and starts every node; resolves once they are started. */
  static async start(options: ClusterOptions): Promise<LocalCluster> {
    const clusterSecret = options.clusterSecret ?? randomBytes(24).toString('base64url');
    if (options.logDirectory) mkdirSync(options.logDirectory, { recursive: true });
    const cluster = new LocalCluster([], { ...options, clusterSecret });
    const ids = Array.from({ length: options.nodes }, (_, i) => `n${i + 1}`);
    for (const id of ids) cluster.nodes.push(await cluster.prepare(id, ids, {}));
    for (const node of cluster.nodes) node.start();
    return cluster;
  }

  /**
   * Starts one more node that joins the running cluster (`RAFTBOARD_JOIN=1`): it knows every
   * member's address but waits to be added as a learner through the admin API.
   */
  async addNode(): Promise<NodeProcess> {
    const ids = [...this.nodes.map((node) => node.spec.id), `n${this.nodes.length + 1}`];
    const node = await this.prepare(ids.at(-1) ?? '', ids, { RAFTBOARD_JOIN: '1' });
    this.nodes.push(node);
    node.start();
    return node;
  }

  /** Admin API call with the cluster secret, as the operator CLI makes it. */
  async admin(id: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.node(id).url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.options.clusterSecret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(answer.error ?? `admin ${path} answered ${response.status}`);
    return answer;
  }

  private httpPort(id: string) {
    return this.options.basePort + Number(id.slice(1));
  }

  private peerPort(id: string) {
    return this.options.basePort + 100 + Number(id.slice(1));
  }

  private async prepare(id: string, ids: string[], env: Record<string, string>) {
    const options = this.options;
    const name = `${options.databasePrefix}_${id}`;
    if (options.fresh) await dropDatabase(options.serverUrl, name);
    const databaseUrl = await createDatabase(options.serverUrl, name);
    const peers = ids.map((peer) => `${peer}=127.0.0.1:${this.peerPort(peer)}`).join(',');
    return new NodeProcess({
      id,
      httpPort: this.httpPort(id),
      peerPort: this.peerPort(id),
      databaseUrl,
      env: {
        RAFTBOARD_PEERS: peers,
        RAFTBOARD_CLUSTER_SECRET: options.clusterSecret,
        ...options.env,
        ...env,
      },
      ...(options.logDirectory ? { logFile: join(options.logDirectory, `${id}.log`) } : {}),
    });
  }

  /** The secret every member shares (tests use it to act as a peer). */
  get clusterSecret(): string {
    return this.options.clusterSecret;
  }

  node(id: string): NodeProcess {
    const node = this.nodes.find((candidate) => candidate.spec.id === id);
    if (!node) throw new Error(`no node ${id}`);
    return node;
  }

  /** Statuses of the nodes that answer. */
  async statuses(): Promise<NodeStatus[]> {
    const all = await Promise.all(this.nodes.filter((n) => n.running).map((n) => n.status()));
    return all.filter((status): status is NodeStatus => status !== null);
  }

  /**
   * Waits until some answering node leads in the highest term any answering node reports, and
   * returns its id. Throws after `timeoutMs`.
   */
  async waitForLeader(timeoutMs = leaderWaitMsMax): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const statuses = await this.statuses();
      const term = Math.max(0, ...statuses.map((status) => status.term));
      const leader = statuses.find((status) => status.role === 'leader' && status.term === term);
      if (leader) return leader.id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no leader elected within ${timeoutMs} ms`);
  }

  /**
   * Waits until every running node answers and has applied the same index, equal to its commit
   * index and at least `index`; returns that index. Throws after `timeoutMs`.
   */
  async waitConverged(index = 0, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let lowest = -1;
    while (Date.now() < deadline) {
      const statuses = await this.statuses();
      const running = this.nodes.filter((node) => node.running).length;
      const applied = statuses.map((status) => status.appliedIndex);
      lowest = Math.min(...applied);
      const agreed = statuses.every(
        (status) => status.appliedIndex === applied[0] && status.commitIndex === applied[0],
      );
      if (statuses.length === running && agreed && lowest >= index) return lowest;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `nodes did not converge on index >= ${index} within ${timeoutMs} ms (lowest ${lowest})`,
    );
  }

  /** Stops every node (SIGTERM, then SIGKILL), optionally dropping their databases. */
  async stop(options: { dropDatabases?: boolean } = {}): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    if (options.dropDatabases) {
      for (const node of this.nodes) {
        await dropDatabase(
          this.options.serverUrl,
          new URL(node.spec.databaseUrl).pathname.slice(1),
        );
      }
    }
  }
}
