import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { canConnect } from './probe.ts';

const execFileAsync = promisify(execFile);

/** How long a fresh private server may take to accept connections. */
const serverStartTimeoutMs = 60_000;
/** How long a stopping server may take to exit before it is killed. */
const serverStopTimeoutMs = 15_000;
/** How long to wait for another process that is initialising the shared template. */
const templateLockTimeoutMs = 120_000;
/** Attempts at starting on a free port (another process may take the port in between). */
const portAttemptsMax = 3;

const searchDirectories = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin', '/usr/bin'];

/** The server binaries found on this machine. */
export interface MysqlBinaries {
  /** mariadbd or mysqld. */
  server: string;
  /** mariadb-install-db (MariaDB) or null (MySQL initialises with `mysqld --initialize`). */
  installDb: string | null;
  flavor: 'mariadb' | 'mysql';
}

/** A running private server that this process started and owns. */
export interface PrivateServer {
  url: string;
  port: number;
  dataDirectory: string;
  /** The current server process (a new one after `restart`). */
  readonly pid: number;
  /** Stops the server; removes its data directory unless it is persistent. Idempotent. */
  stop(): Promise<void>;
  /** kill -9 of the server process, as a crash or an OOM kill would; resolves once it is gone. */
  crash(): Promise<void>;
  /** Starts the server again on the same port and data (after `crash`); resolves once it accepts. */
  restart(): Promise<void>;
}

export interface PrivateServerOptions {
  /** Folder under which data directories live, e.g. `<repo>/.data/mysql`. */
  dataRoot: string;
  /**
   * A persistent server keeps its data in `<dataRoot>/server` across runs (what `npm start`
   * wants); otherwise the server gets a throw-away copy of the initialised template.
   */
  persistent?: boolean;
  log?: (line: string) => void;
  /**
   * Network namespace to run the server in (`ip netns exec <netns> mariadbd …`; needs root and
   * iproute2). With it, give `bindAddress`: the namespace's own address, which this process must
   * be able to route to (the readiness probe runs here, not in the namespace).
   */
  netns?: string;
  /**
   * Address to listen on instead of 127.0.0.1, e.g. a namespace's address on a test bridge, so
   * that processes outside the namespace reach the server too. The server then also skips
   * host-name lookups (a namespace has no resolver) and needs `rootHostPattern`.
   */
  bindAddress?: string;
  /**
   * MySQL host pattern (`198.18.3.%`) from which root may log in over TCP without a password:
   * the template only lets root in from loopback, and a server on `bindAddress` is dialled from
   * other addresses. Required with a `bindAddress` other than 127.0.0.1; keep it to the
   * network the server is bound to.
   */
  rootHostPattern?: string;
}

/** Where and how a server listens: loopback by default, or an address in a namespace. */
interface Listening {
  netns: string | null;
  bindAddress: string;
  rootHostPattern: string | null;
}

const loopbackAddress = '127.0.0.1';
/** A MySQL host pattern we write into SQL: addresses, names and `%`/`_` wildcards only. */
const hostPatternSyntax = /^[A-Za-z0-9.:%_-]{1,255}$/;

function listeningOf(options: PrivateServerOptions): Listening {
  const bindAddress = options.bindAddress ?? loopbackAddress;
  const rootHostPattern = options.rootHostPattern ?? null;
  if (bindAddress !== loopbackAddress && rootHostPattern === null) {
    throw new Error(
      `a private server bound to ${bindAddress} needs rootHostPattern: the host pattern root ` +
        'logs in from (e.g. 198.18.3.%)',
    );
  }
  if (options.netns !== undefined && options.bindAddress === undefined) {
    throw new Error(
      `a private server in network namespace ${options.netns} needs bindAddress: an address ` +
        'of that namespace this process can reach (its loopback is not ours)',
    );
  }
  if (rootHostPattern !== null && !hostPatternSyntax.test(rootHostPattern)) {
    throw new Error(`rootHostPattern ${JSON.stringify(rootHostPattern)} is not a host pattern`);
  }
  return { netns: options.netns ?? null, bindAddress, rootHostPattern };
}

function findExecutable(names: readonly string[]): string | null {
  const pathDirectories = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const directory of [...pathDirectories, ...searchDirectories]) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** Finds mariadbd or mysqld on this machine, or null when neither is installed. */
export async function findMysqlBinaries(): Promise<MysqlBinaries | null> {
  const server = findExecutable(['mariadbd', 'mysqld']);
  if (server === null) return null;
  const { stdout } = await execFileAsync(server, ['--version']);
  if (/mariadb/i.test(stdout)) {
    return {
      server,
      installDb: findExecutable(['mariadb-install-db', 'mysql_install_db']),
      flavor: 'mariadb',
    };
  }
  return { server, installDb: null, flavor: 'mysql' };
}

/** A port on 127.0.0.1 that was free a moment ago (another process may take it first). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function initialiseDataDirectory(binaries: MysqlBinaries, directory: string) {
  await mkdir(directory, { recursive: true });
  const user = userInfo().username;
  if (binaries.flavor === 'mariadb') {
    if (binaries.installDb === null) {
      throw new Error(
        'MariaDB is installed but mariadb-install-db is missing: install the mariadb-server package.',
      );
    }
    await execFileAsync(binaries.installDb, [
      '--no-defaults',
      `--datadir=${directory}`,
      `--user=${user}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
  } else {
    await execFileAsync(binaries.server, [
      '--no-defaults',
      '--initialize-insecure',
      `--datadir=${directory}`,
      `--user=${user}`,
    ]);
  }
  await writeFile(join(directory, '.raftboard-initialised'), new Date().toISOString());
}

async function withDirectoryLock<T>(lockDirectory: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + templateLockTimeoutMs;
  await mkdir(dirname(lockDirectory), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDirectory);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than the timeout was left by a process that died holding it.
      const lock = await stat(lockDirectory).catch(() => null);
      if (lock !== null && Date.now() - lock.mtimeMs > templateLockTimeoutMs) {
        await rmdir(lockDirectory).catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDirectory}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lockDirectory).catch(() => undefined);
  }
}

/** Initialises `directory` once; concurrent callers wait for the first. */
async function ensureInitialised(binaries: MysqlBinaries, directory: string) {
  const marker = join(directory, '.raftboard-initialised');
  if (existsSync(marker)) return;
  await withDirectoryLock(`${directory}.lock`, async () => {
    if (existsSync(marker)) return;
    await rm(directory, { recursive: true, force: true });
    await initialiseDataDirectory(binaries, directory);
  });
}

function serverArguments(
  binaries: MysqlBinaries,
  dataDirectory: string,
  port: number,
  listening: Listening,
) {
  const user = userInfo().username;
  // Servers in different namespaces may share a port number, but never a socket file.
  const socketName = `raftboard-mysqld-${listening.netns ? `${listening.netns}-` : ''}${port}.sock`;
  const args = [
    '--no-defaults',
    `--datadir=${dataDirectory}`,
    `--port=${port}`,
    `--bind-address=${listening.bindAddress}`,
    // Unix socket paths are limited to ~107 bytes, so the socket lives in the temp folder.
    `--socket=${join(tmpdir(), socketName)}`,
    `--pid-file=${join(dataDirectory, 'mysqld.pid')}`,
    `--user=${user}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=500',
    '--innodb-buffer-pool-size=128M',
  ];
  if (binaries.flavor === 'mysql') args.push('--mysqlx=OFF', '--skip-log-bin');
  if (listening.rootHostPattern !== null) {
    args.push('--skip-name-resolve', `--init-file=${join(dataDirectory, rootGrantFile)}`);
  }
  return args;
}

/** SQL the server runs at every start (`--init-file`) to let root in from the pattern. */
const rootGrantFile = 'raftboard-root-grant.sql';

async function writeRootGrant(dataDirectory: string, rootHostPattern: string) {
  const account = `'root'@'${rootHostPattern}'`;
  await writeFile(
    join(dataDirectory, rootGrantFile),
    `CREATE USER IF NOT EXISTS ${account};\nGRANT ALL PRIVILEGES ON *.* TO ${account} WITH GRANT OPTION;\n`,
  );
}

function urlHost(address: string) {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Kills the server if this process dies without running its exit hooks (kill -9): a detached
 * shell polls our pid and stops the server once we are gone.
 */
function spawnWatchdog(serverPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 1; done; kill -TERM ${serverPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilAccepting(url: string, child: ChildProcess, errorLog: string) {
  const deadline = Date.now() + serverStartTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = await readFile(errorLog, 'utf8').catch(() => '');
      throw new Error(
        `private MySQL server exited at start:\n${tail.split('\n').slice(-15).join('\n')}`,
      );
    }
    if (await canConnect(url, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `private MySQL server did not accept connections within ${serverStartTimeoutMs} ms`,
  );
}

async function launch(
  binaries: MysqlBinaries,
  dataDirectory: string,
  port: number,
  listening: Listening,
) {
  const errorLog = join(dataDirectory, 'server.log');
  const args = [
    ...serverArguments(binaries, dataDirectory, port, listening),
    `--log-error=${errorLog}`,
  ];
  // `ip netns exec` execs the server, so the child's pid is the server's (kill, crash, watchdog).
  const child =
    listening.netns === null
      ? spawn(binaries.server, args, { stdio: 'ignore' })
      : spawn('ip', ['netns', 'exec', listening.netns, binaries.server, ...args], {
          stdio: 'ignore',
        });
  const url = `mysql://root@${urlHost(listening.bindAddress)}:${port}`;
  try {
    await waitUntilAccepting(url, child, errorLog);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, url };
}

/**
 * Starts a private MySQL/MariaDB server from the binaries on this machine: data under
 * `dataRoot`, bound to 127.0.0.1 (or `bindAddress`, in `netns`) on a free port, stopped when
 * this process exits (even by kill -9, through a watchdog). Throws one clear sentence when no
 * server binary is installed.
 */
export async function startPrivateServer(options: PrivateServerOptions): Promise<PrivateServer> {
  const log = options.log ?? (() => undefined);
  const listening = listeningOf(options);
  const binaries = await findMysqlBinaries();
  if (binaries === null) {
    throw new Error(
      'No MySQL server is reachable and no mysqld/mariadbd binary is installed: install ' +
        'MariaDB >= 10.6 or MySQL >= 8.0 (e.g. `apt-get install mariadb-server`), or set ' +
        'DATABASE_URL=mysql://user:password@host:port to use an existing server.',
    );
  }
  const template = join(options.dataRoot, options.persistent ? 'server' : 'template');
  await ensureInitialised(binaries, template);
  let dataDirectory = template;
  if (!options.persistent) {
    dataDirectory = join(options.dataRoot, `run-${process.pid}-${Date.now().toString(36)}`);
    await cp(template, dataDirectory, { recursive: true });
  }
  if (listening.rootHostPattern !== null) {
    await writeRootGrant(dataDirectory, listening.rootHostPattern);
  }
  const where = listening.netns === null ? '' : ` in network namespace ${listening.netns}`;
  log(`starting private ${binaries.flavor} server in ${dataDirectory}${where}`);

  let lastError: unknown;
  for (let attempt = 0; attempt < portAttemptsMax; attempt++) {
    // In a namespace of its own every port is free; this one is free on loopback too.
    const port = await findFreePort();
    try {
      const { child, url } = await launch(binaries, dataDirectory, port, listening);
      const persistent = !!options.persistent;
      return ownServer({ binaries, child, url, port, dataDirectory, persistent, listening });
    } catch (error) {
      lastError = error;
    }
  }
  if (!options.persistent) await rm(dataDirectory, { recursive: true, force: true });
  throw lastError;
}

function ownServer(options: {
  binaries: MysqlBinaries;
  child: ChildProcess;
  url: string;
  port: number;
  dataDirectory: string;
  persistent: boolean;
  listening: Listening;
}): PrivateServer {
  const { dataDirectory } = options;
  let child = options.child;
  let watchdog = spawnWatchdog(child.pid ?? -1);
  const onExit = () => {
    child.kill('SIGKILL');
    watchdog.kill('SIGKILL');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      child.kill('SIGTERM');
      if (!(await waitForExit(child, serverStopTimeoutMs))) {
        child.kill('SIGKILL');
        await waitForExit(child, serverStopTimeoutMs);
      }
      watchdog.kill('SIGKILL');
      if (!options.persistent) await rm(dataDirectory, { recursive: true, force: true });
    })();
    return stopping;
  };
  const crash = async () => {
    child.kill('SIGKILL');
    await waitForExit(child, serverStopTimeoutMs);
    watchdog.kill('SIGKILL');
  };
  const restart = async () => {
    if (stopping !== null) throw new Error('the private server was stopped');
    await crash();
    ({ child } = await launch(options.binaries, dataDirectory, options.port, options.listening));
    watchdog = spawnWatchdog(child.pid ?? -1);
  };
  return {
    url: options.url,
    port: options.port,
    dataDirectory,
    get pid() {
      return child.pid ?? -1;
    },
    stop,
    crash,
    restart,
  };
}
