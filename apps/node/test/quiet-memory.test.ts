// Goal: a node gives back what a burst of work left in V8's heap once it goes quiet, and runs in
// V8's default mode again the moment it works (memory saver mode makes every collection compact,
// which halves an import's speed).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { QuietMemory } from '../src/quiet-memory.ts';

const silent = { info() {}, warn() {}, error() {} };

describe('QuietMemory', () => {
  it('turns saver mode on after the quiet time, and off at the first work or stream', () => {
    let nowMs = 0;
    let work = 0;
    let busy = false;
    const switches: boolean[] = [];
    const quiet = new QuietMemory({
      work: () => work,
      busy: () => busy,
      setMemorySaver: (on) => switches.push(on),
      quietMs: 5_000,
      logger: silent,
      now: () => nowMs,
    });
    nowMs = 4_999;
    quiet.check();
    expect(quiet.memorySaver).toBe(false);
    nowMs = 5_000;
    quiet.check();
    expect(quiet.memorySaver).toBe(true);
    quiet.check();
    expect(switches).toEqual([true]);

    work = 1;
    nowMs = 6_000;
    quiet.check();
    expect(quiet.memorySaver).toBe(false);
    // Quiet is counted from the last work seen, not from the first look.
    nowMs = 10_999;
    quiet.check();
    expect(quiet.memorySaver).toBe(false);
    nowMs = 11_000;
    quiet.check();
    expect(quiet.memorySaver).toBe(true);

    busy = true;
    nowMs = 30_000;
    quiet.check();
    expect(quiet.memorySaver).toBe(false);
    busy = false;
    nowMs = 34_999;
    quiet.check();
    expect(quiet.memorySaver).toBe(false);
    nowMs = 35_000;
    quiet.check();
    expect(switches).toEqual([true, false, true, false, true]);

    quiet.stop();
    expect(quiet.memorySaver).toBe(false);
    expect(switches.at(-1)).toBe(false);
  });

  it('lets V8 shrink a quiet heap to under half, in saver mode only when QuietMemory is on', async () => {
    /** The heap sizes a child reports for `seconds`, from its first report on. */
    const heapOf = (mode: 'saver' | 'default', seconds: number) =>
      new Promise<{ heapMib: number; saver: boolean }[]>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--max-semi-space-size=2',
            '--import',
            'tsx',
            'test/support/quiet-memory-child.ts',
            mode,
          ],
          { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
        );
        const reports: { heapMib: number; saver: boolean }[] = [];
        createInterface({ input: child.stdout }).on('line', (line) => {
          reports.push(JSON.parse(line));
          if (reports.length >= seconds) child.kill();
        });
        child.once('exit', () => resolve(reports));
        child.once('error', reject);
      });
    const [saver, control] = await Promise.all([heapOf('saver', 25), heapOf('default', 25)]);
    const first = saver[0]!.heapMib;
    const last = saver.at(-1)!;
    expect(last.saver).toBe(true);
    // Measured here: 66 MiB after the burst, 10 MiB about 10 s into the quiet.
    expect(last.heapMib).toBeLessThan(first / 2);
    // Without QuietMemory nothing turns saver mode on. Its heap is not compared: on an idle box
    // it kept 70 MiB, but on a loaded one (a full CI run) the heartbeat's allocation rate drops
    // and V8's own reducer may shrink it too (14 MiB once), so a comparison would test the load.
    expect(control.every((report) => !report.saver)).toBe(true);
  }, 90_000);
});
