import type { Page } from 'playwright-core';
import { createTask, type NodeCaller } from './seed.ts';

/** A card on the board, as the DOM marks it (apps/web/src/features/board/task-card.tsx). */
const cardSelector = 'li[data-task-id]';

/** What the appearance observer keeps in a page: first-seen times (Date.now()) by key. */
interface Appearances {
  byTitle: Record<string, number>;
  byTaskColumn: Record<string, number>;
}

/** Where the bench keeps its state inside a page. */
type BenchWindow = Window & { raftboardBench?: Appearances; raftboardKeyAt?: number | undefined };

/** The sorted samples' value at percentile `p` (nearest rank); NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/**
 * Times one cold open of the board: from `page.goto` until the first card, and until at least
 * `cardCount` cards, are in the DOM. Starts from about:blank so nothing of a previous open stays.
 */
export async function timeFirstRender(
  page: Page,
  options: { boardUrl: string; cardCount: number; timeoutMs: number },
): Promise<{ firstCardMs: number; allCardsMs: number }> {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(options.boardUrl, { timeout: options.timeoutMs });
  const countAtLeast = (count: number) =>
    page.waitForFunction(
      ({ selector, count }) => document.querySelectorAll(selector).length >= count,
      { selector: cardSelector, count },
      { timeout: options.timeoutMs, polling: 'raf' },
    );
  await countAtLeast(1);
  const firstCardMs = performance.now() - started;
  await countAtLeast(options.cardCount);
  return { firstCardMs, allCardsMs: performance.now() - started };
}

/**
 * Installs a MutationObserver in `page` that records, with the page's `Date.now()` (the same
 * machine clock as this process), when a card first appears: by its title and by
 * `<taskId>|<column name>`. Cards already on the page are not recorded.
 */
export async function observeAppearances(page: Page): Promise<void> {
  // No named inner functions here: tsx wraps them in a `__name` helper the page lacks.
  await page.evaluate((selector) => {
    const appearances = { byTitle: {}, byTaskColumn: {} } as Appearances;
    (window as BenchWindow).raftboardBench = appearances;
    const observer = new MutationObserver((mutations) => {
      const now = Date.now();
      for (const mutation of mutations) {
        for (const node of mutation.addedNodes) {
          if (!(node instanceof Element)) continue;
          const cards = node.matches(selector) ? [node] : [...node.querySelectorAll(selector)];
          for (const card of cards) {
            const title = card.querySelector('p')?.textContent ?? '';
            const column = card.closest('section')?.getAttribute('aria-label') ?? '';
            appearances.byTitle[title] ??= now;
            appearances.byTaskColumn[`${card.getAttribute('data-task-id')}|${column}`] ??= now;
          }
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }, cardSelector);
}

/** When the card titled `title` first appeared in `page` (observer time); waits `timeoutMs`. */
async function appearedByTitle(page: Page, title: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (title) => (window as BenchWindow).raftboardBench?.byTitle[title] ?? false,
    title,
    { timeout: timeoutMs, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * When task `taskId` first appeared in column `column` of `page`. Falls back to the time it is
 * seen there by polling, should the card have moved without a new element.
 */
async function appearedInColumn(
  page: Page,
  options: { taskId: string; column: string; timeoutMs: number },
): Promise<number> {
  const handle = await page.waitForFunction(
    ({ taskId, column }) => {
      const seen = (window as BenchWindow).raftboardBench?.byTaskColumn;
      if (!seen) return false;
      const key = `${taskId}|${column}`;
      const selector = `section[aria-label="${column}"] li[data-task-id="${taskId}"]`;
      if (seen[key] === undefined && document.querySelector(selector)) seen[key] = Date.now();
      return seen[key] ?? false;
    },
    { taskId: options.taskId, column: options.column },
    { timeout: options.timeoutMs, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/** Records in `page` the `Date.now()` of every `]` key press, as the card receives it. */
export async function observeMoveKey(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.key === ']') (window as BenchWindow).raftboardKeyAt = Date.now();
      },
      { capture: true },
    );
  });
}

/** One keyboard move's timings, in ms from the key press. */
export interface MoveSample {
  writerAckMs: number;
  otherBrowserMs: number;
}

/**
 * Moves task `taskId` one column right on the writer's page (focus, `]`) and times, from the
 * key press, the writer's moveTask response and the card's appearance in `toColumn` on the
 * other person's page. Needs `observeMoveKey(writer)` and `observeAppearances(other)`.
 */
export async function timeKeyboardMove(options: {
  writer: Page;
  other: Page;
  taskId: string;
  toColumn: string;
  timeoutMs: number;
}): Promise<MoveSample> {
  const { writer, other, taskId, toColumn, timeoutMs } = options;
  await writer.locator(`li[data-task-id="${taskId}"]`).focus({ timeout: timeoutMs });
  const moveResponse = writer.waitForResponse(
    (response) =>
      response.url().includes('/api/graphql') &&
      (response.request().postData() ?? '').includes('moveTask'),
    { timeout: timeoutMs },
  );
  await writer.evaluate(() => {
    (window as BenchWindow).raftboardKeyAt = undefined;
  });
  await writer.keyboard.press(']');
  await (await moveResponse).finished();
  const ackAt = Date.now();
  const pressedAt = await writer.evaluate(() => (window as BenchWindow).raftboardKeyAt);
  if (pressedAt === undefined) throw new Error(`the card ${taskId} never received "]"`);
  const seenAt = await appearedInColumn(other, { taskId, column: toColumn, timeoutMs });
  return { writerAckMs: ackAt - pressedAt, otherBrowserMs: seenAt - pressedAt };
}

/** One live write's timings, in ms from just before the request was sent. */
export interface LiveSample {
  writerAckMs: number;
  otherBrowserMs: number;
}

/**
 * Creates one task through `caller` and times, from sending the request, the writer's HTTP
 * acknowledgement and the card's first appearance on `other` (which must run
 * `observeAppearances`). Titles must be unique within the run.
 */
export async function timeLiveWrite(options: {
  caller: NodeCaller;
  other: Page;
  task: { projectId: string; statusId: string; title: string };
  timeoutMs: number;
}): Promise<LiveSample> {
  const sentAt = Date.now();
  await createTask(options.caller, options.task);
  const ackAt = Date.now();
  const seenAt = await appearedByTitle(options.other, options.task.title, options.timeoutMs);
  return { writerAckMs: ackAt - sentAt, otherBrowserMs: seenAt - sentAt };
}
