import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { NodeStatus } from '../status.ts';

/** Where a node process is started from: this package's entry point, run through tsx. */
const mainModule = join(import.meta.dirname, '..', 'main.ts');

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
}

/** A running (or exited) node process. */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(readonly spec: NodeSpec) {}

  get url(): string {
    return `http://127.0.0.1:${this.spec.httpPort}`;
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
    this.log = this.spec.logFile ? createWriteStream(this.spec.logFile, { flags: 'a' }) : null;
    const child = spawn(process.execPath, ['--import', 'tsx', mainModule], {
      env: {
        ...process.env,
        ...this.spec.env,
        RAFTBOARD_NODE_ID: this.spec.id,
        RAFTBOARD_HTTP_PORT: String(this.spec.httpPort),
        RAFTBOARD_PEER_PORT: String(this.spec.peerPort),
        DATABASE_URL: this.spec.databaseUrl,
      },
      stdio: ['ignore', this.log ? 'pipe' : 'inherit', this.log ? 'pipe' : 'inherit'],
    });
    if (this.log) {
      child.stdout?.pipe(this.log, { end: false });
      child.stderr?.pipe(this.log, { end: false });
    }
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Sends `signal`; resolves when the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return;
    await this.exited;
    this.log?.end();
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGCONT');
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.log?.end();
  }

  /** GET /status, or null when the node does not answer within `timeoutMs`. */
  async status(timeoutMs = 1_000): Promise<NodeStatus | null> {
    try {
      const response = await fetch(`${this.url}/status`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      return response.ok ? ((await response.json()) as NodeStatus) : null;
    } catch {
      return null;
    }
  }
}
