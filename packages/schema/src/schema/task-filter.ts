import type {
  TaskFilter as DbTaskFilter,
  IdComparison,
  TaskOrder,
} from '@raftboard/db/queries/tasks';
import { filterDepthMax, filterListMax } from '@raftboard/db/queries/tasks';
import type { PriorityId, StatusCategory as StatusCategoryId } from '@raftboard/db/schema';
import { builder } from '../builder.ts';
import { invalidInput } from '../errors.ts';
import { decodeGlobalId } from '../global-id.ts';
import { StatusCategory } from './status.ts';

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

/** Task priority, least to most urgent. */
export const Priority = builder.enumType('Priority', {
  values: {
    NONE: { value: 'none' },
    LOW: { value: 'low' },
    MEDIUM: { value: 'medium' },
    HIGH: { value: 'high' },
    URGENT: { value: 'urgent' },
  } as const,
});

const IDComparator = builder.inputRef<IdComparatorShape>('IDComparator').implement({
  description: 'Compares an id (global ids of the right type).',
  fields: (t) => ({
    eq: t.id({ required: false }),
    neq: t.id({ required: false }),
    in: t.idList({ required: false }),
    nin: t.idList({ required: false }),
  }),
});

const StringComparator = builder.inputRef<StringComparatorShape>('StringComparator').implement({
  description: '`contains` is a case-insensitive substring match.',
  fields: (t) => ({
    eq: t.string({ required: false }),
    neq: t.string({ required: false }),
    in: t.stringList({ required: false }),
    nin: t.stringList({ required: false }),
    contains: t.string({ required: false }),
  }),
});

const DateComparator = builder.inputRef<DateComparatorShape>('DateComparator').implement({
  description: 'Compares a calendar day; `null: true` matches tasks without one.',
  fields: (t) => ({
    eq: t.field({ type: 'Date', required: false }),
    neq: t.field({ type: 'Date', required: false }),
    lt: t.field({ type: 'Date', required: false }),
    gt: t.field({ type: 'Date', required: false }),
    null: t.boolean({ required: false }),
  }),
});

const DateTimeComparator = builder
  .inputRef<{ lt?: Maybe<Date>; gt?: Maybe<Date> }>('DateTimeComparator')
  .implement({
    fields: (t) => ({
      lt: t.field({ type: 'DateTime', required: false }),
      gt: t.field({ type: 'DateTime', required: false }),
    }),
  });

const PriorityComparator = builder
  .inputRef<NonNullable<TaskFilterShape['priority']>>('PriorityComparator')
  .implement({
    description: '`lt`/`gt` compare urgency: NONE < LOW < MEDIUM < HIGH < URGENT.',
    fields: (t) => ({
      eq: t.field({ type: Priority, required: false }),
      neq: t.field({ type: Priority, required: false }),
      in: t.field({ type: [Priority], required: false }),
      nin: t.field({ type: [Priority], required: false }),
      lt: t.field({ type: Priority, required: false }),
      gt: t.field({ type: Priority, required: false }),
    }),
  });

const CategoryComparator = builder
  .inputRef<EnumComparatorShape<StatusCategoryId>>('StatusCategoryComparator')
  .implement({
    fields: (t) => ({
      eq: t.field({ type: StatusCategory, required: false }),
      neq: t.field({ type: StatusCategory, required: false }),
      in: t.field({ type: [StatusCategory], required: false }),
      nin: t.field({ type: [StatusCategory], required: false }),
    }),
  });

const StatusFilter = builder
  .inputRef<NonNullable<TaskFilterShape['status']>>('TaskStatusFilter')
  .implement({
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false }),
      category: t.field({ type: CategoryComparator, required: false }),
    }),
  });

const AssigneeFilter = builder
  .inputRef<NonNullable<TaskFilterShape['assignee']>>('TaskAssigneeFilter')
  .implement({
    description: '`eq`/`in`: some assignee matches; `neq`/`nin`: none does; `null`: unassigned.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false }),
      null: t.boolean({ required: false }),
    }),
  });

const LabelsFilter = builder
  .inputRef<NonNullable<TaskFilterShape['labels']>>('TaskLabelsFilter')
  .implement({
    description: '`eq`/`in`: some label matches; `neq`/`nin`: none does; `null`: no labels.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false }),
      name: t.field({ type: StringComparator, required: false }),
      null: t.boolean({ required: false }),
    }),
  });

const ParentFilter = builder
  .inputRef<NonNullable<TaskFilterShape['parent']>>('TaskParentFilter')
  .implement({
    description: '`null: true` lists top-level tasks only.',
    fields: (t) => ({
      id: t.field({ type: IDComparator, required: false }),
      null: t.boolean({ required: false }),
    }),
  });

/** Linear-style task filter: every given field must match; `and`/`or` nest. */
export const TaskFilter = builder.inputRef<TaskFilterShape>('TaskFilter').implement({
  description: `Every given field must match; \`and\`/\`or\` nest up to ${filterDepthMax} deep.`,
  fields: (t) => ({
    and: t.field({ type: [TaskFilter], required: false }),
    or: t.field({ type: [TaskFilter], required: false }),
    id: t.field({ type: IDComparator, required: false }),
    title: t.field({ type: StringComparator, required: false }),
    text: t.string({ required: false, description: 'Substring of title or description.' }),
    priority: t.field({ type: PriorityComparator, required: false }),
    status: t.field({ type: StatusFilter, required: false }),
    assignee: t.field({ type: AssigneeFilter, required: false }),
    labels: t.field({ type: LabelsFilter, required: false }),
    parent: t.field({ type: ParentFilter, required: false }),
    dueDate: t.field({ type: DateComparator, required: false }),
    createdAt: t.field({ type: DateTimeComparator, required: false }),
    updatedAt: t.field({ type: DateTimeComparator, required: false }),
  }),
});

const TaskOrderField = builder.enumType('TaskOrderField', {
  values: {
    CREATED: { value: 'created' },
    UPDATED: { value: 'updated' },
    DUE: { value: 'due', description: 'Tasks without a due date last.' },
    PRIORITY: { value: 'priority', description: 'By urgency.' },
    POSITION: { value: 'position', description: 'Board order: column, then card.' },
  } as const,
});

const OrderDirection = builder.enumType('OrderDirection', {
  values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } as const,
});

/** Sort order of a task listing. */
export const TaskOrderInput = builder.inputType('TaskOrder', {
  fields: (t) => ({
    field: t.field({ type: TaskOrderField, required: true }),
    direction: t.field({ type: OrderDirection, required: false, defaultValue: 'asc' }),
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
