import type { LocalCluster } from '../launch/cluster.ts';
import type { FaultRules } from '../peer/faults.ts';

/** One fault the nemesis injected, for the report. */
export interface NemesisEvent {
  atMs: number;
  action: string;
  node: string;
}

const faultDurationMsMin = 500;
const faultDurationMsMax = 3_000;
const pauseBetweenFaultsMsMax = 2_000;

async function setFaults(cluster: LocalCluster, id: string, rules: Partial<FaultRules>) {
  const node = cluster.node(id);
  if (!node.running) return;
  await fetch(`${node.url}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dropTo: [], dropFrom: [], delayMs: 0, ...rules }),
    signal: AbortSignal.timeout(2_000),
  }).catch(() => undefined);
}

/** Removes every injected fault and brings every stopped or killed node back. */
export async function healAll(cluster: LocalCluster): Promise<void> {
  for (const node of cluster.nodes) {
    if (node.running) await node.kill('SIGCONT');
    else node.start();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const node of cluster.nodes) await setFaults(cluster, node.spec.id, {});
}

type Fault = (cluster: LocalCluster, id: string, durationMs: number) => Promise<string>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The nemesis's repertoire: each breaks one node for a while and then repairs it. */
const faults: Record<string, Fault> = {
  async kill9(cluster, id, durationMs) {
    await cluster.node(id).kill('SIGKILL');
    await sleep(durationMs);
    cluster.node(id).start();
    return 'kill -9, restart';
  },
  async pause(cluster, id, durationMs) {
    await cluster.node(id).kill('SIGSTOP');
    await sleep(durationMs);
    await cluster.node(id).kill('SIGCONT');
    return 'SIGSTOP, SIGCONT';
  },
  async isolate(cluster, id, durationMs) {
    const others = cluster.nodes.map((node) => node.spec.id).filter((other) => other !== id);
    await setFaults(cluster, id, { dropTo: others, dropFrom: others });
    for (const other of others) await setFaults(cluster, other, { dropTo: [id], dropFrom: [id] });
    await sleep(durationMs);
    for (const node of cluster.nodes) await setFaults(cluster, node.spec.id, {});
    return 'partition away from the rest';
  },
  async oneWay(cluster, id, durationMs) {
    const others = cluster.nodes.map((node) => node.spec.id).filter((other) => other !== id);
    await setFaults(cluster, id, { dropTo: others });
    await sleep(durationMs);
    await setFaults(cluster, id, {});
    return 'one-way partition (cannot send)';
  },
  async restart(cluster, id) {
    await cluster.node(id).stop();
    cluster.node(id).start();
    return 'graceful restart (SIGTERM)';
  },
};

/**
 * Breaks the cluster at random until the deadline, one node at a time (so a majority can make
 * progress between faults), preferring the leader half of the time.
 */
export async function runNemesis(options: {
  cluster: LocalCluster;
  deadlineMs: number;
  random: () => number;
  startedMs: number;
}): Promise<NemesisEvent[]> {
  const { cluster, random } = options;
  const events: NemesisEvent[] = [];
  const names = Object.keys(faults);
  while (Date.now() < options.deadlineMs) {
    await sleep(random() * pauseBetweenFaultsMsMax);
    const statuses = await cluster.statuses();
    const leader = statuses.find((status) => status.role === 'leader')?.id;
    const ids = cluster.nodes.map((node) => node.spec.id);
    const id = leader && random() < 0.5 ? leader : (ids[Math.floor(random() * ids.length)] ?? 'n1');
    const name = names[Math.floor(random() * names.length)] ?? 'pause';
    const duration = faultDurationMsMin + random() * (faultDurationMsMax - faultDurationMsMin);
    const fault = faults[name];
    if (!fault) continue;
    const action = await fault(cluster, id, duration);
    events.push({ atMs: Date.now() - options.startedMs, action, node: id });
  }
  return events;
}
