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

function checkPageSizes(args: ConnectionArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 0 || value > pageSizeMax)) {
      throw invalidInput(`${name} must be between 0 and ${pageSizeMax}`);
    }
  }
}

function checkConnectionArgs(args: ConnectionArgs): void {
  checkPageSizes(args);
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

/** Where a keyset-paged list is: a segment of its order and a row's sort key in it. */
export interface Keyset {
  segment: string;
  keys: string[];
}

/** Longest keyset cursor accepted (a few keys of at most 64 characters, base64url). */
const keysetCursorLengthMax = 1024;

/** The cursor of a row at `keyset` in the list ordered by `order`. */
function encodeKeysetCursor(order: string, keyset: Keyset): string {
  return Buffer.from(JSON.stringify([order, keyset.segment, keyset.keys])).toString('base64url');
}

/** The keyset a cursor holds; BAD_USER_INPUT unless it is a cursor of this `order`. */
function decodeKeysetCursor(name: string, cursor: string, order: string): Keyset {
  let decoded: unknown;
  try {
    if (cursor.length > keysetCursorLengthMax) throw new RangeError('too long');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === 3 &&
    decoded[0] === order &&
    typeof decoded[1] === 'string' &&
    Array.isArray(decoded[2]) &&
    decoded[2].every((key: unknown) => typeof key === 'string')
  ) {
    return { segment: decoded[1], keys: decoded[2] };
  }
  throw invalidInput(`${name} is not a cursor from this connection in this order`);
}

/** One keyset page request, as `keysetConnection` hands it to its loader. */
export interface KeysetPage {
  after: Keyset | null;
  limit: number;
  backward: boolean;
}

/**
 * A Relay connection over a keyset-paged list: `first`/`after` read forward, `last`/`before`
 * backward, and cursors hold the row's keyset (never an offset), tied to `order` so a cursor
 * of another order is refused. `totalCount` is counted only when a client asks for it. The
 * loader returns rows in list order and throws a RangeError for a keyset that does not fit.
 * Invariant: `hasPreviousPage` (forward) and `hasNextPage` (backward) say whether a cursor was
 * given, as Relay allows, rather than cost a query.
 */
export async function keysetConnection<T>(
  args: ConnectionArgs,
  list: {
    order: string;
    totalCount: () => Promise<number>;
    load: (page: KeysetPage) => Promise<readonly { node: T; keyset: Keyset }[]>;
  },
) {
  checkPageSizes(args);
  const backward =
    (args.first === null || args.first === undefined) && typeof args.last === 'number';
  const name = backward ? 'before' : 'after';
  const cursor = backward ? args.before : args.after;
  const limit = (backward ? args.last : args.first) ?? pageSizeDefault;
  const after = cursor ? decodeKeysetCursor(name, cursor, list.order) : null;
  let rows: readonly { node: T; keyset: Keyset }[];
  try {
    rows = await list.load({ after, limit: limit + 1, backward });
  } catch (error) {
    if (error instanceof RangeError) throw invalidInput(`${name}: ${error.message}`);
    throw error;
  }
  const more = rows.length > limit;
  const page = more ? (backward ? rows.slice(1) : rows.slice(0, limit)) : rows;
  const edges = page.map((row) => ({
    node: row.node,
    cursor: encodeKeysetCursor(list.order, row.keyset),
  }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasNextPage: backward ? Boolean(cursor) : more,
      hasPreviousPage: backward ? more : Boolean(cursor),
    },
    totalCount: list.totalCount,
  };
}

/**
 * Connection type options: a description naming the `items` a page holds, and `totalCount`
 * (every connection here has one).
 */
export function totalCountConnection(items: string) {
  return {
    description: `A page of ${items}, with the total across all pages.`,
    fields: (
      t: PothosSchemaTypes.ObjectFieldBuilder<
        BuilderTypes,
        { totalCount: number | (() => Promise<number>) }
      >,
    ) => ({
      totalCount: t.int({
        description: 'How many items match, across all pages.',
        // A keyset connection counts lazily: a page that does not ask skips the count.
        resolve: (connection) =>
          typeof connection.totalCount === 'function'
            ? connection.totalCount()
            : connection.totalCount,
      }),
    }),
  };
}

/** Edge type options: a description naming the `item` an edge holds. */
export function itemEdge(item: string) {
  return { description: `${item}, with its cursor.` };
}
