// Goal: every type, field, argument, input field and enum value of the API documents itself,
// so third parties can read the schema in GraphiQL; `npm run lint` enforces the same rule on
// the committed schema.graphql.
import { expect, it } from 'vitest';
import { missingDescriptions } from '../src/lint/missing-descriptions.ts';
import { printedSchema } from '../src/print-schema.ts';

it('describes every element of the schema the code builds', () => {
  expect(missingDescriptions(printedSchema()).map((missing) => missing.element)).toEqual([]);
});

it('names each undescribed element and the rule it breaks', () => {
  const sdl = [
    '"""A thing."""',
    'type Thing {',
    '  """Described."""',
    '  name(',
    '    """Described."""',
    '    short: Boolean',
    '    long: Boolean',
    '  ): String',
    '  size: Int',
    '}',
    'enum Colour {',
    '  """Described."""',
    '  RED',
    '  BLUE',
    '}',
    'input Filter {',
    '  """  """',
    '  name: String',
    '}',
    'scalar Instant',
  ].join('\n');
  expect(missingDescriptions(sdl).map(({ element, rule }) => `${element} ${rule}`)).toEqual([
    'Thing.name(long:) arguments-have-descriptions',
    'Thing.size fields-have-descriptions',
    'Colour types-have-descriptions',
    'Colour.BLUE enum-values-have-descriptions',
    'Filter types-have-descriptions',
    'Filter.name input-object-values-have-descriptions',
    'Instant types-have-descriptions',
  ]);
});
