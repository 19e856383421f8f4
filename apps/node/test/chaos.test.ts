// Goal: CI runs a short chaos campaign through the real script and gets a clean verdict: no
// acknowledged write lost or applied twice, identical tables, a linearizable history.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { freeBasePort } from '../src/launch/ports.ts';

it('survives 20 seconds of kill -9, pauses, partitions and restarts with a clean verdict', async () => {
  const script = join(import.meta.dirname, '..', 'src', 'chaos', 'chaos.ts');
  const basePort = await freeBasePort(3);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      script,
      '--duration',
      '20',
      '--clients',
      '4',
      '--base-port',
      String(basePort),
    ],
    {
      env: { ...process.env, DATABASE_URL: inject('mysqlServerUrl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.trim().split('\n').at(-1) ?? '';
  expect(code, `chaos failed:\n${stderr}\n${stdout}`).toBe(0);
  const verdict = JSON.parse(line);
  expect(verdict).toMatchObject({
    ok: true,
    acknowledgedButLost: 0,
    appliedTwice: 0,
    tablesIdentical: true,
    linearizability: 'ok',
  });
  expect(verdict.faults).toBeGreaterThan(0);
  expect(verdict.acknowledged).toBeGreaterThan(0);
  expect(verdict.registerOperations).toBeGreaterThan(0);
}, 240_000);
