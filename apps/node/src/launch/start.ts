import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDatabase, provisionMysqlServer, repositoryRoot } from '@raftboard/db/provision';

/**
 * `npm start`: the whole local system on one machine. Finds or starts MySQL (a private server
 * keeps its data in .data/mysql/server across runs), then starts the web board, prints the
 * URLs, and stops everything it started on Ctrl-C.
 */
async function main() {
  const mysql = await provisionMysqlServer({ persistent: true, log: (line) => console.log(line) });
  const databaseUrl = await createDatabase(mysql.url, 'raftboard_dev');
  console.log(`mysql (${mysql.source}): ${databaseUrl}`);

  const webPort = Number(process.env.RAFTBOARD_WEB_PORT ?? 3000);
  const children: ChildProcess[] = [];
  const web = spawn('npx', ['next', 'dev', '--port', String(webPort), '--hostname', '127.0.0.1'], {
    cwd: join(repositoryRoot(), 'apps', 'web'),
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  children.push(web);
  console.log(`web board: http://127.0.0.1:${webPort}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // next runs under npx: kill the whole process group, not just the npx pid.
    for (const child of children) {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
    await mysql.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  web.on('exit', (code) => {
    if (!stopping) console.error(`web board exited with code ${code}`);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
