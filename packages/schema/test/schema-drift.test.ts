// Goal: the committed schema.graphql is exactly what the code builds, so the contract that the
// web app and integrations read cannot drift silently.
// Fix a drift with `npm run print -w @raftboard/schema`.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../src/print-schema.ts';

it('matches the committed schema.graphql', () => {
  expect(printedSchema()).toBe(readFileSync(schemaFile, 'utf8'));
});
