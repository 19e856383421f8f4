import { pageSizeDefault, pageSizeMax } from './connection.ts';

const cursorRule = [
  'Cursors are opaque positions in the ordered list (offsets): a change to the list between two',
  'requests can shift a page by the items added or removed before it.',
].join(' ');

/**
 * Descriptions of what the Relay plugin generates (the Node interface, node/nodes, PageInfo,
 * edges and the connection arguments), so every element of the printed schema documents itself.
 * Spread into the builder's `relay` options.
 */
export const relayDescriptions = {
  nodeTypeOptions: {
    description: 'An object with a global id, which `node(id:)` and `nodes(ids:)` fetch.',
  },
  idFieldOptions: {
    description: 'Global id: opaque, stable, unique across every type. Pass it back as is.',
  },
  nodeQueryOptions: {
    description: [
      'Any object by its global id; null when it does not exist, was deleted, or is not yours',
      'to see (anonymous callers get null).',
    ].join(' '),
    args: { id: { description: 'A global id of any type that implements Node.' } },
  },
  nodesQueryOptions: {
    description: 'Objects by global id, in order; null for each one not visible to you.',
    args: { ids: { description: 'Global ids of any types that implement Node.' } },
  },
  pageInfoTypeOptions: {
    description: `Where a page sits in its connection. ${cursorRule}`,
  },
  hasNextPageFieldOptions: {
    description: 'True when more items follow this page (fetch them with `after: endCursor`).',
  },
  hasPreviousPageFieldOptions: {
    description: 'True when items precede this page (fetch them with `before: startCursor`).',
  },
  startCursorFieldOptions: {
    description: 'Cursor of the first item of the page; null when the page is empty.',
  },
  endCursorFieldOptions: {
    description: 'Cursor of the last item of the page; null when the page is empty.',
  },
  pageInfoFieldOptions: { description: 'Cursors and whether more pages exist.' },
  edgesFieldOptions: { description: 'The items of this page, in order, each with its cursor.' },
  cursorFieldOptions: {
    description: 'Position of this item; pass it as `after` or `before` to page from here.',
  },
  nodeFieldOptions: { description: 'The item.' },
  firstArgOptions: {
    description: [
      `Page size from the start (or from \`after\`): 0 to ${pageSizeMax}. Default`,
      `${pageSizeDefault} when neither first nor last is given.`,
    ].join(' '),
  },
  lastArgOptions: {
    description: `Page size from the end (or from \`before\`): 0 to ${pageSizeMax}.`,
  },
  afterArgOptions: {
    description: 'Start after this cursor (an `endCursor` or edge `cursor` of this connection).',
  },
  beforeArgOptions: {
    description: 'End before this cursor (a `startCursor` or edge `cursor` of this connection).',
  },
} as const;
