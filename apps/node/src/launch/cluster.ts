import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeDatabase, isMissingTable, openDatabase } from '@raftboard/db/client';
import { createDatabase, dropDatabase, serverUrlOf } from '@raftboard/db/provision';
import { clusterMembersList } from '@raftboard/db/queries/cluster';
import type { NodeStatus } from '../status.ts';
import type { DevCertificates } from '../tls/dev-ca.ts';
import { requestJson } from './http-client.ts';
import { NodeProcess } from './node-process.ts';

/** Bound on waiting for a cluster to elect its first leader. */
const leaderWaitMsMax = 60_000;

/**
 * Where one member runs when it is not on this machine's loopback: tests give each member a
 * host of its own (a network namespace with its own address and its own MySQL server).
 */
export interface NodeHost {
  /** Address the others dial (its entry in the peer list), and where it listens by default. */
  address: string;
  /** Where it listens instead, e.g. 0.0.0.0 (every interface) as servers usually do. */
  listen?: string;
  /** MySQL server URL (no database) for this node's database, instead of `serverUrl`. */
  serverUrl?: string;
  /** Linux network namespace the process runs in (see NodeSpec.netns). */
  netns?: string;
}

export interface ClusterOptions {
  /**
   * MySQL server URL (no database); one database per node is created on it, except for nodes
   * whose `hosts` entry names a server of their own.
   */
  serverUrl?: string;
  /**
   * Certificates for TLS everywhere: each node serves HTTPS with its certificate and talks to
   * its peers over mutual TLS with it (see ensureDevCertificates). Absent: plain text.
   */
  tls?: DevCertificates;
  /** With `tls`: false keeps the public port on plain HTTP (mutual TLS between peers only). */
  publicTls?: boolean;
  /** Per node id (`n1`, …): where it runs. A node without an entry runs on 127.0.0.1. */
  hosts?: Readonly<Record<string, NodeHost>>;
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
  /**
   * Restart a node whose process exits without being asked to, with backoff, and report each
   * restart here in one line (what the launchers do; see NodeProcess.supervise).
   */
  supervise?: (line: string) => void;
}

/**
 * The databases of an earlier run hold a cluster whose members are elsewhere: its nodes would
 * dial those addresses and never elect a leader. Says which, and how to go on.
 */
export class StoredClusterMismatchError extends Error {
  override name = 'StoredClusterMismatchError';
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
    if (!options.fresh) await cluster.refuseStoredMismatch();
    for (const node of cluster.nodes) cluster.launch(node);
    return cluster;
  }

  private launch(node: NodeProcess) {
    if (this.options.supervise) node.supervise(this.options.supervise);
    node.start();
  }

  /**
   * Throws StoredClusterMismatchError when the node databases, kept from an earlier run, hold a
   * cluster this run cannot be: members registered at other peer addresses (another
   * --base-port), members this run lacks, or a new, empty database beside them (another
   * --nodes: a node that starts empty would found a second cluster of its own).
   */
  private async refuseStoredMismatch(): Promise<void> {
    const planned = new Map(this.nodes.map((node) => [node.spec.id, this.peerHost(node.spec.id)]));
    const stored = new Map<string, string>();
    const holders: string[] = [];
    const empty: string[] = [];
    for (const node of this.nodes) {
      const name = new URL(node.spec.databaseUrl).pathname.slice(1);
      const members = await storedMembers(node.spec.databaseUrl);
      (members.length > 0 ? holders : empty).push(name);
      for (const member of members) {
        if (member.peerUrl) stored.set(member.nodeId, new URL(member.peerUrl).host);
      }
    }
    if (holders.length === 0) return;
    const moved = [...stored].some(([id, at]) => planned.get(id) !== at);
    if (!moved && empty.length === 0) return;
    const list = (members: Map<string, string>) =>
      [...members].map(([id, at]) => `${id}=${at}`).join(', ');
    throw new StoredClusterMismatchError(
      `The databases ${holders.join(', ')} hold a cluster whose members take peer connections ` +
        `at ${list(stored)}, not at ${list(planned)} as this run would: start it again with ` +
        `the same ports and node count${baseHint(stored, holders.length)}, or add --fresh to ` +
        'drop those databases and start a new, empty cluster.',
    );
  }

  /**
   * Starts one more node that joins the running cluster (`RAFTBOARD_JOIN=1`): it knows every
   * member's address but waits to be added as a learner through the admin API.
   */
  async addNode(): Promise<NodeProcess> {
    const ids = [...this.nodes.map((node) => node.spec.id), `n${this.nodes.length + 1}`];
    const node = await this.prepare(ids.at(-1) ?? '', ids, { RAFTBOARD_JOIN: '1' });
    this.nodes.push(node);
    this.launch(node);
    return node;
  }

  /** Admin API call with the cluster secret, as the operator CLI makes it. */
  async admin(id: string, path: string, body: unknown): Promise<unknown> {
    const node = this.node(id);
    const answer = await requestJson(`${node.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.clusterSecret}` },
      body,
      timeoutMs: 30_000,
      ...(node.spec.ca ? { ca: node.spec.ca } : {}),
    });
    const { error } = (answer.body ?? {}) as { error?: string };
    if (answer.status !== 200) throw new Error(error ?? `admin ${path} answered ${answer.status}`);
    return answer.body;
  }

  private httpPort(id: string) {
    return this.options.basePort + Number(id.slice(1));
  }

  private peerPort(id: string) {
    return this.options.basePort + 100 + Number(id.slice(1));
  }

  private peerHost(id: string) {
    return `${this.options.hosts?.[id]?.address ?? '127.0.0.1'}:${this.peerPort(id)}`;
  }

  private async prepare(id: string, ids: string[], env: Record<string, string>) {
    const options = this.options;
    const host = options.hosts?.[id];
    const publicTls = options.publicTls ?? true;
    const serverUrl = host?.serverUrl ?? options.serverUrl;
    if (serverUrl === undefined) throw new Error(`no MySQL server for ${id}: set serverUrl`);
    const name = `${options.databasePrefix}_${id}`;
    if (options.fresh) await dropDatabase(serverUrl, name);
    const databaseUrl = await createDatabase(serverUrl, name);
    const peers = ids.map((peer) => `${peer}=${this.peerHost(peer)}`).join(',');
    return new NodeProcess({
      id,
      httpPort: this.httpPort(id),
      peerPort: this.peerPort(id),
      databaseUrl,
      ...(host ? { host: host.address } : {}),
      ...(host?.listen === undefined ? {} : { listen: host.listen }),
      ...(host?.netns === undefined ? {} : { netns: host.netns }),
      ...(options.tls && publicTls ? { ca: readFileSync(options.tls.ca, 'utf8') } : {}),
      env: {
        RAFTBOARD_PEERS: peers,
        RAFTBOARD_CLUSTER_SECRET: options.clusterSecret,
        ...(options.tls ? tlsEnvironment(options.tls, id, publicTls) : {}),
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
        const { databaseUrl } = node.spec;
        await dropDatabase(serverUrlOf(databaseUrl), new URL(databaseUrl).pathname.slice(1));
      }
    }
  }
}

/** The members an existing node database records (none for a new database). */
async function storedMembers(databaseUrl: string) {
  const db = openDatabase(databaseUrl, { connectionLimit: 1 });
  try {
    return await clusterMembersList(db);
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  } finally {
    await closeDatabase(db);
  }
}

/** " (base port P, N nodes)" when the stored peer ports follow this launcher's layout. */
function baseHint(stored: Map<string, string>, nodes: number): string {
  const bases = new Set(
    [...stored].map(([id, at]) => Number(at.split(':').at(-1)) - 100 - Number(id.slice(1))),
  );
  const [base] = bases;
  return bases.size === 1 && base !== undefined && base > 0
    ? ` (base port ${base}, ${nodes} nodes)`
    : '';
}

/**
 * A node's TLS settings: its certificate on the public port and to its peers, the CA for its
 * peers, and the CA trusted by its own HTTPS requests (a peer's /status, for the cluster view).
 */
function tlsEnvironment(
  tls: DevCertificates,
  id: string,
  publicTls: boolean,
): Record<string, string> {
  const own = tls.nodes[id];
  if (!own) throw new Error(`no certificate for ${id}`);
  return {
    ...(publicTls ? { RAFTBOARD_TLS_CERT: own.cert, RAFTBOARD_TLS_KEY: own.key } : {}),
    RAFTBOARD_PEER_CA: tls.ca,
    RAFTBOARD_PEER_CERT: own.cert,
    RAFTBOARD_PEER_KEY: own.key,
    NODE_EXTRA_CA_CERTS: tls.ca,
  };
}
