// Hosts on one machine, for real: a Linux bridge of our own and one network namespace per host,
// each joined to the bridge by a veth pair and given an address of its own, so that processes
// in different hosts talk only over the bridge and a test can cut the network itself (pull a
// cable, drop packets with iptables) rather than ask a node to pretend. Needs root.
//
// What is not here: delay and jitter. The kernel this runs on in CI has no sch_netem (nor the
// prio qdisc), so `tc qdisc … netem delay/loss` fails with "Specified qdisc kind is unknown".
// Random loss comes from iptables' statistic match instead (`loss`); delay is not simulated.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Host addresses come from 198.18.0.0/15 (RFC 2544's benchmarking range), never from the
 * machine's own networks: one /24 per run, 198.18.0.0/24 to 198.19.255.0/24.
 */
const subnetsCount = 512;
/** In each /24: the bridge (the root namespace, where tests and their clients run) is .1. */
const gatewayOctet = 1;
/** Host i (1-based) is .10+i. */
const hostOctetBase = 10;
/** Bound on hosts per lab: each is a namespace, a veth pair, a node and a MySQL server. */
const hostsMax = 9;
/** The veth end inside each host's namespace. */
const hostInterface = 'eth0';
/**
 * Every name this module creates: `rb<pid>-br` (the bridge), `rb<pid>-h<i>` (host i's namespace
 * and its veth end on the bridge), `rb<pid>-probe` (the capability check). The pid is that of
 * the process that made them, so two runs never collide and leftovers of dead runs are known.
 */
const ownNamePattern = /^rb(\d+)-(br|h\d+|probe)$/;
/** Bound on one `ip`/`iptables` command. */
const commandTimeoutMs = 10_000;

/** One simulated host: a network namespace with an address on the lab's bridge. */
export interface NetnsHost {
  /** `h1`, `h2`, … */
  name: string;
  /** The network namespace (`ip netns exec <netns> …`). */
  netns: string;
  /** The host's address on the bridge. */
  address: string;
  /** Its veth end on the bridge, in the root namespace: set it down to pull the cable. */
  bridgePort: string;
}

async function run(command: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: commandTimeoutMs });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

/** Runs a command for cleanup: synchronous (it runs in exit hooks) and never throws. */
function runQuietly(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, {
      timeout: commandTimeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills whatever still runs in `netns` (our nodes and MySQL servers), then deletes it. */
function deleteNamespace(netns: string) {
  for (const pid of runQuietly('ip', ['netns', 'pids', netns]).split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runQuietly('ip', ['netns', 'delete', netns]);
}

/** Names of our pattern whose creating process is dead (a run killed before its cleanup). */
function staleNames(names: readonly string[]): string[] {
  return names.filter((name) => {
    const pid = Number(ownNamePattern.exec(name)?.[1] ?? Number.NaN);
    return Number.isInteger(pid) && pid !== process.pid && !alive(pid);
  });
}

/**
 * Removes namespaces and bridges of our naming pattern left by runs that died without cleaning
 * up (kill -9, a lost CI runner), with the processes still inside them. Touches nothing else.
 */
export function removeStaleLabs(): string[] {
  const namespaces = staleNames(
    runQuietly('ip', ['netns', 'list'])
      .split('\n')
      .map((line) => line.split(' ')[0] ?? ''),
  );
  for (const netns of namespaces) deleteNamespace(netns);
  // Listed after the namespaces are gone, which takes their veth pairs with them.
  const links = staleNames(
    runQuietly('ip', ['-o', 'link', 'show'])
      .split('\n')
      .map((line) => line.split(': ')[1]?.split('@')[0] ?? ''),
  );
  for (const link of links) runQuietly('ip', ['link', 'delete', link]);
  return [...namespaces, ...links];
}

/**
 * Why this process cannot build a lab here, in one sentence, or null when it can: it needs
 * Linux, root, iproute2, and the right to create namespaces and bridges (a container without
 * CAP_NET_ADMIN and CAP_SYS_ADMIN cannot).
 */
export async function netnsUnavailable(): Promise<string | null> {
  if (process.platform !== 'linux')
    return `network namespaces need Linux (this is ${process.platform})`;
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return `network namespaces need root (running as uid ${uid})`;
  try {
    await run('ip', ['-V']);
  } catch {
    return '`ip` (iproute2) is not installed (.ci/ensure-network-tools installs it)';
  }
  const probe = `rb${process.pid}-probe`;
  try {
    await run('ip', ['netns', 'add', probe]);
    await run('ip', ['link', 'add', probe, 'type', 'bridge']);
    return null;
  } catch (error) {
    return `cannot create network namespaces and bridges here: ${(error as Error).message}`;
  } finally {
    runQuietly('ip', ['link', 'delete', probe]);
    runQuietly('ip', ['netns', 'delete', probe]);
  }
}

/**
 * The first /24 of 198.18.0.0/15 from `start` on in which this machine has no address and no
 * route (a wider route that covers it is caught later by `checkRoutes`).
 */
async function freeSubnet(start: number): Promise<string> {
  const addresses = await run('ip', ['-4', '-o', 'addr', 'show']);
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const used = new Set(
    [...`${addresses}\n${routes}`.matchAll(/\b(\d+\.\d+\.\d+)\.\d+/g)].map((match) => match[1]),
  );
  for (let i = 0; i < subnetsCount; i++) {
    const n = (start + i) % subnetsCount;
    const prefix = `198.${18 + Math.floor(n / 256)}.${n % 256}`;
    if (!used.has(prefix)) return prefix;
  }
  throw new Error('no free /24 left in 198.18.0.0/15 on this machine');
}

/** Labs not yet torn down, for the exit and signal hooks. */
const openLabs = new Set<NetnsLab>();

function tearDownOpenLabs() {
  for (const lab of openLabs) lab.tearDownNow();
}

let hooksInstalled = false;

/**
 * Tears labs down when the process exits, normally or on a signal nobody else handles (Ctrl-C,
 * a CI timeout's SIGTERM); what a SIGKILL leaves, `removeStaleLabs` of the next run removes.
 */
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', tearDownOpenLabs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue; // its owner exits, and 'exit' runs
    process.once(signal, () => {
      tearDownOpenLabs();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * A bridge and N hosts (network namespaces) on it, built by `create` and removed by `tearDown`
 * (and on exit). The root namespace holds the bridge's own address, `gateway`: tests and their
 * clients run there and reach every host through the bridge, like clients on the same LAN.
 *
 * Faults: `linkDown` pulls a host's cable (nothing in or out, clients included); the iptables
 * ones drop packets inside hosts, on their bridge interface only (a node's own MySQL, on the
 * same host, is never cut), and leave the gateway alone unless said otherwise. `heal` undoes
 * every fault.
 */
export class NetnsLab {
  private tornDown = false;

  private constructor(
    /** `rb<pid>`: the prefix of every name of this lab. */
    readonly prefix: string,
    /** The bridge's name in the root namespace. */
    readonly bridge: string,
    /** The first three octets of the lab's /24, e.g. `198.18.7`. */
    readonly subnet: string,
    readonly hosts: readonly NetnsHost[],
    /** Namespaces and links of dead runs that `create` removed first. */
    readonly staleRemoved: readonly string[],
  ) {}

  /** The bridge's address: where the root namespace (tests, clients) sends from. */
  get gateway(): string {
    return `${this.subnet}.${gatewayOctet}`;
  }

  /** A MySQL host pattern covering the lab's /24, e.g. `198.18.7.%`. */
  get hostPattern(): string {
    return `${this.subnet}.%`;
  }

  /**
   * Builds the bridge and `hostsCount` hosts, after removing leftovers of dead runs, and checks
   * that every host address routes to this bridge (and nowhere else) before anything is sent.
   */
  static async create(hostsCount: number): Promise<NetnsLab> {
    if (!Number.isInteger(hostsCount) || hostsCount < 1 || hostsCount > hostsMax) {
      throw new Error(`a lab has 1 to ${hostsMax} hosts, not ${hostsCount}`);
    }
    const staleRemoved = removeStaleLabs();
    const prefix = `rb${process.pid}`;
    const subnet = await freeSubnet(process.pid % subnetsCount);
    const hosts = Array.from({ length: hostsCount }, (_, i) => ({
      name: `h${i + 1}`,
      netns: `${prefix}-h${i + 1}`,
      address: `${subnet}.${hostOctetBase + i + 1}`,
      bridgePort: `${prefix}-h${i + 1}`,
    }));
    const lab = new NetnsLab(prefix, `${prefix}-br`, subnet, hosts, staleRemoved);
    installExitHooks();
    openLabs.add(lab);
    try {
      await lab.build();
      await lab.checkRoutes();
    } catch (error) {
      lab.tearDownNow();
      throw error;
    }
    return lab;
  }

  private async build() {
    await run('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    await run('ip', ['addr', 'add', `${this.gateway}/24`, 'dev', this.bridge]);
    await run('ip', ['link', 'set', this.bridge, 'up']);
    for (const host of this.hosts) {
      await run('ip', ['netns', 'add', host.netns]);
      await run('ip', [
        'link',
        'add',
        host.bridgePort,
        'type',
        'veth',
        'peer',
        'name',
        hostInterface,
        'netns',
        host.netns,
      ]);
      await run('ip', ['link', 'set', host.bridgePort, 'master', this.bridge, 'up']);
      await run('ip', [
        '-n',
        host.netns,
        'addr',
        'add',
        `${host.address}/24`,
        'dev',
        hostInterface,
      ]);
      await run('ip', ['-n', host.netns, 'link', 'set', hostInterface, 'up']);
      await run('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up']);
    }
  }

  /**
   * Every host address must route to our bridge from the root namespace, and the gateway and
   * the other hosts to `eth0` from inside each host: a clash with an address or route of the
   * machine would otherwise send test traffic somewhere real.
   */
  private async checkRoutes() {
    for (const host of this.hosts) {
      const route = await run('ip', ['-4', 'route', 'get', host.address]);
      if (!route.includes(` dev ${this.bridge} `)) {
        throw new Error(
          `refusing to use ${host.address}: it routes elsewhere than bridge ${this.bridge} ` +
            `(ip route get: ${route.trim()}); another network on this machine overlaps ` +
            `${this.subnet}.0/24`,
        );
      }
      for (const target of [this.gateway, ...this.hosts.map((other) => other.address)]) {
        if (target === host.address) continue;
        const inside = await run('ip', ['-n', host.netns, '-4', 'route', 'get', target]);
        if (!inside.includes(` dev ${hostInterface} `)) {
          throw new Error(
            `${host.netns} routes ${target} elsewhere than ${hostInterface}: ${inside.trim()}`,
          );
        }
      }
    }
  }

  host(name: string): NetnsHost {
    const host = this.hosts.find((candidate) => candidate.name === name);
    if (!host) throw new Error(`no host ${name}`);
    return host;
  }

  /** Runs a command inside `host`'s namespace; resolves with its stdout. */
  exec(host: NetnsHost, command: string, args: readonly string[] = []): Promise<string> {
    return run('ip', ['netns', 'exec', host.netns, command, ...args]);
  }

  /** The namespace a process lives in (`ip netns identify`), '' for the root namespace. */
  async namespaceOf(pid: number): Promise<string> {
    return (await run('ip', ['netns', 'identify', String(pid)])).trim();
  }

  /**
   * Why iptables faults cannot run here, or null when they can: `iptables` must be installed
   * (.ci/ensure-network-tools) and work inside a host's namespace.
   */
  async iptablesUnavailable(): Promise<string | null> {
    const [host] = this.hosts;
    if (!host) return 'the lab has no host';
    try {
      await run('iptables', ['--version']);
    } catch {
      return 'iptables is not installed (.ci/ensure-network-tools installs it)';
    }
    try {
      await this.exec(host, 'iptables', ['-w', '5', '-L', 'INPUT', '-n']);
      return null;
    } catch (error) {
      return `iptables does not work in a namespace here: ${(error as Error).message}`;
    }
  }

  /** Pulls `host`'s cable: its bridge port goes down, so nothing gets in or out. */
  async linkDown(host: NetnsHost): Promise<void> {
    await run('ip', ['link', 'set', host.bridgePort, 'down']);
  }

  /** Plugs `host`'s cable back in. */
  async linkUp(host: NetnsHost): Promise<void> {
    await run('ip', ['link', 'set', host.bridgePort, 'up']);
  }

  /**
   * `host` drops packets arriving on its bridge interface from `sources` (all of them with
   * probability 1, or at random with `probability`), and from everyone when `sources` is
   * empty (the gateway's clients included).
   */
  async dropInbound(
    host: NetnsHost,
    options: { sources: readonly string[]; probability?: number },
  ): Promise<void> {
    const { probability } = options;
    if (probability !== undefined && !(probability > 0 && probability <= 1)) {
      throw new Error(`a drop probability is in (0, 1], not ${probability}`);
    }
    const random =
      probability === undefined || probability === 1
        ? []
        : ['-m', 'statistic', '--mode', 'random', '--probability', String(probability)];
    const sources = options.sources.length > 0 ? ['-s', options.sources.join(',')] : [];
    await this.exec(host, 'iptables', [
      '-w',
      '5',
      '-A',
      'INPUT',
      '-i',
      hostInterface,
      ...sources,
      ...random,
      '-j',
      'DROP',
    ]);
  }

  /**
   * Cuts `from` → `to`: what `from` sends never reaches `to`. One way only; over TCP that still
   * stalls both directions of new connections, while open ones keep delivering `from`'s data
   * (with its acknowledgements lost) until TCP gives up.
   */
  async cutOneWay(from: NetnsHost, to: NetnsHost): Promise<void> {
    await this.dropInbound(to, { sources: [from.address] });
  }

  /** Cuts `host` from each of `others`, both ways; the gateway (clients) still reaches it. */
  async isolate(host: NetnsHost, others: readonly NetnsHost[]): Promise<void> {
    // The isolated host's own rule first: from then on it hears none of the others.
    await this.dropInbound(host, { sources: others.map((other) => other.address) });
    for (const other of others) await this.cutOneWay(host, other);
  }

  /**
   * Random loss on `host`'s link: `probability` of the packets it receives (from anyone) and
   * of those the other hosts receive from it are dropped.
   */
  async loss(host: NetnsHost, probability: number): Promise<void> {
    await this.dropInbound(host, { sources: [], probability });
    for (const other of this.hosts) {
      if (other !== host) await this.dropInbound(other, { sources: [host.address], probability });
    }
  }

  /** Undoes every fault: every cable in, every host's INPUT rules flushed. */
  async heal(): Promise<void> {
    for (const host of this.hosts) {
      await this.linkUp(host);
      await this.exec(host, 'iptables', ['-w', '5', '-F', 'INPUT']).catch(() => undefined);
    }
  }

  /** Removes every host (killing what still runs in it) and the bridge. Idempotent. */
  tearDownNow(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    openLabs.delete(this);
    for (const host of this.hosts) deleteNamespace(host.netns);
    runQuietly('ip', ['link', 'delete', this.bridge]);
  }

  /** `tearDownNow`, for afterAll. */
  async tearDown(): Promise<void> {
    this.tearDownNow();
  }
}
