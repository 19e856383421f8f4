// Lint: fails (exit 1) when the committed schema.graphql has an element without a description,
// listing each one. Run by `npm run lint -w @raftboard/schema`, from any working directory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { missingDescriptions } from './missing-descriptions.ts';

const schemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const missing = missingDescriptions(readFileSync(schemaPath, 'utf8'));
for (const { element, rule, line, column } of missing) {
  console.error(`${schemaPath}:${line}:${column}  ${element} has no description  (${rule})`);
}
if (missing.length > 0) {
  const elements = missing.length === 1 ? 'element' : 'elements';
  console.error(`\n${missing.length} schema ${elements} without a description.`);
  console.error('Add a `description:` to the Pothos definition, then `npm run print`.');
  process.exit(1);
}
console.log(`${schemaPath}: every element has a description.`);
