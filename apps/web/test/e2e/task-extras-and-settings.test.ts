// Goal: in a real browser against a real cluster, a member makes a task repeat weekly and reads
// it in words (a bad rule is refused with the server's reason), follows the task, switches a
// notification kind's email and the daily digest and finds both kept after a reload, makes a
// calendar feed whose URL (on the board's own address) serves the task as text/calendar until
// revoked (then 404), and exports a project's tasks as CSV and imports that file into another
// project (a bad file lists its problems by row). Every screen is looked at on a desktop and at
// 375 px, and has no serious axe fault.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  personContext,
  type System,
  screenshot,
  seriousAxeViolations,
  startSystem,
} from '../../scripts/local-system.ts';

/** Bound on one of Ada's own changes showing on her screen. */
const ackWithinMs = 15_000;
const taskTitle = 'Weekly review';
const phoneWidthPx = 375;

let system: System;
let ada: Page;
const contexts: BrowserContext[] = [];
let boardUrl = '';
const axeFindings: string[] = [];

/** Looks at a screen as a person would, on a desktop and a phone: screenshots and axe. */
async function look(page: Page, name: string) {
  // Live streams keep the network busy for good, so wait for the screen to settle instead.
  await page.waitForTimeout(400);
  await screenshot(page, name);
  for (const finding of await seriousAxeViolations(page)) axeFindings.push(`${name}: ${finding}`);
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: phoneWidthPx, height: 800 });
  await page.waitForTimeout(300);
  await screenshot(page, `${name}-375px`);
  // At phone width the page never scrolls sideways.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > phoneWidthPx) axeFindings.push(`${name}: scrolls sideways at 375 px`);
  if (desktop) await page.setViewportSize(desktop);
}

async function createProject(page: Page, name: string): Promise<string> {
  await page.goto(`${system.webUrl}/projects`);
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL('**/board');
  return page.url();
}

function card(page: Page, title: string, column?: string) {
  const scope = column ? page.getByRole('region', { name: column, exact: true }) : page;
  return scope.getByRole('listitem', { name: new RegExp(`^${title}`) });
}

/** The start of the next whole UTC minute at least 5 s away, as a datetime-local value. */
function nextMinuteUtc(): string {
  const at = new Date(Date.now() + 5_000 + 60_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString().slice(0, 16);
}

async function openTask(page: Page, title: string) {
  await page.goto(boardUrl);
  await card(page, title).click();
  const drawer = page.getByRole('dialog', { name: title });
  await drawer.getByText('Repeat', { exact: true }).waitFor({ timeout: ackWithinMs });
  return drawer;
}

beforeAll(async () => {
  system = await startSystem({
    serverUrl: inject('mysqlServerUrl'),
    name: 'extras',
    // The leader makes due occurrences on its schedule tick: often, so one shows within seconds.
    nodeEnv: { RAFTBOARD_SCHEDULE_TICK_MS: '500' },
  });
  const context = await personContext(system, 'n1');
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: system.webUrl,
  });
  ada = await context.newPage();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await system?.stop();
});

describe('recurring and followed tasks, notification email, calendar feeds and CSV', () => {
  it('makes a task repeat weekly, refuses a bad rule, and follows the task', async () => {
    await ada.goto(`${system.webUrl}/sign-up`);
    await ada.getByLabel('Name').fill('Ada Lovelace');
    await ada.getByLabel('Email').fill('ada@example.com');
    await ada.getByLabel('Password').fill('correct horse battery');
    await ada.getByRole('button', { name: 'Sign up' }).click();
    await ada.waitForURL('**/projects');
    boardUrl = await createProject(ada, 'Launch');
    const quickAdd = ada.getByLabel('New task in Todo');
    await quickAdd.fill(taskTitle);
    await quickAdd.press('Enter');
    await card(ada, taskTitle).waitFor({ timeout: ackWithinMs });

    const drawer = await openTask(ada, taskTitle);
    // A due date, so the calendar feed below has an event for it.
    await drawer.getByLabel('Due date').fill('2030-01-09');
    await drawer.getByText('Does not repeat').waitFor();

    await drawer.getByRole('button', { name: 'Set repeat' }).click();
    const form = drawer.getByRole('form', { name: 'Repeat this task' });
    await form.getByLabel('Repeats').selectOption({ label: 'Custom rule…' });
    await form.getByLabel('RRULE').fill('FREQ=HOURLY');
    await form.getByRole('button', { name: 'Save repeat' }).click();
    // Toasts live outside the modal drawer, which hides the rest of the page from the
    // accessibility tree while it is open; the error is on screen all the same.
    await ada
      .getByRole('alert', { includeHidden: true })
      .getByText(/^Could not set the repeat: /)
      .waitFor({ timeout: ackWithinMs });

    await form.getByLabel('Repeats').selectOption({ label: 'Weekly' });
    await form.getByLabel('Starts at (UTC, optional)').fill('2030-01-07T09:00');
    await form.getByRole('button', { name: 'Save repeat' }).click();
    await drawer
      .getByText('Repeats weekly · next Mon 7 Jan 2030, 09:00 UTC · 0 made')
      .waitFor({ timeout: ackWithinMs });

    const follow = drawer.getByRole('button', { name: 'Follow', exact: true });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await drawer
      .locator('button[aria-pressed="true"]', { hasText: 'Follow' })
      .waitFor({ timeout: ackWithinMs });
    await look(ada, 'extras-01-task-drawer');

    // Both stick: a fresh load of the page reads them from the server.
    const again = await openTask(ada, taskTitle);
    await again
      .getByText(/^Repeats weekly · next Mon 7 Jan 2030/)
      .waitFor({ timeout: ackWithinMs });
    expect(
      await again.getByRole('button', { name: 'Follow', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('makes an occurrence that links back to the task it was made from', async () => {
    const title = 'Daily standup';
    await ada.goto(boardUrl);
    const quickAdd = ada.getByLabel('New task in Todo');
    await quickAdd.fill(title);
    await quickAdd.press('Enter');
    await card(ada, title, 'Todo').waitFor({ timeout: ackWithinMs });
    const drawer = await openTask(ada, title);
    await drawer.getByRole('button', { name: 'Set repeat' }).click();
    const form = drawer.getByRole('form', { name: 'Repeat this task' });
    await form.getByLabel('Repeats').selectOption({ label: 'Daily' });
    // The first occurrence is at the start time, the next whole minute (the field's precision).
    await form.getByLabel('Starts at (UTC, optional)').fill(nextMinuteUtc());
    await form.getByRole('button', { name: 'Save repeat' }).click();
    await drawer.getByText(/^Repeats daily · next /).waitFor({ timeout: ackWithinMs });
    await drawer.getByRole('button', { name: 'Close' }).click();

    // The copy goes to the bottom of the first unstarted column, Todo, live.
    const occurrence = card(ada, title, 'Todo').nth(1);
    await occurrence.waitFor({ timeout: 90_000 });
    await occurrence.click();
    const copy = ada.getByRole('dialog', { name: title });
    await copy.getByText('Made from').waitFor({ timeout: ackWithinMs });
    await copy.getByText('Does not repeat').waitFor();
    await look(ada, 'extras-02-occurrence-drawer');
    await copy.getByRole('link', { name: title }).click();
    await ada
      .getByRole('dialog', { name: title })
      .getByText(/^Repeats daily · next .* · 1 made$/)
      .waitFor({ timeout: ackWithinMs });
  });

  it('keeps a notification kind’s email and the daily digest after a reload', async () => {
    await ada.goto(`${system.webUrl}/notifications`);
    await ada.getByRole('link', { name: 'Email settings' }).click();
    await ada.waitForURL('**/settings/notifications');
    await ada.getByText('Email needs the cluster’s SMTP relay').waitFor();
    const commented = ada.getByRole('switch', { name: 'A task you follow has a comment.' });
    const digest = ada.getByRole('switch', { name: 'Daily digest' });
    expect(await commented.getAttribute('aria-checked')).toBe('false');
    expect(await digest.getAttribute('aria-checked')).toBe('false');
    await commented.click();
    await ada
      .locator('[role="switch"][aria-checked="true"]')
      .first()
      .waitFor({ timeout: ackWithinMs });
    await digest.click();
    await ada.getByText('The daily digest is on').waitFor({ timeout: ackWithinMs });
    await look(ada, 'extras-03-notification-settings');

    await ada.reload();
    await ada.getByText('The daily digest is on').waitFor({ timeout: ackWithinMs });
    expect(await commented.getAttribute('aria-checked')).toBe('true');
    expect(await digest.getAttribute('aria-checked')).toBe('true');
    // A kind that was not touched keeps its default.
    const assigned = ada.getByRole('switch', { name: 'You were assigned a task.' });
    expect(await assigned.getAttribute('aria-checked')).toBe('true');
  });

  it('serves a project’s calendar feed at the board’s address until it is revoked', async () => {
    await ada
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'Calendar' })
      .click();
    await ada.waitForURL('**/settings/calendar');
    await ada.getByText('No calendar feeds yet.').waitFor({ timeout: ackWithinMs });
    const form = ada.getByRole('form', { name: 'New calendar feed' });
    await form.getByLabel('Shows the due dates of').selectOption({ label: 'Every task of Launch' });
    await form.getByRole('button', { name: 'Create feed' }).click();
    const dialog = ada.getByRole('dialog', { name: 'Calendar feed created' });
    await dialog.waitFor({ timeout: ackWithinMs });
    const url = await dialog.getByLabel('Calendar URL').inputValue();
    expect(url).toMatch(new RegExp(`^${system.webUrl}/calendar/rbc_[A-Za-z0-9_-]+\\.ics$`));
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await ada.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await look(ada, 'extras-04-calendar-url');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // A calendar app: no cookie, only the URL.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain(`SUMMARY:${taskTitle}`);

    const feeds = ada.getByRole('list', { name: 'Your feeds' });
    await feeds.getByText('Project: Launch').waitFor({ timeout: ackWithinMs });
    await look(ada, 'extras-05-calendar-feeds');
    await feeds.getByRole('button', { name: 'Revoke Project: Launch' }).click();
    await ada
      .getByRole('dialog', { name: 'Revoke this calendar feed?' })
      .getByRole('button', { name: 'Revoke feed' })
      .click();
    await ada.getByText('No calendar feeds yet.').waitFor({ timeout: ackWithinMs });
    const revoked = await fetch(url);
    expect(revoked.status).toBe(404);
    expect(await fetch(`${system.webUrl}/calendar/not-a-feed.txt`).then((r) => r.status)).toBe(404);
  });

  it('exports a project’s tasks as CSV and imports the file into another project', async () => {
    await ada.goto(boardUrl.replace('/board', '/settings'));
    const section = ada.getByRole('region', { name: 'Import and export' });
    const [download] = await Promise.all([
      ada.waitForEvent('download'),
      section.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Launch-tasks-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = await download.path();
    const csv = await readFile(exported, 'utf8');
    expect(csv).toMatch(/^\uFEFF?id,title,/);
    expect(csv).toContain(taskTitle);
    await look(ada, 'extras-06-csv-section');

    const otherBoardUrl = await createProject(ada, 'Archive');
    await ada.goto(otherBoardUrl.replace('/board', '/settings'));
    const importForm = ada.getByRole('form', { name: 'Import tasks from CSV' });
    await importForm.getByLabel('CSV file to import').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('title,priority\r\nFine,LOW\r\nBroken,SOON\r\n'),
    });
    await importForm.getByRole('button', { name: 'Import', exact: true }).click();
    const problems = importForm.getByRole('list', { name: 'Import problems' });
    await problems.getByText(/^Row 3, priority: /).waitFor({ timeout: ackWithinMs });
    await look(ada, 'extras-07-csv-import-problems');

    await importForm.getByLabel('CSV file to import').setInputFiles(exported);
    await importForm.getByRole('button', { name: 'Import', exact: true }).click();
    // Every task of Launch: the two made to repeat, and the occurrence.
    await ada.getByText('Imported 3 tasks').waitFor({ timeout: ackWithinMs });
    await ada.goto(otherBoardUrl);
    await card(ada, taskTitle).waitFor({ timeout: ackWithinMs });

    expect(axeFindings).toEqual([]);
  });
});
