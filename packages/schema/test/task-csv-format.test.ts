// Goal: the task CSV format on its own (no database): the formula guard is undone exactly by
// import, every exported cell is safe to open in a spreadsheet, what is exported parses back to
// the same cells, and names resolve as documented (labels with ";" in them included).
import fc from 'fast-check';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { formulaTriggerPattern, guardedCell, unguardedCell } from '../src/csv/formula-guard.ts';
import {
  type TaskCsvRecord,
  taskCsvColumns,
  taskCsvHeader,
  taskCsvRecords,
} from '../src/csv/task-csv-export.ts';
import {
  isCalendarDate,
  parseTaskCsv,
  resolveTaskCsvRow,
  taskCsvLookups,
} from '../src/csv/task-csv-import.ts';

/** Text that likes to start with formula characters and hold CSV's special ones. */
const awkwardText = fc.string({
  unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'", '"', ',', ';', ' ', 'a', 'é'),
  maxLength: 12,
});

it('undoes its own formula guard exactly, and leaves no cell a spreadsheet would run', () => {
  fc.assert(
    fc.property(awkwardText, (text) => {
      const guarded = guardedCell(text);
      expect(unguardedCell(guarded)).toBe(text);
      expect(/^[=+\-@\t\r]/.test(guarded)).toBe(false);
    }),
  );
  // papaparse's own pattern misses a formula followed by a line break; this one does not.
  expect(guardedCell('=HYPERLINK("http://x")\nmore')).toBe('\'=HYPERLINK("http://x")\nmore');
  expect(formulaTriggerPattern.test('plain')).toBe(false);
});

const record = (title: string, description: string): TaskCsvRecord => ({
  id: 'VGFzazox',
  title,
  description,
  status: 'Todo',
  priority: 'HIGH',
  dueDate: '2026-05-01',
  startDate: null,
  labels: ['bug', '-minus'],
  assignees: ['ada'],
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
  completedAt: null,
});

it('parses what it exports back to the same cells (RFC 4180 quoting, CRLF)', () => {
  fc.assert(
    fc.property(
      awkwardText.filter((title) => title.trim() !== ''),
      awkwardText,
      (title, text) => {
        const csv = `${taskCsvHeader()}\r\n${taskCsvRecords([record(title, text)])}`;
        const parsed = parseTaskCsv(csv, { rowsMax: 10 });
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows).toEqual([
          {
            row: 2,
            cells: {
              title,
              description: text,
              status: 'Todo',
              priority: 'HIGH',
              dueDate: '2026-05-01',
              labels: 'bug; -minus',
              assignees: 'ada',
            },
          },
        ]);
        const cells = Papa.parse<string[]>(csv).data.flat();
        expect(cells.some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
      },
    ),
  );
  expect(taskCsvHeader()).toBe(taskCsvColumns.join(','));
});

it('reads headers loosely, skips blank rows and export-only columns, and names bad rows', () => {
  const csv = '\uFEFFTitle,Due Date,ID\n"a, b",2026-02-28,x\n\n,,\nc,2026-02-30,y\n';
  const parsed = parseTaskCsv(csv, { rowsMax: 10 });
  expect(parsed.errors).toEqual([]);
  expect(parsed.rows.map((row) => row.row)).toEqual([2, 5]);
  expect(parsed.rows[0]?.cells).toEqual({ title: 'a, b', dueDate: '2026-02-28' });
  expect(parseTaskCsv('name,notes\nx,y', { rowsMax: 10 }).errors).toEqual([
    { row: 1, column: null, message: expect.stringContaining('unknown column "name"') },
    { row: 1, column: null, message: expect.stringContaining('unknown column "notes"') },
    { row: 1, column: 'title', message: 'the header row has no title column' },
  ]);
  expect(parseTaskCsv('title\na,b', { rowsMax: 10 }).errors[0]).toMatchObject({ row: 2 });
  expect(parseTaskCsv('title\na\nb', { rowsMax: 1 }).errors[0]?.message).toMatch('at most 1');
  expect(parseTaskCsv('title\n"open', { rowsMax: 1 }).errors[0]).toMatchObject({ row: 2 });
  expect([isCalendarDate('2024-02-29'), isCalendarDate('2026-02-29')]).toEqual([true, false]);
});

it('resolves names case-insensitively, labels with ";" in them, and members by email', () => {
  const lookups = taskCsvLookups({
    statuses: [{ id: 's1', name: 'In Progress' }],
    labels: [
      { id: 'l1', name: 'ui;ux' },
      { id: 'l2', name: 'ui' },
      { id: 'l3', name: 'Bug' },
    ],
    members: [{ id: 'u1', username: 'ada', email: 'ada@example.test' }],
  });
  const cells = {
    title: 'T',
    status: 'in progress',
    priority: 'urgent',
    labels: 'bug; UI; UX; ui',
    assignees: 'ADA@example.test; @ada',
  };
  expect(resolveTaskCsvRow({ row: 2, cells }, lookups)).toEqual({
    task: {
      title: 'T',
      description: '',
      statusId: 's1',
      priority: 'urgent',
      dueDate: null,
      labelIds: ['l3', 'l1', 'l2'],
      assigneeIds: ['u1'],
    },
    errors: [],
  });
  const bad = resolveTaskCsvRow(
    {
      row: 7,
      cells: { title: ' ', status: 'Doing', priority: 'p1', labels: 'nope', assignees: 'bob' },
    },
    lookups,
  );
  expect(bad.errors.map((error) => [error.row, error.column])).toEqual([
    [7, 'title'],
    [7, 'status'],
    [7, 'priority'],
    [7, 'labels'],
    [7, 'assignees'],
  ]);
});
