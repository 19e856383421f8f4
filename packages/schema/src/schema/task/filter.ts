import type {
  TaskFilter as DbTaskFilter,
  IdComparison,
  TaskOrder,
} from '@raftboard/db/queries/tasks';
import { filterDepthMax, filterListMax } from '@raftboard/db/queries/tasks';
import type { PriorityId, StatusCategory as StatusCategoryId } from '@raftboard/db/schema';
import { builder } from '../../builder.ts';
import { invalidInput } from '../../errors.ts';
import { decodeGlobalId } from '../../global-id.ts';
import { StatusCategory } from '../status.ts';
import { Priority } from './types.ts';

/** Longest `contains`/`text` needle. */
export const filterTextLengthMax = 200;

type Maybe<T> = T | null | undefined;

interface IdComparatorShape {
  eq?: Maybe<string>;
  neq?: Maybe<string>;
  in?: Maybe<string[]>;
  nin?: Maybe<string[]>;
}
interface StringComparatorShape extends IdComparatorShape {
  contains?: Maybe<string>;
}
interface DateComparatorShape {
  eq?: Maybe<string>;
  neq?: Maybe<string>;
  lt?: Maybe<string>;
  gt?: Maybe<string>;
  null?: Maybe<boolean>;
}
interface EnumComparatorShape<T> {
  eq?: Maybe<T>;
  neq?: Maybe<T>;
  in?: Maybe<T[]>;
  nin?: Maybe<T[]>;
}
interface TaskFilterShape {
  and?: Maybe<TaskFilterShape[]>;
  or?: Maybe<TaskFilterShape[]>;
  id?: Maybe<IdComparatorShape>;
  title?: Maybe<StringComparatorShape>;
  text?: Maybe<string>;
  priority?: Maybe<
    EnumComparatorShape<PriorityId> & { lt?: Maybe<PriorityId>; gt?: Maybe<PriorityId> }
  >;
  status?: Maybe<{
    id?: Maybe<IdComparatorShape>;
    category?: Maybe<EnumComparatorShape<StatusCategoryId>>;
  }>;
  assignee?: Maybe<{ id?: Maybe<IdComparatorShape>; null?: Maybe<boolean> }>;
  labels?: Maybe<{
    id?: Maybe<IdComparatorShape>;
    name?: Maybe<StringComparatorShape>;
    null?: Maybe<boolean>;
  }>;
  parent?: Maybe<{ id?: Maybe<IdComparatorShape>; null?: Maybe<boolean> }>;
  dueDate?: Maybe<DateComparatorShape>;
  createdAt?: Maybe<{ lt?: Maybe<Date>; gt?: Maybe<Date> }>;
  updatedAt?: Maybe<{ lt?: Maybe<Date>; gt?: Maybe<Date> }>;
}

/** The list bound every `in`/`nin` shares. */
const listDescription = `at most ${filterListMax} values`;

const IDComparator = builder.inputRef<IdComparatorShape>('IDComparator').implement({
  description: [
    'Compares an id. Give global ids of the type the field names (BAD_USER_INPUT otherwise).',
    'Every given operator must hold.',
  ].join(' '),
  fields: (t) => ({
    eq: t.id({ required: false, description: 'Equal to this id.' }),
    neq: t.id({ required: false, description: 'Not equal to this id.' }),
    in: t.idList({
      required: false,
      description: `One of these ids (${listDescription}); [] matches nothing.`,
    }),
    nin: t.idList({
      required: false,
      description: `None of these ids (${listDescription}).`,
    }),
  }),
});

const StringComparator = builder.inputRef<StringComparatorShape>('StringComparator').implement({
  description: 'Compares text, case-insensitively. Every given operator must hold.',
  fields: (t) => ({
    eq: t.string({ required: false, description: 'The whole text equals this.' }),
    neq: t.string({ required: false, description: 'The whole text differs from this.' }),
    in: t.stringList({
      required: false,
      description: `The whole text is one of these (${listDescription}); [] matches nothing.`,
    }),
    nin: t.stringList({
      required: false,
      description: `The whole text is none of these (${listDescription}).`,
    }),
    contains: t.string({
      required: false,
      description: [
        'Contains this substring, taken literally; at most',
        `${filterTextLengthMax} characters.`,
      ].join(' '),
    }),
  }),
});

const DateComparator = builder.inputRef<DateComparatorShape>('DateComparator').implement({
  description: 'Compares a calendar day. Every given operator must hold.',
  fields: (t) => ({
    eq: t.field({ type: 'Date', required: false, description: 'On this day.' }),
    neq: t.field({
      type: 'Date',
      required: false,
      description: 'Not on this day (tasks without a day match).',
    }),
    lt: t.field({ type: 'Date', required: false, description: 'Before this day.' }),
    gt: t.field({ type: 'Date', required: false, description: 'After this day.' }),
    null: t.boolean({
      required: false,
      description: 'True: tasks without a day; false: tasks with one.',
    }),
  }),
});

const DateTimeComparator = builder
  .inputRef<{ lt?: Maybe<Date>; gt?: Maybe<Date> }>('DateTimeComparator')
  .implement({
    description: 'Compares an instant. Both bounds are exclusive; give one or both.',
    fields: (t) => ({
      lt: t.field({ type: 'DateTime', required: false, description: 'Strictly before this.' }),
      gt: t.field({ type: 'DateTime', required: false, description: 'Strictly after this.' }),
    }),
  });

const PriorityComparator = builder
  .inputRef<NonNullable<TaskFilterShape['priority']>>('PriorityComparator')
  .implement({
    description: [
      'Compares a priority. `lt`/`gt` compare urgency: NONE < LOW < MEDIUM < HIGH < URGENT.',
      'Every given operator must hold.',
    ].join(' '),
    fields: (t) => ({
      eq: t.field({ type: Priority, required: false, description: 'Exactly this priority.' }),
      neq: t.field({ type: Priority, required: false, description: 'Any other priority.' }),
      in: t.field({
        type: [Priority],
        required: false,
        description: 'One of these; [] matches nothing.',
      }),
      nin: t.field({ type: [Priority], required: false, description: 'None of these.' }),
      lt: t.field({ type: Priority, required: false, description: 'Less urgent than this.' }),
      gt: t.field({ type: Priority, required: false, description: 'More urgent than this.' }),
    }),
  });

const CategoryComparator = builder
  .inputRef<EnumComparatorShape<StatusCategoryId>>('StatusCategoryComparator')
  .implement({
    description: 'Compares the category of a task’s status. Every given operator must hold.',
    fields: (t) => ({
      eq: t.field({ type: StatusCategory, required: false, description: 'This category.' }),
      neq: t.field({ type: StatusCategory, required: false, description: 'Any other category.' }),
      in: t.field({
        type: [StatusCategory],
        required: false,
        description: 'One of these; [] matches nothing.',
      }),
      nin: t.field({ type: [StatusCategory], required: false, description: 'None of these.' }),
    }),
  });

const StatusFilter = builder
  .inputRef<NonNullable<TaskFilterShape['status']>>('TaskStatusFilter')
  .implement({
    description: 'Matches a task’s status (its column), by id or by category.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false, description: 'Status ids.' }),
      category: t.field({
        type: CategoryComparator,
        required: false,
        description: 'The status’s category.',
      }),
    }),
  });

const AssigneeFilter = builder
  .inputRef<NonNullable<TaskFilterShape['assignee']>>('TaskAssigneeFilter')
  .implement({
    description: '`eq`/`in`: some assignee matches; `neq`/`nin`: none does; `null`: unassigned.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false, description: 'User ids.' }),
      null: t.boolean({
        required: false,
        description: 'True: tasks without assignees; false: tasks with at least one.',
      }),
    }),
  });

const LabelsFilter = builder
  .inputRef<NonNullable<TaskFilterShape['labels']>>('TaskLabelsFilter')
  .implement({
    description: '`eq`/`in`: some label matches; `neq`/`nin`: none does; `null`: no labels.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false, description: 'Label ids.' }),
      name: t.field({ type: StringComparator, required: false, description: 'Label names.' }),
      null: t.boolean({
        required: false,
        description: 'True: tasks without labels; false: tasks with at least one.',
      }),
    }),
  });

const ParentFilter = builder
  .inputRef<NonNullable<TaskFilterShape['parent']>>('TaskParentFilter')
  .implement({
    description: 'Matches a task’s parent; `null: true` lists top-level tasks only.',
    fields: (t) => ({
      id: t.field({
        type: IDComparator,
        required: false,
        description: 'Task ids of the parent (subtasks of these).',
      }),
      null: t.boolean({
        required: false,
        description: 'True: top-level tasks; false: subtasks.',
      }),
    }),
  });

/** Linear-style task filter: every given field must match; `and`/`or` nest. */
export const TaskFilter = builder.inputRef<TaskFilterShape>('TaskFilter').implement({
  description: [
    `Every given field must match; \`and\`/\`or\` nest up to ${filterDepthMax} deep, and`,
    `every list holds at most ${filterListMax} items. BAD_USER_INPUT past these bounds.`,
  ].join(' '),
  fields: (t) => ({
    and: t.field({ type: [TaskFilter], required: false, description: 'All of these match.' }),
    or: t.field({
      type: [TaskFilter],
      required: false,
      description: 'At least one of these matches ([] is ignored).',
    }),
    id: t.field({ type: IDComparator, required: false, description: 'The task’s id.' }),
    title: t.field({ type: StringComparator, required: false, description: 'The title.' }),
    text: t.string({
      required: false,
      description: [
        'Words of the title or description, case-insensitive: a word of 3+ letters matches the',
        'start of a word (FULLTEXT), a shorter one or a common stopword ("the", "for") matches',
        `anywhere. At most ${filterTextLengthMax} characters.`,
      ].join(' '),
    }),
    priority: t.field({
      type: PriorityComparator,
      required: false,
      description: 'The priority.',
    }),
    status: t.field({ type: StatusFilter, required: false, description: 'The column.' }),
    assignee: t.field({ type: AssigneeFilter, required: false, description: 'The assignees.' }),
    labels: t.field({ type: LabelsFilter, required: false, description: 'The labels.' }),
    parent: t.field({ type: ParentFilter, required: false, description: 'The parent task.' }),
    dueDate: t.field({ type: DateComparator, required: false, description: 'The due day.' }),
    createdAt: t.field({
      type: DateTimeComparator,
      required: false,
      description: 'When it was created.',
    }),
    updatedAt: t.field({
      type: DateTimeComparator,
      required: false,
      description: 'When it last changed.',
    }),
  }),
});

const TaskOrderField = builder.enumType('TaskOrderField', {
  description: 'What to sort tasks by; ties break by id, so pages are stable.',
  values: {
    CREATED: { value: 'created', description: 'Creation time.' },
    UPDATED: { value: 'updated', description: 'Time of the last change.' },
    DUE: { value: 'due', description: 'Due day; tasks without one come last either way.' },
    PRIORITY: { value: 'priority', description: 'Urgency (ASC: NONE first).' },
    POSITION: { value: 'position', description: 'Board order: column, then card.' },
  } as const,
});

const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { value: 'asc', description: 'Smallest, earliest or least urgent first.' },
    DESC: { value: 'desc', description: 'Largest, latest or most urgent first.' },
  } as const,
});

/** Sort order of a task listing. */
export const TaskOrderInput = builder.inputType('TaskOrder', {
  description: 'How to sort a task listing.',
  fields: (t) => ({
    field: t.field({ type: TaskOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({
      type: OrderDirection,
      required: false,
      defaultValue: 'asc',
      description: 'Default: ASC.',
    }),
  }),
});

function text(value: string, name: string): string {
  if (value.length > filterTextLengthMax) {
    throw invalidInput(`${name} is at most ${filterTextLengthMax} characters`);
  }
  return value;
}

function list<T>(values: Maybe<T[]>, name: string): T[] | undefined {
  if (values == null) return undefined;
  if (values.length > filterListMax) throw invalidInput(`${name} lists at most ${filterListMax}`);
  return values;
}

function idOf(globalId: string, typename: string): string {
  const decoded = decodeGlobalId(globalId);
  if (decoded.typename !== typename) throw invalidInput(`expected a ${typename} id`);
  return decoded.id;
}

function ids(c: Maybe<IdComparatorShape>, typename: string): IdComparison | undefined {
  if (c == null) return undefined;
  return {
    eq: c.eq == null ? undefined : idOf(c.eq, typename),
    neq: c.neq == null ? undefined : idOf(c.neq, typename),
    in: list(c.in, 'in')?.map((id) => idOf(id, typename)),
    nin: list(c.nin, 'nin')?.map((id) => idOf(id, typename)),
  };
}

function strings(c: Maybe<StringComparatorShape>) {
  if (c == null) return undefined;
  return {
    eq: c.eq ?? undefined,
    neq: c.neq ?? undefined,
    in: list(c.in, 'in'),
    nin: list(c.nin, 'nin'),
    contains: c.contains == null ? undefined : text(c.contains, 'contains'),
  };
}

function undefinedForNull<T extends object>(value: Maybe<T>) {
  if (value == null) return undefined;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) result[key] = entry ?? undefined;
  return result as { [K in keyof T]: Exclude<T[K], null> };
}

/** The database filter for a GraphQL filter; BAD_USER_INPUT for ids of the wrong type. */
export function toDbFilter(filter: TaskFilterShape, depth = 0): DbTaskFilter {
  if (depth >= filterDepthMax) throw invalidInput(`filters nest at most ${filterDepthMax} deep`);
  const nested = (filters: Maybe<TaskFilterShape[]>, name: string) =>
    list(filters, name)?.map((f) => toDbFilter(f, depth + 1));
  const priority = undefinedForNull(filter.priority);
  return {
    and: nested(filter.and, 'and'),
    or: nested(filter.or, 'or'),
    id: ids(filter.id, 'Task'),
    title: strings(filter.title),
    text: filter.text == null ? undefined : text(filter.text, 'text'),
    priority: priority && {
      ...priority,
      in: list(filter.priority?.in, 'in'),
      nin: list(filter.priority?.nin, 'nin'),
    },
    status:
      filter.status == null
        ? undefined
        : {
            id: ids(filter.status.id, 'Status'),
            category:
              filter.status.category == null
                ? undefined
                : {
                    eq: filter.status.category.eq ?? undefined,
                    neq: filter.status.category.neq ?? undefined,
                    in: list(filter.status.category.in, 'in'),
                    nin: list(filter.status.category.nin, 'nin'),
                  },
          },
    assignee:
      filter.assignee == null
        ? undefined
        : {
            id: ids(filter.assignee.id, 'User'),
            null: filter.assignee.null ?? undefined,
          },
    labels:
      filter.labels == null
        ? undefined
        : {
            id: ids(filter.labels.id, 'Label'),
            name: strings(filter.labels.name),
            null: filter.labels.null ?? undefined,
          },
    parent:
      filter.parent == null
        ? undefined
        : {
            id: ids(filter.parent.id, 'Task'),
            null: filter.parent.null ?? undefined,
          },
    dueDate: undefinedForNull(filter.dueDate),
    createdAt: undefinedForNull(filter.createdAt),
    updatedAt: undefinedForNull(filter.updatedAt),
  };
}

/** The database order for a GraphQL order (default: board position). */
export function toDbOrder(order: Maybe<{ field: string; direction?: Maybe<string> }>): TaskOrder {
  if (order == null) return { field: 'position', direction: 'asc' };
  return {
    field: order.field as TaskOrder['field'],
    direction: order.direction === 'desc' ? 'desc' : 'asc',
  };
}
