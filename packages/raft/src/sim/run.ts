import { checkLinearizability } from '../linearizability/checker.ts';
import { kvModel } from '../linearizability/history.ts';
import { createRandom, type Random, randomInt } from '../random.ts';
import type { Ready } from '../raw-node.ts';
import type { NodeId } from '../types.ts';
import type { UnsafeRules } from '../unsafe.ts';
import { type CoreSettings, type DrainContext, SimNode } from './cluster.ts';
import { describeFault, drawFaults, type Fault } from './faults.ts';
import { SafetyChecker, Violation } from './invariants.ts';
import { type NetworkConditions, SimNetwork } from './network.ts';
import { Workload } from './workload.ts';

/** What to simulate. Everything random derives from `seed`. */
export interface SimOptions {
  seed: number;
  /** Founding voters: 3 or 5. Two spare nodes can join through membership changes. */
  nodes: number;
  /** Indexes of the drawn faults to keep (shrinking); all when absent. */
  keepFaults?: number[];
  unsafe?: UnsafeRules;
  /** Test-only: reads skip ReadIndex and read local state. */
  unsafeLocalReads?: boolean;
  /**
   * A nemesis that crashes whoever leads every few tens of milliseconds, with one-entry
   * appends: the short, overlapping leaderships of the paper's Figure 8.
   */
  leaderChurn?: boolean;
  /** Keep the last `traceLines` events for the report. */
  traceLines?: number;
}

/** Per-seed figures. */
export interface SimStats {
  simulatedMs: number;
  delivered: number;
  dropped: number;
  operations: number;
  completed: number;
  committedIndex: number;
  linearizability: 'ok' | 'violation' | 'unknown';
}

/** The outcome of one seed. */
export interface SimResult {
  seed: number;
  violation: Violation | null;
  faults: Fault[];
  keptFaults: number[];
  trace: string[];
  stats: SimStats;
}

/** Faults start within [0, FAULT_WINDOW_MS) simulated milliseconds. */
export const FAULT_WINDOW_MS = 2500;
/** When every fault ends and the liveness clock starts. */
export const HEAL_AT_MS = 3000;
/** Liveness bound: after healing, a leader and every pending operation within this long. */
export const LIVENESS_BOUND_MS = 4000;
const BASE_TICK_MS = 10;
const LIVENESS_CHECK_EVERY_MS = 10;

function drawSettings(random: Random): CoreSettings {
  const pick = <T>(values: T[]): T => values[randomInt(random, 0, values.length)] as T;
  return {
    electionTimeoutTicks: 10,
    heartbeatIntervalTicks: pick([1, 2, 3]),
    maxEntriesPerMessage: pick([1, 2, 4, 64]),
    maxBytesPerMessage: pick([64, 1 << 20]),
    inflightMessagesMax: pick([1, 2, 4, 256]),
    maxUncommittedBytes: pick([300, 1 << 20]),
    snapshotChunkBytes: pick([64, 1024, 1 << 16]),
    preVote: random() < 0.8,
    checkQuorum: random() < 0.8,
    compactEveryEntries: pick([5, 20, 1000]),
  };
}

function drawConditions(random: Random, shortCopyRandom: Random): NetworkConditions {
  return {
    dropProbability: random() < 0.5 ? 0 : 0.05,
    duplicateProbability: random() < 0.5 ? 0 : 0.05,
    delayMinMs: 1,
    delayMaxMs: randomInt(random, 2, 30),
    shortCopyProbability: drawShortCopyProbability(shortCopyRandom),
  };
}

/**
 * Half the seeds get short copies of appends (see SimNetwork). Drawn from a generator of its
 * own, so adding them left every other draw as it was, and the seeds without them replay as
 * they did before.
 */
function drawShortCopyProbability(random: Random): number {
  return random() < 0.5 ? 0 : 0.5;
}

/** Runs one seed to completion; never throws for a Raft bug (it returns the violation). */
export function runSimulation(options: SimOptions): SimResult {
  const sim = new Simulation(options);
  let violation: Violation | null = null;
  try {
    sim.run();
  } catch (error) {
    violation = error instanceof Violation ? error : new Violation('Crash', errorText(error));
  }
  return {
    seed: options.seed,
    violation,
    faults: sim.faults,
    keptFaults: sim.keptFaults,
    trace: sim.traceBuffer,
    stats: sim.stats(),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
}

class Simulation {
  readonly faults: Fault[];
  readonly keptFaults: number[];
  readonly traceBuffer: string[] = [];
  private readonly random: Random;
  private readonly settings: CoreSettings;
  private readonly baseConditions: NetworkConditions;
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[];
  private readonly checker = new SafetyChecker();
  private readonly workload: Workload;
  private readonly removed = new Set<NodeId>();
  private readonly cuts = new Map<number, [NodeId, NodeId][]>();
  private readonly endings = new Map<number, (() => void)[]>();
  private nowMs = 0;
  private readonly traceLines: number;
  private linearizability: SimStats['linearizability'] = 'ok';
  private nextChurnAtMs = 0;
  private readonly crashing = new Set<SimNode>();

  constructor(private readonly options: SimOptions) {
    const faultRandom = createRandom(options.seed ^ 0x5eed5eed);
    const universe = options.nodes + 2;
    this.faults = drawFaults(faultRandom, universe, FAULT_WINDOW_MS);
    this.keptFaults = options.keepFaults ?? this.faults.map((_, i) => i);
    this.random = createRandom(options.seed);
    this.settings = drawSettings(this.random);
    if (options.leaderChurn === true) this.settings.maxEntriesPerMessage = 1;
    this.baseConditions = drawConditions(this.random, createRandom(options.seed ^ 0x5407c0b1));
    if (options.leaderChurn === true) {
      // An unreliable network too: entries must reach only some followers before the crash.
      this.baseConditions.dropProbability = 0.2;
      this.baseConditions.delayMaxMs = 60;
    }
    this.network = new SimNetwork(createRandom(options.seed + 1), { ...this.baseConditions });
    this.traceLines = options.traceLines ?? 0;
    const voters = Array.from({ length: options.nodes }, (_, i) => `n${i + 1}`);
    this.nodes = Array.from({ length: universe }, (_, i) => {
      const node = new SimNode(`n${i + 1}`, { voters, learners: [] });
      node.start(options.seed, this.settings, options.unsafe ?? {});
      node.nextTickAtMs = randomInt(this.random, 0, BASE_TICK_MS);
      return node;
    });
    this.workload = new Workload(createRandom(options.seed + 2), options.nodes === 3 ? 3 : 4);
    this.workload.unsafeLocalReads = options.unsafeLocalReads === true;
  }

  trace = (line: string): void => {
    if (this.traceLines === 0) return;
    this.traceBuffer.push(`[${this.nowMs}ms] ${line}`);
    if (this.traceBuffer.length > this.traceLines) this.traceBuffer.shift();
  };

  run(): void {
    const faultsByTime = new Map<number, Fault[]>();
    for (const i of this.keptFaults) {
      const fault = this.faults[i];
      if (fault === undefined) continue;
      faultsByTime.set(fault.atMs, [...(faultsByTime.get(fault.atMs) ?? []), fault]);
    }
    const endMs = HEAL_AT_MS + LIVENESS_BOUND_MS;
    for (this.nowMs = 0; this.nowMs < endMs; this.nowMs++) {
      for (const end of this.endings.get(this.nowMs) ?? []) end();
      this.endings.delete(this.nowMs);
      for (const fault of faultsByTime.get(this.nowMs) ?? []) this.inject(fault);
      if (this.nowMs === HEAL_AT_MS) this.heal();
      if (this.options.leaderChurn === true) this.churn();
      this.stepOnce();
      if (this.nowMs > HEAL_AT_MS && this.nowMs % LIVENESS_CHECK_EVERY_MS === 0 && this.live()) {
        break;
      }
    }
    if (this.nowMs >= endMs) {
      throw new Violation(
        'Liveness',
        `no leader or pending operations ${LIVENESS_BOUND_MS}ms after healing`,
      );
    }
    this.checkHistory();
  }

  private stepOnce(): void {
    const context = this.drainContext();
    for (const message of this.network.take(this.nowMs)) {
      const target = this.nodeById(message.to);
      if (target?.node == null) continue;
      if (this.traceLines > 0) this.trace(`deliver ${describeMessage(message)}`);
      target.node.step(message);
    }
    for (const node of this.nodes) {
      if (node.node !== null && this.nowMs >= node.nextTickAtMs) {
        node.node.tick();
        node.nextTickAtMs = this.nowMs + node.tickPeriodMs;
      }
    }
    this.workload.step(this.nowMs, this.nodes, this.trace);
    // Scheduled crashes strike here: after the nodes took this millisecond's input, before
    // they persisted it, so whatever was only in memory (unstable entries, a new term or vote,
    // a proposal) is lost.
    for (const node of this.crashing) node.crash();
    this.crashing.clear();
    for (const node of this.nodes) node.drain(context);
  }

  private drainContext(): DrainContext {
    return {
      nowMs: this.nowMs,
      network: this.network,
      checker: this.checker,
      settings: this.settings,
      trace: this.trace,
      crashAfterPersist: (id, ready) => this.crashAfterPersist(id, ready),
      waiter: {
        onWrite: (nodeId, commandId, output) =>
          this.workload.onWrite(nodeId, commandId, output, this.nowMs),
        onRead: (context, value) => this.workload.onRead(context, value, this.nowMs),
      },
    };
  }

  private nodeById(id: NodeId): SimNode | undefined {
    return this.nodes[Number(id.slice(1)) - 1];
  }

  private leader(): SimNode | null {
    let best: SimNode | null = null;
    let bestTerm = -1;
    for (const node of this.nodes) {
      const status = node.node?.basicStatus();
      if (status?.role === 'leader' && status.term > bestTerm) {
        best = node;
        bestTerm = status.term;
      }
    }
    return best;
  }

  private inject(fault: Fault): void {
    this.trace(`fault ${describeFault(fault)}`);
    const id = (n: number) => `n${n + 1}`;
    const end = (after: number, action: () => void) => {
      const at = Math.min(this.nowMs + after, HEAL_AT_MS);
      this.endings.set(at, [...(this.endings.get(at) ?? []), action]);
    };
    switch (fault.kind) {
      case 'partition': {
        const minority = fault.minority.map(id);
        const rest = this.nodes.map((n) => n.id).filter((n) => !minority.includes(n));
        this.cut(fault.durationMs, symmetric(minority, rest), end);
        return;
      }
      case 'oneWay':
        this.cut(
          fault.durationMs,
          fault.to.map((t) => [id(fault.from), id(t)]),
          end,
        );
        return;
      case 'isolateLeader': {
        const leader = this.leader();
        if (leader === null) return;
        const rest = this.nodes.map((n) => n.id).filter((n) => n !== leader.id);
        this.cut(fault.durationMs, symmetric([leader.id], rest), end);
        return;
      }
      case 'crash':
        this.crash(fault.node, fault.durationMs, end);
        return;
      case 'slow': {
        const node = this.nodes[fault.node];
        if (node === undefined) return;
        node.tickPeriodMs = BASE_TICK_MS * fault.factor;
        end(fault.durationMs, () => {
          node.tickPeriodMs = BASE_TICK_MS;
        });
        return;
      }
      case 'lossy':
        this.network.conditions.dropProbability = fault.dropProbability;
        end(fault.durationMs, () => {
          this.network.conditions.dropProbability = this.baseConditions.dropProbability;
        });
        return;
      case 'membership':
        this.changeMembership();
        return;
      case 'transfer':
        this.leader()?.node?.transferLeadership(id(fault.target));
        return;
    }
  }

  /**
   * Under leader churn, a leader whose commit index just advanced sometimes dies before its
   * messages leave (after persisting): the entries of its own term then reach nobody.
   */
  private crashAfterPersist(id: NodeId, ready: Ready): boolean {
    if (this.options.leaderChurn !== true || this.nowMs >= FAULT_WINDOW_MS) return false;
    if (ready.hardState === null || ready.committedEntries.length === 0) return false;
    if (this.random() >= 0.3) return false;
    const node = this.nodeById(id);
    if (node === undefined) return false;
    const downMs =
      this.random() < 0.7 ? randomInt(this.random, 5, 40) : randomInt(this.random, 150, 500);
    const at = Math.min(this.nowMs + downMs, HEAL_AT_MS);
    this.endings.set(at, [...(this.endings.get(at) ?? []), () => this.restart(node)]);
    return true;
  }

  private churn(): void {
    if (this.nowMs >= FAULT_WINDOW_MS) return;
    const leader = this.leader();
    if (leader === null) {
      this.nextChurnAtMs = 0;
      return;
    }
    // Keep the short leaderships busy: entries that reach only some followers are the point.
    if (this.random() < 0.3) {
      const command = { id: `churn-${this.nowMs}`, input: { kind: 'put', key: 'w', value: 'w' } };
      leader.node?.propose(JSON.stringify(command));
    }
    // Each leadership lasts only a few milliseconds: long enough to replicate a little.
    if (this.nextChurnAtMs === 0) this.nextChurnAtMs = this.nowMs + randomInt(this.random, 1, 40);
    if (this.nowMs < this.nextChurnAtMs) return;
    this.nextChurnAtMs = 0;
    const end = (after: number, action: () => void) => {
      const at = Math.min(this.nowMs + after, HEAL_AT_MS);
      this.endings.set(at, [...(this.endings.get(at) ?? []), action]);
    };
    this.trace(`churn: crash leader ${leader.id}`);
    // Mostly brief outages; some long enough to miss a whole leadership, as s5 does in (c).
    const downMs =
      this.random() < 0.7 ? randomInt(this.random, 5, 40) : randomInt(this.random, 150, 500);
    this.crash(this.nodes.indexOf(leader), downMs, end);
  }

  private cut(
    durationMs: number,
    links: [NodeId, NodeId][],
    end: (after: number, action: () => void) => void,
  ): void {
    const key = this.nowMs * 1000 + this.cuts.size;
    this.cuts.set(key, links);
    this.applyCuts();
    end(durationMs, () => {
      this.cuts.delete(key);
      this.applyCuts();
    });
  }

  private applyCuts(): void {
    this.network.heal();
    for (const links of this.cuts.values()) {
      for (const [from, to] of links) this.network.block(from, to);
    }
  }

  private crash(index: number, durationMs: number, end: (a: number, f: () => void) => void) {
    const node = this.nodes[index];
    if (node === undefined || !node.alive) return;
    this.crashing.add(node);
    end(durationMs, () => this.restart(node));
  }

  private restart(node: SimNode): void {
    this.crashing.delete(node);
    if (node.alive) return;
    this.trace(`restart ${node.id}`);
    node.start(this.options.seed, this.settings, this.options.unsafe ?? {});
  }

  /** Adds a learner, promotes it, or removes a voter, one server at a time (§6). */
  private changeMembership(): void {
    const leader = this.leader();
    const raw = leader?.node;
    if (leader === null || raw == null) return;
    const { voters, learners } = raw.status().confState;
    const learner = learners[0];
    const spare = this.nodes.find(
      (n) => !voters.includes(n.id) && !learners.includes(n.id) && !this.removed.has(n.id),
    );
    if (learner !== undefined) {
      raw.proposeConfChange({ type: 'promote', nodeId: learner });
    } else if (voters.length > 3 && (spare === undefined || this.random() < 0.5)) {
      const victim = voters[randomInt(this.random, 0, voters.length)] as NodeId;
      if (raw.proposeConfChange({ type: 'remove', nodeId: victim }).ok) this.removed.add(victim);
    } else if (spare !== undefined) {
      raw.proposeConfChange({ type: 'addLearner', nodeId: spare.id });
    }
  }

  /** Ends every fault: links restored, nodes restarted, normal speed, no loss. */
  private heal(): void {
    this.trace('heal');
    this.cuts.clear();
    this.network.heal();
    this.network.conditions = { ...this.baseConditions, dropProbability: 0 };
    this.network.conditions.duplicateProbability = 0;
    this.network.conditions.shortCopyProbability = 0;
    for (const node of this.nodes) {
      node.tickPeriodMs = BASE_TICK_MS;
      if (!node.alive) this.restart(node);
    }
    // An operator shuts down servers removed from the configuration.
    const reference = this.mostAppliedConfig();
    for (const node of this.nodes) {
      if (!reference.includes(node.id) && this.removed.has(node.id)) node.crash();
    }
    this.workload.draining = true;
  }

  private mostAppliedConfig(): NodeId[] {
    let best: NodeId[] = [];
    let applied = -1;
    for (const node of this.nodes) {
      const status = node.node?.status();
      if (status !== undefined && status.applied > applied) {
        applied = status.applied;
        best = [...status.confState.voters, ...status.confState.learners];
      }
    }
    return best;
  }

  /** Liveness: a leader that is a voter of its configuration, and no client waiting. */
  private live(): boolean {
    const status = this.leader()?.node?.status();
    if (status === undefined || !status.confState.voters.includes(status.id)) return false;
    return this.workload.idle();
  }

  private checkHistory(): void {
    const history = this.workload.checkedHistory();
    const result = checkLinearizability(kvModel, history, { stepsMax: 200_000 });
    this.linearizability = result.verdict;
    if (result.verdict === 'violation') {
      const ops = result.partition.map((op) => JSON.stringify(op)).join('\n  ');
      throw new Violation('Linearizability', `history not linearizable:\n  ${ops}`);
    }
  }

  stats(): SimStats {
    return {
      simulatedMs: this.nowMs,
      delivered: this.network.delivered,
      dropped: this.network.dropped,
      operations: this.workload.history.length,
      completed: this.workload.history.filter((op) => op.output !== undefined).length,
      committedIndex: this.checker.appliedMax,
      linearizability: this.linearizability,
    };
  }
}

function symmetric(a: NodeId[], b: NodeId[]): [NodeId, NodeId][] {
  const links: [NodeId, NodeId][] = [];
  for (const x of a) {
    for (const y of b) links.push([x, y], [y, x]);
  }
  return links;
}

function describeMessage(m: import('../message.ts').Message): string {
  const { type, from, to, term } = m;
  const extra =
    m.type === 'append'
      ? ` prev=${m.prevLogIndex}/${m.prevLogTerm} n=${m.entries.length} commit=${m.commit}`
      : '';
  return `${type} ${from}->${to} t${term}${extra}`;
}
