import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web. */
export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** Inputs of the production build: a change to any of them makes the build stale. */
const buildInputs = [
  'src',
  'next.config.ts',
  'postcss.config.mjs',
  'package.json',
  'tsconfig.json',
  '../../packages/schema/schema.graphql',
];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** True when `.next` holds a production build newer than every build input. */
export function buildIsFresh(): boolean {
  const buildId = join(webRoot, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return buildInputs.every((input) => newestMtimeMs(join(webRoot, input)) <= built);
}

/** Runs `next build` unless the last build is still fresh; throws when the build fails. */
export function buildIfStale(log: (line: string) => void = console.log): void {
  if (buildIsFresh()) return;
  log('web: building the board (next build; once per change of its sources)…');
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: webRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
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

/** Resolves once `url` answers (any status); throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
