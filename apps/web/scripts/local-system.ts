import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueDatabaseName } from '@raftboard/db/provision';
import { LocalCluster } from '@raftboard/node/launch/cluster';
import { waitForHttp } from '@raftboard/node/launch/http-client';
import { freeBasePort } from '@raftboard/node/launch/ports';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startWebServer, stopWebServer, webRoot } from './web-server.ts';

/** Where screenshots and node logs of the browser tests go (kept as CI artifacts). */
export const artifactsDirectory = join(webRoot, 'test-results');
/** Debian's Chromium; the tests never download a browser. */
export const chromiumPath = process.env.RAFTBOARD_CHROMIUM ?? '/usr/bin/chromium';

/** The whole system as `npm start` runs it: a 3-node cluster and the built board. */
export interface System {
  cluster: LocalCluster;
  web: ChildProcess;
  webUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts a fresh 3-node cluster (databases of its own on the test MySQL server), the board's
 * production server in front of it, and Chromium. `nodeEnv` is extra environment for every node
 * (e.g. `RAFTBOARD_WEBHOOK_ALLOWED_TARGETS`); it wins over the defaults here. `stop()` undoes
 * all of it.
 */
export async function startSystem(options: {
  serverUrl: string;
  name: string;
  /** Or a function of the board's URL (an OpenID redirect URL names it). */
  nodeEnv?: Record<string, string> | ((webUrl: string) => Record<string, string>);
}): Promise<System> {
  mkdirSync(artifactsDirectory, { recursive: true });
  const basePort = await freeBasePort(3, 1);
  const webPort = basePort + 201;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const nodeEnv = typeof options.nodeEnv === 'function' ? options.nodeEnv(webUrl) : options.nodeEnv;
  const cluster = await LocalCluster.start({
    serverUrl: options.serverUrl,
    nodes: 3,
    basePort,
    databasePrefix: uniqueDatabaseName(`e2e_${options.name}`),
    fresh: true,
    logDirectory: join(artifactsDirectory, `logs-${options.name}`),
    env: {
      RAFTBOARD_LOG: 'quiet',
      RAFTBOARD_REQUEST_TIMEOUT_MS: '5000',
      RAFTBOARD_TRUSTED_PROXIES: '127.0.0.1',
      ...nodeEnv,
    },
  });
  await cluster.waitForLeader();
  const web = startWebServer({
    port: webPort,
    nodes: cluster.nodes.map((node) => node.url),
    stdio: 'ignore',
  });
  await waitForHttp(`${webUrl}/sign-in`, 60_000);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  return {
    cluster,
    web,
    webUrl,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await stopWebServer(web);
      await cluster.stop({ dropDatabases: true });
    },
  };
}

/** A browser context for one person, sending its requests through `nodeId` first. */
export async function personContext(
  system: System,
  nodeId: string | null,
): Promise<BrowserContext> {
  const context = await system.browser.newContext({ viewport: { width: 1360, height: 860 } });
  if (nodeId !== null) {
    await context.addCookies([{ name: 'raftboard_node', value: nodeId, url: system.webUrl }]);
  }
  return context;
}

/** Saves a full-page screenshot as test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDirectory, `${name}.png`), fullPage: true });
}

/** Runs axe-core on the page; returns the serious and critical violations, described. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
