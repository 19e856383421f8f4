import { resolveOffsetConnection } from '@pothos/plugin-relay';
import type { BuilderTypes } from '../builder.ts';
import { invalidInput } from '../errors.ts';

/** Items per page when a client gives neither `first` nor `last`. */
export const pageSizeDefault = 50;
/** Most items one page may hold. */
export const pageSizeMax = 100;

/** Relay connection arguments as Pothos passes them. */
export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

function checkCursor(name: string, cursor: string | null | undefined): void {
  if (cursor === null || cursor === undefined) return;
  const decoded = cursor.length <= 64 ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  if (!/^OffsetConnection:\d{1,9}$/.test(decoded)) {
    throw invalidInput(`${name} is not a cursor from this connection`);
  }
}

/** Checks page arguments, with messages that name the argument and its bounds. */
export function checkConnectionArgs(args: ConnectionArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 0 || value > pageSizeMax)) {
      throw invalidInput(`${name} must be between 0 and ${pageSizeMax}`);
    }
  }
  checkCursor('after', args.after);
  checkCursor('before', args.before);
}

/**
 * A Relay connection over an offset-paged list: counts first (so `last` works alone), then
 * loads one page. Default page `pageSizeDefault`, at most `pageSizeMax`.
 */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  totalCount: () => Promise<number>,
  load: (page: { offset: number; limit: number }) => Promise<readonly T[]>,
) {
  checkConnectionArgs(args);
  const total = await totalCount();
  const connection = await resolveOffsetConnection(
    {
      args: {
        first: args.first ?? undefined,
        last: args.last ?? undefined,
        after: args.after ?? undefined,
        before: args.before ?? undefined,
      },
      defaultSize: pageSizeDefault,
      maxSize: pageSizeMax,
      totalCount: total,
    },
    load,
  );
  return { ...connection, totalCount: total };
}

/** A connection over an array already in memory (bounded lists). */
export function arrayConnection<T>(args: ConnectionArgs, items: readonly T[]) {
  return offsetConnection(
    args,
    async () => items.length,
    async ({ offset, limit }) => items.slice(offset, offset + limit),
  );
}

/**
 * Connection type options: a description naming the `items` a page holds, and `totalCount`
 * (every connection here has one).
 */
export function totalCountConnection(items: string) {
  return {
    description: `A page of ${items}, with the total across all pages.`,
    fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { totalCount: number }>) => ({
      totalCount: t.int({
        description: 'How many items match, across all pages.',
        resolve: (connection) => connection.totalCount,
      }),
    }),
  };
}

/** Edge type options: a description naming the `item` an edge holds. */
export function itemEdge(item: string) {
  return { description: `${item}, with its cursor.` };
}
