import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web. */
export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const turboBin = createRequire(import.meta.url).resolve('turbo/bin/turbo');

/**
 * Builds the board for production through turbo (`@raftboard/web#build` in turbo.json): turbo
 * hashes the build's inputs and restores `.next` from its cache when they have not changed, so
 * the build runs once per change of the board's sources, whoever asks for it (`npm start`, the
 * browser tests, the bench). Throws when the build fails.
 */
export function buildBoard(log: (line: string) => void = console.log): void {
  log('web: production build of the board (turbo; cached until its sources change)…');
  const result = spawnSync(
    process.execPath,
    [turboBin, 'run', 'build', '--filter=@raftboard/web', '--output-logs=new-only'],
    {
      cwd: webRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error(`the board's build failed with status ${result.status}`);
}

/**
 * Starts `next start` for the built board in its own process group (stop it with
 * `stopWebServer`, which kills the group: next forks workers). `nodes` are the cluster node
 * URLs the board forwards to.
 */
export function startWebServer(options: {
  port: number;
  hostname?: string;
  nodes: string[];
  stdio?: 'inherit' | 'ignore';
}): ChildProcess {
  return spawn(
    process.execPath,
    [
      nextBin,
      'start',
      '--port',
      String(options.port),
      '--hostname',
      options.hostname ?? '127.0.0.1',
    ],
    {
      cwd: webRoot,
      stdio: options.stdio ?? 'inherit',
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        RAFTBOARD_NODES: options.nodes.join(','),
      },
    },
  );
}

/** Stops a web server started by `startWebServer` and everything it spawned. */
export async function stopWebServer(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const killTimer = setTimeout(() => {
    try {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }, 5_000);
  await exited;
  clearTimeout(killTimer);
}
