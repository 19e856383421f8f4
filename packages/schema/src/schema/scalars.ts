import { builder } from '../builder.ts';
import { invalidInput } from '../errors.ts';

/** Bound on the characters of a JSON or date literal a client may send. */
const scalarTextLengthMax = 64;

builder.scalarType('DateTime', {
  description: [
    'An instant. Answers are ISO 8601 in UTC with milliseconds: 2026-11-26T14:25:09.000Z.',
    'Inputs are ISO 8601 strings of at most 64 characters; give `Z` or an offset.',
  ].join(' '),
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string' || value.length > scalarTextLengthMax) {
      throw invalidInput('DateTime is an ISO 8601 string');
    }
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw invalidInput(`not a DateTime: ${value}`);
    return date;
  },
});

builder.scalarType('Date', {
  description: 'A calendar day without a time zone, YYYY-MM-DD (2026-11-26).',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw invalidInput('Date is YYYY-MM-DD');
    }
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw invalidInput(`not a calendar day: ${value}`);
    }
    return value;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value; output only (event and notification payloads).',
  serialize: (value) => value,
  parseValue: () => {
    throw invalidInput('JSON is output only');
  },
});

builder.scalarType('File', {
  description: [
    'An uploaded file; input only. Send it as a GraphQL multipart request (the graphql-multipart-',
    'request spec) with the header `x-graphql-yoga-csrf: 1`.',
  ].join(' '),
  serialize: () => {
    throw new Error('File is input only');
  },
  parseValue: (value) => {
    // Yoga's fetch ponyfill has its own File class, so check the shape, not the prototype.
    const file = value as Partial<File> | null;
    const isFile =
      typeof file === 'object' &&
      file !== null &&
      typeof file.arrayBuffer === 'function' &&
      typeof file.name === 'string';
    if (!isFile) throw invalidInput('expected a file (multipart upload)');
    return file as File;
  },
});
