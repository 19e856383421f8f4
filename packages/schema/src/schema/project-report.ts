import { usersByIds } from '@raftboard/db/queries/auth';
import { statusesOfProject } from '@raftboard/db/queries/projects';
import { reportEventsMax, taskEventsUntil } from '@raftboard/db/queries/reports';
import { builder } from '../builder.ts';
import { invalidInput } from '../errors.ts';
import {
  buildProjectReport,
  type Category,
  type Percentiles,
  type ProjectReport as Report,
  reportDaysMax,
} from '../reports/project-report.ts';
import { Project } from './project.ts';
import { User } from './user.ts';

const DurationPercentiles = builder.objectRef<Percentiles>('DurationPercentiles').implement({
  description: 'Durations in hours (nearest-rank percentiles); null without data.',
  fields: (t) => ({
    p50Hours: t.exposeFloat('p50Hours', { nullable: true }),
    p85Hours: t.exposeFloat('p85Hours', { nullable: true }),
    count: t.exposeInt('count', { description: 'How many tasks were measured.' }),
  }),
});

const WeeklyThroughput = builder
  .objectRef<Report['throughputPerWeek'][number]>('WeeklyThroughput')
  .implement({
    fields: (t) => ({
      weekStart: t.expose('weekStart', { type: 'DateTime', description: 'Monday 00:00 UTC.' }),
      completed: t.exposeInt('completed'),
    }),
  });

const AgingBucket = builder.objectRef<Report['aging'][number]>('AgingBucket').implement({
  fields: (t) => ({ label: t.exposeString('label'), count: t.exposeInt('count') }),
});

const CumulativeFlowDay = builder
  .objectRef<Report['cumulativeFlow'][number]>('CumulativeFlowDay')
  .implement({
    description: 'Live tasks per status category at the end of a day (UTC).',
    fields: (t) => ({
      day: t.expose('day', { type: 'Date' }),
      ...Object.fromEntries(
        (['backlog', 'unstarted', 'started', 'completed', 'canceled'] as Category[]).map((c) => [
          c,
          t.int({ resolve: (day) => day.counts[c] }),
        ]),
      ),
    }),
  });

const AssigneeWork = builder.objectRef<Report['perAssignee'][number]>('AssigneeWork').implement({
  description: 'One assignee’s open tasks (at `to`) and tasks completed in the window.',
  fields: (t) => ({
    open: t.exposeInt('open'),
    completed: t.exposeInt('completed'),
    user: t.field({
      type: User,
      nullable: true,
      resolve: async (row, _args, context) =>
        (await usersByIds(context.db, [row.userId]))[0] ?? null,
    }),
  }),
});

const ProjectReportRef = builder.objectRef<Report>('ProjectReport').implement({
  description: 'Flow metrics of a window, computed from the events table.',
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    scope: t.exposeInt('scope', {
      description: 'Tasks open at `from` plus tasks created in the window.',
    }),
    completed: t.exposeInt('completed', { description: 'Tasks completed in the window.' }),
    completionRate: t.exposeFloat('completionRate', { description: 'completed / scope.' }),
    throughputPerWeek: t.field({ type: [WeeklyThroughput], resolve: (r) => r.throughputPerWeek }),
    leadTime: t.field({
      type: DurationPercentiles,
      description: 'Creation to completion, for tasks completed in the window.',
      resolve: (r) => r.leadTime,
    }),
    cycleTime: t.field({
      type: DurationPercentiles,
      description: 'First start to completion, for tasks completed in the window.',
      resolve: (r) => r.cycleTime,
    }),
    aging: t.field({
      type: [AgingBucket],
      description: 'Open tasks at `to`, by age.',
      resolve: (r) => r.aging,
    }),
    cumulativeFlow: t.field({ type: [CumulativeFlowDay], resolve: (r) => r.cumulativeFlow }),
    perAssignee: t.field({ type: [AssigneeWork], resolve: (r) => r.perAssignee }),
  }),
});

builder.objectField(Project, 'report', (t) =>
  t.field({
    type: ProjectReportRef,
    description: `Flow report of the window (from, to], at most ${reportDaysMax} days.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: async (project, args, context) => {
      await context.access.require(project.id, 'viewer');
      const events = await taskEventsUntil(context.db, project.id, args.to, reportEventsMax + 1);
      if (events.length > reportEventsMax) {
        throw invalidInput(`the project has more than ${reportEventsMax} task events to replay`);
      }
      const statuses = await statusesOfProject(context.db, project.id);
      const categories = new Map(statuses.map((status) => [status.id, status.category]));
      try {
        return buildProjectReport(events, args, (id) => categories.get(id) ?? 'backlog');
      } catch (error) {
        if (error instanceof RangeError) throw invalidInput(error.message);
        throw error;
      }
    },
  }),
);
