import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './schema/index.ts';

/** Where the committed SDL lives: the contract for the web app and third parties. */
export const schemaFile = new URL('../schema.graphql', import.meta.url);

/** The SDL exactly as committed. */
export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(schemaFile, printedSchema());
  console.log(`wrote ${schemaFile.pathname}`);
}
