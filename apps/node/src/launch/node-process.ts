import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeStatus } from '../status.ts';
import { requestJson } from './http-client.ts';

/** Where a node process is started from: this package's entry point, run through tsx. */
const mainModule = join(import.meta.dirname, '..', 'main.ts');

/**
 * V8 settings of every node (docs/operations.md, "Memory"). A 2 MiB semi-space keeps V8's young
 * generation from sizing itself to the machine: with the default, an idle node started at 378 MiB
 * RSS (177 MiB of heap for 74 MiB used), with this at 176 MiB, and it loads no slower. No cap on
 * the old space: under a 512 MiB cap a follower of the million-task bench ran out of heap (509 MB
 * live) near the end of the load and died, which costs far more than the memory it saved.
 */
export const nodeRuntimeFlags = ['--max-semi-space-size=2'];

/** Debian's libjemalloc2, where the package puts it for this architecture. */
export const jemallocPath = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`;

/**
 * The allocator a node runs with: jemalloc when it is installed, since it returns what was freed
 * to the system, where glibc's malloc kept the main arena at 112 MB for 18 MB in use after a bulk
 * load; `RAFTBOARD_ALLOCATOR=system` (or an LD_PRELOAD of one's own) keeps the C library's.
 */
function allocatorEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.RAFTBOARD_ALLOCATOR === 'system' || env.LD_PRELOAD) return {};
  return existsSync(jemallocPath) ? { LD_PRELOAD: jemallocPath } : {};
}

/** Everything needed to (re)start one member the same way. */
export interface NodeSpec {
  id: string;
  httpPort: number;
  peerPort: number;
  databaseUrl: string;
  /** Environment for the process (peers, secret, timing, fault injection). */
  env: Record<string, string>;
  /** Log file for the node's stderr; inherited stdio when absent. */
  logFile?: string;
  /**
   * Address the node listens on (`RAFTBOARD_HOST`) and is reached at (`url`). Default
   * 127.0.0.1, with `RAFTBOARD_HOST` left to the node's configuration.
   */
  host?: string;
  /** Where it listens instead of `host` (`RAFTBOARD_HOST`), e.g. 0.0.0.0. */
  listen?: string;
  /**
   * Linux network namespace to run the node in (`ip netns exec`; needs root): tests that give
   * each member a host of its own. `ip netns exec` execs the node, so `pid` is the node's.
   */
  netns?: string;
  /** The CA (PEM) that signed the node's certificate when it serves HTTPS; absent for HTTP. */
  ca?: string;
}

/**
 * Restart delays of a supervised node: doubling from the first to the cap, and back to the
 * first once a process has stayed up for `stableMs`.
 */
export const restartBackoff = { firstMs: 500, capMs: 30_000, stableMs: 30_000 };

/** A running (or exited) node process. */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  /** Set by `supervise`: how to report a restart. */
  private supervisor: ((line: string) => void) | null = null;
  /** True from `kill`/`stop` until the next `start`: that exit was asked for. */
  private exitRequested = false;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Restarts since the process last stayed up for `restartBackoff.stableMs`. */
  private restartsInARow = 0;

  constructor(readonly spec: NodeSpec) {}

  /**
   * Restarts the process whenever it exits without being asked to (a crash, `node.fatal` on a
   * failed durable write, an OOM kill), after a backoff, reporting each restart in one line.
   * What `npm start` and `npm run cluster` do; tests that kill nodes on purpose do not.
   */
  supervise(report: (line: string) => void): void {
    this.supervisor = report;
  }

  get url(): string {
    const scheme = this.spec.ca ? 'https' : 'http';
    return `${scheme}://${this.spec.host ?? '127.0.0.1'}:${this.spec.httpPort}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process. Its stderr goes to the log file (appended), if one is set. */
  start(): void {
    if (this.running) throw new Error(`${this.spec.id} is already running`);
    this.cancelRestart();
    this.exitRequested = false;
    const log = this.spec.logFile ? createWriteStream(this.spec.logFile, { flags: 'a' }) : null;
    const node = [process.execPath, ...nodeRuntimeFlags, '--import', 'tsx', mainModule];
    const [command = '', ...args] =
      this.spec.netns === undefined ? node : ['ip', 'netns', 'exec', this.spec.netns, ...node];
    const child = spawn(command, args, {
      env: {
        ...process.env,
        ...allocatorEnv({ ...process.env, ...this.spec.env }),
        ...this.spec.env,
        ...(this.spec.host === undefined ? {} : { RAFTBOARD_HOST: this.spec.host }),
        ...(this.spec.listen === undefined ? {} : { RAFTBOARD_HOST: this.spec.listen }),
        // The node stops when this process is gone (a launcher or test killed without
        // stopping its nodes), instead of running on as an orphan.
        RAFTBOARD_LAUNCHER_PID: String(process.pid),
        RAFTBOARD_NODE_ID: this.spec.id,
        RAFTBOARD_HTTP_PORT: String(this.spec.httpPort),
        RAFTBOARD_PEER_PORT: String(this.spec.peerPort),
        DATABASE_URL: this.spec.databaseUrl,
      },
      stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'],
    });
    if (log) {
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      // 'close' comes after both pipes have delivered their last bytes.
      child.once('close', () => log.end());
    }
    this.child = child;
    const startedAtMs = Date.now();
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve(code);
        if (!this.exitRequested) this.scheduleRestart(code, signal, Date.now() - startedAtMs);
      }),
    );
  }

  private scheduleRestart(code: number | null, signal: string | null, upMs: number) {
    const report = this.supervisor;
    if (report === null) return;
    if (upMs >= restartBackoff.stableMs) this.restartsInARow = 0;
    const delayMs = Math.min(
      restartBackoff.capMs,
      restartBackoff.firstMs * 2 ** this.restartsInARow,
    );
    this.restartsInARow++;
    const how = signal === null ? `with code ${code}` : `on ${signal}`;
    report(
      `${this.spec.id} exited ${how}; restarting it in ${(delayMs / 1_000).toFixed(1)} s ` +
        `(restart ${this.restartsInARow} in a row; its log: ${this.spec.logFile ?? 'stderr'})`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.running && !this.exitRequested) this.start();
    }, delayMs);
  }

  private cancelRestart() {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  /** Sends `signal`; resolves when the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (signal !== 'SIGSTOP' && signal !== 'SIGCONT') {
      this.exitRequested = true;
      this.cancelRestart();
    }
    if (!this.running) return;
    this.child?.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return;
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.exitRequested = true;
    this.cancelRestart();
    if (!this.running) return;
    this.child?.kill('SIGCONT');
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** GET /status, or null when the node does not answer within `timeoutMs`. */
  async status(timeoutMs = 1_000): Promise<NodeStatus | null> {
    try {
      const answer = await requestJson(`${this.url}/status`, {
        timeoutMs,
        ...(this.spec.ca ? { ca: this.spec.ca } : {}),
      });
      return answer.status === 200 ? (answer.body as NodeStatus) : null;
    } catch {
      return null;
    }
  }
}
