// Goal: project.report computes completion rate, weekly throughput, lead/cycle time
// percentiles, aging, cumulative flow and per-assignee work from the events table alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectReport, percentile, type ReportEvent } from '../src/reports/project-report.ts';
import {
  errorCodes,
  type LooseData,
  signUp,
  startTestServer,
  type TestServer,
} from '../src/testing/client.ts';

const day = (n: number) => new Date(Date.UTC(2026, 10, 2 + n));
const categories: Record<string, 'unstarted' | 'started' | 'completed'> = {
  todo: 'unstarted',
  doing: 'started',
  done: 'completed',
};
const move = (id: string, to: string, at: Date): ReportEvent => ({
  kind: 'task.moved',
  entityId: id,
  at,
  payload: { changes: { statusId: { from: null, to } } },
});
const create = (id: string, at: Date, assigneeIds: string[] = []): ReportEvent => ({
  kind: 'task.created',
  entityId: id,
  at,
  payload: { statusId: 'todo', assigneeIds },
});

describe('buildProjectReport', () => {
  const events: ReportEvent[] = [
    create('a', day(0), ['u1']),
    create('b', day(0), ['u1']),
    create('c', day(1), ['u2']),
    move('a', 'doing', day(1)),
    move('a', 'done', day(3)),
    move('b', 'doing', day(2)),
    move('b', 'done', day(9)),
    create('d', day(10)),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
  const report = buildProjectReport(
    events,
    { from: day(-1), to: day(13) },
    (id) => categories[id] ?? 'unstarted',
  );

  it('counts scope, completions and the completion rate', () => {
    expect(report).toMatchObject({ scope: 4, completed: 2, completionRate: 0.5 });
  });

  it('measures lead and cycle time', () => {
    expect(report.leadTime).toEqual({ p50Hours: 72, p85Hours: 216, count: 2 });
    expect(report.cycleTime).toEqual({ p50Hours: 48, p85Hours: 168, count: 2 });
  });

  it('bins throughput by ISO week and ages open tasks', () => {
    expect(report.throughputPerWeek.map((w) => w.completed)).toEqual([0, 1, 1]);
    expect(report.throughputPerWeek[0]?.weekStart.toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(report.aging).toEqual([
      { label: 'under 1 day', count: 0 },
      { label: '1-7 days', count: 1 },
      { label: '7-30 days', count: 1 },
      { label: '30 days or more', count: 0 },
    ]);
  });

  it('draws cumulative flow per day and work per assignee', () => {
    expect(report.cumulativeFlow).toHaveLength(14);
    expect(report.cumulativeFlow.at(-1)?.counts).toMatchObject({ unstarted: 2, completed: 2 });
    expect(report.perAssignee).toEqual([
      { userId: 'u1', open: 0, completed: 2 },
      { userId: 'u2', open: 1, completed: 0 },
    ]);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 85)).toBeNull();
  });
});

describe('project.report through GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('schema_report');
  });
  afterAll(() => server.close());

  it('reports a completed task and refuses a window that is too long', async () => {
    const owner = await signUp(server, 'Reporter');
    const gql = async (query: string, variables: Record<string, unknown> = {}) =>
      (await server.gql(query, variables, owner.token)).data as LooseData;
    const project = (
      await gql(
        'mutation { createProject(input: { name: "R" }) { project { id statuses { id name } } } }',
      )
    ).createProject.project;
    const task = (
      await gql(
        'mutation ($p: ID!) { createTask(input: { projectId: $p, title: "t" }) { task { id } } }',
        {
          p: project.id,
        },
      )
    ).createTask.task;
    const done = project.statuses.find((s: LooseData) => s.name === 'Done').id;
    await gql('mutation ($i: MoveTaskInput!) { moveTask(input: $i) { success } }', {
      i: { id: task.id, statusId: done },
    });
    const now = Date.now();
    const window = {
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    };
    const query = `query ($p: ID!, $from: DateTime!, $to: DateTime!) { project(id: $p) {
      report(from: $from, to: $to) { scope completed completionRate leadTime { count }
        cumulativeFlow { day completed } perAssignee { open } } } }`;
    const report = (await gql(query, { p: project.id, ...window })).project.report;
    expect(report).toMatchObject({ scope: 1, completed: 1, completionRate: 1 });
    expect(report.cumulativeFlow.at(-1).completed).toBe(1);
    const tooLong = await server.gql(
      query,
      { p: project.id, from: '2020-01-01T00:00:00Z', to: window.to },
      owner.token,
    );
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
  });
});
