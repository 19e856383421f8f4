import { usersByIds } from '@raftboard/db/queries/auth';
import { statusesOfProject } from '@raftboard/db/queries/projects';
import { reportDaysMax, reportEventsMax, taskEventsUntil } from '@raftboard/db/queries/reports';
import { builder } from '../builder.ts';
import { invalidInput } from '../errors.ts';
import {
  buildProjectReport,
  type Category,
  type Percentiles,
  type ProjectReport as Report,
} from '../reports/project-report.ts';
import { Project } from './project.ts';
import { User } from './user.ts';

const DurationPercentiles = builder.objectRef<Percentiles>('DurationPercentiles').implement({
  description: 'Durations in hours (nearest-rank percentiles); null without data.',
  fields: (t) => ({
    p50Hours: t.exposeFloat('p50Hours', {
      nullable: true,
      description: 'Median duration in hours; null when no task was measured.',
    }),
    p85Hours: t.exposeFloat('p85Hours', {
      nullable: true,
      description: '85th-percentile duration in hours; null when no task was measured.',
    }),
    count: t.exposeInt('count', { description: 'How many tasks were measured.' }),
  }),
});

const WeeklyThroughput = builder
  .objectRef<Report['throughputPerWeek'][number]>('WeeklyThroughput')
  .implement({
    description: 'Tasks completed in one calendar week (Monday to Sunday, UTC).',
    fields: (t) => ({
      weekStart: t.expose('weekStart', { type: 'DateTime', description: 'Monday 00:00 UTC.' }),
      completed: t.exposeInt('completed', {
        description: 'Tasks that entered a COMPLETED column that week, within the window.',
      }),
    }),
  });

const AgingBucket = builder.objectRef<Report['aging'][number]>('AgingBucket').implement({
  description: 'Open tasks of one age range (age: time since creation, at `to`).',
  fields: (t) => ({
    label: t.exposeString('label', {
      description: 'The range: under 1 day, 1-7 days, 7-30 days, 30 days or more.',
    }),
    count: t.exposeInt('count', { description: 'Open tasks in that range.' }),
  }),
});

const CumulativeFlowDay = builder
  .objectRef<Report['cumulativeFlow'][number]>('CumulativeFlowDay')
  .implement({
    description: 'Live tasks per status category at the end of a day (UTC).',
    fields: (t) => ({
      day: t.expose('day', { type: 'Date', description: 'The day (UTC).' }),
      ...Object.fromEntries(
        (['backlog', 'unstarted', 'started', 'completed', 'canceled'] as Category[]).map((c) => [
          c,
          t.int({
            description: `Live tasks in a ${c.toUpperCase()} column at the end of the day.`,
            resolve: (day) => day.counts[c],
          }),
        ]),
      ),
    }),
  });

const AssigneeWork = builder.objectRef<Report['perAssignee'][number]>('AssigneeWork').implement({
  description: 'One assignee’s open tasks (at `to`) and tasks completed in the window.',
  fields: (t) => ({
    open: t.exposeInt('open', { description: 'Their tasks still open at `to`.' }),
    completed: t.exposeInt('completed', {
      description: 'Their tasks completed in the window (and not deleted).',
    }),
    user: t.field({
      type: User,
      nullable: true,
      description: 'The assignee; null when you cannot see them (no longer in your projects).',
      resolve: async (row, _args, context) =>
        (await usersByIds(context.db, [row.userId]))[0] ?? null,
    }),
  }),
});

const ProjectReportRef = builder.objectRef<Report>('ProjectReport').implement({
  description: [
    'Flow metrics of the window (from, to], replayed from the project’s task events. Only',
    'tasks that are not deleted count; “open” means not in a COMPLETED or CANCELED column.',
  ].join(' '),
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime', description: 'Start of the window (exclusive).' }),
    to: t.expose('to', { type: 'DateTime', description: 'End of the window (inclusive).' }),
    scope: t.exposeInt('scope', {
      description: 'Tasks open at `from` plus tasks created in the window.',
    }),
    completed: t.exposeInt('completed', { description: 'Tasks completed in the window.' }),
    completionRate: t.exposeFloat('completionRate', {
      description: 'completed / scope, from 0 to 1; 0 when the scope is empty.',
    }),
    throughputPerWeek: t.field({
      type: [WeeklyThroughput],
      description: 'Completions per week, for every week the window touches, oldest first.',
      resolve: (r) => r.throughputPerWeek,
    }),
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
    cumulativeFlow: t.field({
      type: [CumulativeFlowDay],
      description: 'Tasks per category at the end of each day of the window, oldest first.',
      resolve: (r) => r.cumulativeFlow,
    }),
    perAssignee: t.field({
      type: [AssigneeWork],
      description: 'Work per assignee, busiest (open + completed) first.',
      resolve: (r) => r.perAssignee,
    }),
  }),
});

builder.objectField(Project, 'report', (t) =>
  t.field({
    type: ProjectReportRef,
    description: [
      `Flow report of the window (from, to], 1 to ${reportDaysMax} days (BAD_USER_INPUT`,
      `otherwise, and for a project with more than ${reportEventsMax} task events).`,
    ].join(' '),
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Window start (exclusive).' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'Window end (inclusive).' }),
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
