import { recurrenceRuleLengthMax } from '@raftboard/db/commands';
import { occurrenceOfTask, recurrencesOfTasks } from '@raftboard/db/queries/recurrences';
import type { RecurrenceRow } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import { invalidInput } from '../../errors.ts';
import { requestIdDescription } from '../../write/payload.ts';
import { once, propose } from '../../write/propose.ts';
import { TaskPayload, taskPayload } from './mutations.ts';
import { loadTasks, requireTask, Task } from './types.ts';

/** Shorthands for the rules most people want. */
const presets: Record<string, string> = {
  DAILY: 'FREQ=DAILY',
  WEEKDAYS: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  WEEKLY: 'FREQ=WEEKLY',
  MONTHLY: 'FREQ=MONTHLY',
  YEARLY: 'FREQ=YEARLY',
};

/** The RRULE a client gave: a preset's, or its own with any `RRULE:` prefix dropped. */
function ruleOf(given: string): string {
  const trimmed = given.trim();
  const rule = presets[trimmed.toUpperCase()] ?? trimmed.replace(/^RRULE:/i, '').toUpperCase();
  if (rule.length > recurrenceRuleLengthMax) {
    throw invalidInput(`rule is longer than ${recurrenceRuleLengthMax} characters`);
  }
  return rule;
}

const Recurrence = builder.objectRef<RecurrenceRow>('TaskRecurrence').implement({
  description: [
    'How a task recurs: at each occurrence of `rule` a copy of it (title, description,',
    'priority, labels, assignees) is added to the first open column, due that day. Times are UTC.',
  ].join(' '),
  fields: (t) => ({
    rule: t.exposeString('rule', {
      description: 'The RFC 5545 RRULE, e.g. `FREQ=WEEKLY;BYDAY=MO`.',
    }),
    startsAt: t.expose('startsAt', {
      type: 'DateTime',
      description: 'Where the rule is anchored: the first occurrence and the time of day.',
    }),
    nextAt: t.expose('nextAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The next occurrence; null once the rule has ended (COUNT, UNTIL).',
    }),
    made: t.exposeInt('made', { description: 'How many occurrences were made so far.' }),
  }),
});

builder.objectFields(Task, (t) => ({
  recurrence: t.field({
    type: Recurrence,
    nullable: true,
    description: 'How this task recurs; null when it does not.',
    resolve: async (task, _args, context) =>
      (await recurrencesOfTasks(context.db, [task.id])).get(task.id) ?? null,
  }),
  occurrenceOf: t.field({
    type: Task,
    nullable: true,
    description: 'The recurring task this one is an occurrence of; null for other tasks.',
    resolve: async (task, _args, context) => {
      const occurrence = await occurrenceOfTask(context.db, task.id);
      if (!occurrence) return null;
      return (await loadTasks(context, [occurrence.templateTaskId]))[0] ?? null;
    },
  }),
}));

const SetTaskRecurrenceInput = builder.inputType('SetTaskRecurrenceInput', {
  description: 'A task’s recurrence.',
  fields: (t) => ({
    taskId: t.globalID({ required: true, for: Task, description: 'The task to repeat.' }),
    rule: t.string({
      required: true,
      description: [
        'DAILY, WEEKDAYS, WEEKLY, MONTHLY, YEARLY, or an RFC 5545 RRULE such as',
        '`FREQ=MONTHLY;BYMONTHDAY=1` or `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10`. At most',
        'daily; times are UTC.',
      ].join(' '),
    }),
    startsAt: t.field({
      type: 'DateTime',
      required: false,
      description: [
        'Anchor of the rule (its first possible occurrence and time of day). Default: now.',
        'Occurrences before the change are never made.',
      ].join(' '),
    }),
    requestId: t.string({ required: false, description: requestIdDescription }),
  }),
});

builder.mutationField('setTaskRecurrence', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Makes a task recur, or changes how (members and up). BAD_USER_INPUT for a rule that is',
      'not one, recurs more than daily, or has no occurrence in the next five years.',
    ].join(' '),
    args: {
      input: t.arg({ type: SetTaskRecurrenceInput, required: true, description: 'The rule.' }),
    },
    resolve: async (_root, { input }, context) => {
      const task = await requireTask(context, input.taskId.id);
      await context.access.require(task.projectId, 'member');
      const committed = await propose(context, {
        type: 'recurrence.set',
        payload: {
          recurrenceId: context.newId(),
          taskId: task.id,
          rule: ruleOf(input.rule),
          startsAt: (input.startsAt ?? context.now()).getTime(),
        },
        requestId: input.requestId,
      });
      return taskPayload(context, committed.index, task.id);
    },
  }),
);

builder.mutationField('clearTaskRecurrence', (t) =>
  t.field({
    type: TaskPayload,
    description: [
      'Stops a task recurring (members and up); the occurrences already made stay. NOT_FOUND',
      'when it does not recur.',
    ].join(' '),
    args: {
      taskId: t.arg.globalID({ required: true, for: Task, description: 'The recurring task.' }),
      requestId: t.arg.string({ required: false, description: requestIdDescription }),
    },
    resolve: async (_root, args, context) => {
      const committed = await once(context, args.requestId, async () => {
        const task = await requireTask(context, args.taskId.id);
        await context.access.require(task.projectId, 'member');
        return propose(context, {
          type: 'recurrence.clear',
          payload: { taskId: task.id },
          requestId: args.requestId,
        });
      });
      return taskPayload(context, committed.index, args.taskId.id);
    },
  }),
);
