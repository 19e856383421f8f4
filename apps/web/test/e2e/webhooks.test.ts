// Goal: a project owner adds a webhook in the settings screen of a real browser, reads its
// signing secret once, and after creating a task sees that event DELIVERED in the hook's
// delivery log — the POST reached a real local receiver with its delivery id and a signature
// made with that secret — redelivers it under the same id, pauses, rotates and deletes the
// hook; a hook whose receiver keeps failing shows its answers and, once repeated failure
// disabled it, why; a plain member never sees the section. No screen has a serious axe fault.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  personContext,
  type System,
  screenshot,
  seriousAxeViolations,
  startSystem,
} from '../../scripts/local-system.ts';

/** Bound on one of the owner's own changes showing on her screen (a failover included). */
const ackWithinMs = 15_000;
/** Bound on an event reaching the receiver and its outcome reaching the log (retries at 200 ms). */
const deliveredWithinMs = 20_000;

/** One POST the receiver got. */
interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers 204 (500 on `/failing`) and keeps every POST. */
interface Receiver {
  readonly posts: ReceivedPost[];
  readonly url: string;
  /** The POSTs of one event kind (`x-raftboard-event`). */
  postsOf(kind: string): ReceivedPost[];
  stop(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const posts: ReceivedPost[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') {
        posts.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      }
      // A path that ends in /failing stands for a receiver that is broken.
      response.writeHead(request.url?.endsWith('/failing') ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    posts,
    url: `http://127.0.0.1:${port}/hooks/raftboard`,
    postsOf: (kind) => posts.filter((post) => post.headers['x-raftboard-event'] === kind),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver checks: `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under `secret`. */
function signedWith(secret: string, post: ReceivedPost): boolean {
  const header = String(post.headers['x-raftboard-signature'] ?? '');
  const parts = new Map(header.split(',').map((part) => part.split('=') as [string, string]));
  const digest = createHmac('sha256', secret)
    .update(`${parts.get('t')}.${post.body}`)
    .digest('hex');
  return parts.get('v1') === digest;
}

async function waitFor(what: string, check: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${withinMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let system: System;
let receiver: Receiver;
let ada: Page;
let bob: Page;
const contexts: BrowserContext[] = [];
let settingsUrl = '';
const axeFindings: string[] = [];

async function addTask(page: Page, title: string) {
  await page.goto(settingsUrl.replace('/settings', '/board'));
  const quickAdd = page.getByLabel('New task in Todo');
  await quickAdd.fill(title);
  await quickAdd.press('Enter');
  await page.getByRole('listitem', { name: new RegExp(`^${title}`) }).waitFor({
    timeout: ackWithinMs,
  });
}

async function signUp(page: Page, name: string, email: string) {
  await page.goto(`${system.webUrl}/sign-up`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/projects');
}

/** Looks at a screen as a person would: a screenshot, and axe's serious findings. */
async function look(page: Page, name: string) {
  await page.waitForTimeout(400);
  await screenshot(page, name);
  for (const finding of await seriousAxeViolations(page)) axeFindings.push(`${name}: ${finding}`);
}

function webhooksOf(page: Page) {
  return page.getByRole('region', { name: 'Webhooks' });
}

beforeAll(async () => {
  receiver = await startReceiver();
  system = await startSystem({
    serverUrl: inject('mysqlServerUrl'),
    name: 'webhooks',
    nodeEnv: {
      RAFTBOARD_WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
      RAFTBOARD_WEBHOOK_RETRY_BASE_MS: '200',
      // A failing hook runs through its attempts, and its failure streak, in seconds.
      RAFTBOARD_WEBHOOK_RETRY_MAX_MS: '400',
    },
  });
  const adaContext = await personContext(system, 'n1');
  const bobContext = await personContext(system, 'n2');
  contexts.push(adaContext, bobContext);
  await adaContext.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: system.webUrl,
  });
  ada = await adaContext.newPage();
  bob = await bobContext.newPage();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await system?.stop();
  await receiver?.stop();
});

describe('webhooks in a project’s settings', () => {
  let secret = '';

  it('lets the owner add a webhook and shows its secret once', async () => {
    await signUp(bob, 'Bob Kahn', 'bob@example.com');
    await signUp(ada, 'Ada Lovelace', 'ada@example.com');
    await ada.getByLabel('Project name').fill('Hooks');
    await ada.getByRole('button', { name: 'Create project' }).click();
    await ada.waitForURL('**/board');
    settingsUrl = ada.url().replace('/board', '/settings');
    await ada.goto(settingsUrl);
    const invite = ada.getByRole('form', { name: 'Add a member' });
    await invite.getByLabel('Email').fill('bob@example.com');
    await invite.getByLabel('Role').selectOption('MEMBER');
    await invite.getByRole('button', { name: 'Add member' }).click();
    await ada.getByRole('list', { name: 'Members' }).getByText('Bob Kahn').waitFor();

    const section = webhooksOf(ada);
    await section.getByText('No webhooks yet.').waitFor();
    const form = section.getByRole('form', { name: 'Add a webhook' });

    // A private address the operator did not allow: the server's reason reaches the owner.
    await form.getByLabel('Payload URL').fill('http://10.20.30.40/hook');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await ada
      .getByRole('alert')
      .getByText(/^Could not add the webhook: url: /)
      .waitFor({ timeout: ackWithinMs });

    await form.getByLabel('Payload URL').fill(receiver.url);
    await form.getByLabel('Only these').check();
    await expect(form.getByRole('button', { name: 'Add webhook' }).isDisabled()).resolves.toBe(
      true,
    );
    await form.getByLabel('task.created').check();
    await form.getByLabel('comment.added').check();
    await form.getByRole('button', { name: 'Add webhook' }).click();

    const dialog = ada.getByRole('dialog', { name: 'Webhook added' });
    await dialog.waitFor({ timeout: ackWithinMs });
    await dialog.getByText('it will not be shown again').waitFor();
    secret = await dialog.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await ada.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await look(ada, 'webhooks-01-secret-dialog');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const hooks = section.getByRole('list', { name: 'Webhooks' });
    const item = hooks.getByRole('listitem').filter({ hasText: receiver.url });
    await item.getByText('Enabled').waitFor({ timeout: ackWithinMs });
    await item.getByText('task.created, comment.added').waitFor();
  });

  it('delivers a new task’s event, signed with that secret, and logs it as delivered', async () => {
    await addTask(ada, 'Wire the release hook');

    await waitFor(
      'the receiver to get task.created',
      () => receiver.postsOf('task.created').length > 0,
      deliveredWithinMs,
    );
    const [post] = receiver.postsOf('task.created');
    if (!post) throw new Error('no task.created POST');
    const deliveryId = String(post.headers['x-raftboard-delivery'] ?? '');
    expect(deliveryId).not.toBe('');
    expect(signedWith(secret, post)).toBe(true);
    expect(JSON.parse(post.body)).toMatchObject({ deliveryId, event: { kind: 'task.created' } });

    await ada.goto(settingsUrl);
    const section = webhooksOf(ada);
    await section.getByRole('button', { name: `Deliveries of ${receiver.url}` }).click();
    const log = section.getByRole('table', { name: /^Deliveries to/ });
    const row = log.getByRole('row').filter({ hasText: 'task.created' });
    await row.getByText('Delivered').waitFor({ timeout: deliveredWithinMs });
    await row.getByText('HTTP 204').waitFor();
    await look(ada, 'webhooks-02-delivery-log');

    // Redeliver: the same delivery id reaches the receiver a second time.
    await row.getByRole('button', { name: /^Redeliver task\.created #\d+$/ }).click();
    await waitFor(
      'the redelivery',
      () => receiver.postsOf('task.created').length > 1,
      deliveredWithinMs,
    );
    expect(receiver.postsOf('task.created')[1]?.headers['x-raftboard-delivery']).toBe(deliveryId);
    await row.getByText('Delivered').waitFor({ timeout: deliveredWithinMs });

    await ada.setViewportSize({ width: 375, height: 800 });
    await look(ada, 'webhooks-03-delivery-log-375px');
    // At phone width the page never scrolls sideways; the log's table scrolls in its box.
    expect(await ada.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await ada.setViewportSize({ width: 1360, height: 860 });
  });

  it('pauses, resumes, rotates the secret (shown once) and deletes the hook', async () => {
    const section = webhooksOf(ada);
    const item = section.getByRole('listitem').filter({ hasText: receiver.url });
    await item.getByRole('button', { name: `Pause ${receiver.url}` }).click();
    await item.getByText('Paused').waitFor({ timeout: ackWithinMs });
    await item.getByRole('button', { name: `Resume ${receiver.url}` }).click();
    await item.getByText('Enabled').waitFor({ timeout: ackWithinMs });

    await item.getByRole('button', { name: `Rotate secret of ${receiver.url}` }).click();
    await ada
      .getByRole('dialog', { name: 'Rotate the signing secret?' })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const dialog = ada.getByRole('dialog', { name: 'Webhook secret rotated' });
    await dialog.waitFor({ timeout: ackWithinMs });
    const rotated = await dialog.getByLabel('Signing secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await look(ada, 'webhooks-04-rotated-secret');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await item.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    await ada
      .getByRole('dialog', { name: 'Delete this webhook?' })
      .getByRole('button', { name: 'Delete webhook' })
      .click();
    await section.getByText('No webhooks yet.').waitFor({ timeout: ackWithinMs });
  });

  it('shows a failing receiver’s answers, and why repeated failure disabled it', async () => {
    const failingUrl = `${receiver.url}/failing`;
    await ada.goto(settingsUrl);
    const section = webhooksOf(ada);
    const form = section.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('Payload URL').fill(failingUrl);
    await form.getByLabel('Only these').check();
    await form.getByLabel('task.created').check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Webhook added' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await section.getByText(failingUrl).waitFor({ timeout: ackWithinMs });

    // Two events, eight failed attempts each: the streak that disables a hook.
    await addTask(ada, 'Break the receiver');
    await addTask(ada, 'Break it again');
    await ada.goto(settingsUrl);
    const item = section.getByRole('listitem').filter({ hasText: failingUrl });
    await item.getByRole('button', { name: `Deliveries of ${failingUrl}` }).click();
    await item.getByText('Disabled', { exact: true }).waitFor({ timeout: deliveredWithinMs });
    await item.getByText(/^Disabled after repeated failures: 16 failed attempts/).waitFor();
    const rows = item.getByRole('table', { name: /^Deliveries to/ }).getByRole('row');
    await rows.filter({ hasText: 'Failed' }).nth(1).waitFor({ timeout: deliveredWithinMs });
    expect(await rows.filter({ hasText: 'HTTP 500' }).count()).toBe(2);
    await look(ada, 'webhooks-05-disabled-hook');

    // Its admins are told, and led back here.
    await ada.goto(`${system.webUrl}/notifications`);
    await ada
      .getByRole('link', {
        name: `The webhook to ${failingUrl} in Hooks was disabled after repeated failures`,
      })
      .click();
    await ada.waitForURL('**/settings');
    await item.getByRole('button', { name: `Resume ${failingUrl}` }).click();
    await item.getByText('Enabled', { exact: true }).waitFor({ timeout: ackWithinMs });
  });

  it('never shows the section to a member', async () => {
    await bob.goto(settingsUrl);
    await bob.getByRole('region', { name: 'Labels' }).waitFor();
    expect(await webhooksOf(bob).count()).toBe(0);
    await look(bob, 'webhooks-06-member-settings');
    expect(axeFindings).toEqual([]);
  });
});
