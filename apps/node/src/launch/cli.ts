import { parseArgs } from 'node:util';
import type { NodeStatus } from '../status.ts';

/**
 * The operator's cluster CLI. Talks to any node's HTTP port:
 *   npm run cli -w @raftboard/node -- status [--url U]
 *   npm run cli -w @raftboard/node -- add-learner <id> <host:peerPort> <httpPort> [--url U]
 *   npm run cli -w @raftboard/node -- promote <id> | remove <id> | transfer <id>
 * Admin commands authenticate with the cluster secret (RAFTBOARD_CLUSTER_SECRET).
 */
const usage = `usage: cli <status|add-learner|promote|remove|transfer> [args] [--url http://127.0.0.1:7001]`;
const requestTimeoutMs = 30_000;

async function getStatus(url: string): Promise<NodeStatus> {
  const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(requestTimeoutMs) });
  if (!response.ok) throw new Error(`${url}/status answered ${response.status}`);
  return (await response.json()) as NodeStatus;
}

/** Renders the cluster as a table, one row per member, from the answering node's view. */
export function formatStatusTable(status: NodeStatus): string {
  const header = [
    'node',
    'role',
    'term',
    'commit',
    'applied',
    'match',
    'lag',
    'state',
    'link',
    'address',
  ];
  const rows = [
    [
      status.id,
      status.role,
      status.term,
      status.commitIndex,
      status.appliedIndex,
      '-',
      '-',
      '-',
      'self',
      '',
    ],
    ...status.peers.map((peer) => [
      peer.id,
      peer.id === status.leaderId ? 'leader' : peer.voter ? 'voter' : 'learner',
      '',
      '',
      '',
      peer.matchIndex ?? '?',
      peer.lag ?? '?',
      peer.state ?? '-',
      peer.connected ? 'up' : `down${peer.error ? `: ${peer.error}` : ''}`,
      peer.address ?? '?',
    ]),
  ].map((row) => row.map(String));
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  const leader = status.leaderId ?? `none (${status.noLeaderReason ?? 'unknown'})`;
  return [`leader: ${leader}  term: ${status.term}`, line(header), ...rows.map(line)].join('\n');
}

async function admin(url: string, path: string, body: unknown): Promise<unknown> {
  const secret = process.env.RAFTBOARD_CLUSTER_SECRET;
  if (!secret) throw new Error('set RAFTBOARD_CLUSTER_SECRET to the cluster secret');
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const answer = (await response.json()) as { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `answered ${response.status}`);
  return answer;
}

function parseAddress(value: string | undefined): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(value ?? '');
  if (!match) throw new Error('expected host:peerPort, e.g. 127.0.0.1:7104');
  return { host: match[1] ?? '', port: Number(match[2]) };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string', default: 'http://127.0.0.1:7001' } },
  });
  const url = values.url.replace(/\/$/, '');
  const [command, id, address, httpPort] = positionals;
  if (command === 'status') return console.log(formatStatusTable(await getStatus(url)));
  if (!id) throw new Error(usage);
  const requests: Record<string, () => Promise<unknown>> = {
    'add-learner': () =>
      admin(url, '/admin/membership', {
        op: 'addLearner',
        id,
        ...parseAddress(address),
        httpPort: Number(httpPort),
      }),
    promote: () => admin(url, '/admin/membership', { op: 'promote', id }),
    remove: () => admin(url, '/admin/membership', { op: 'remove', id }),
    transfer: () => admin(url, '/admin/transfer-leadership', { to: id }),
  };
  const request = command ? requests[command] : undefined;
  if (!request) throw new Error(usage);
  console.log(JSON.stringify(await request()));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
