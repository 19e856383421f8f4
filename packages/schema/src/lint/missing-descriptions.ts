import {
  type DefinitionNode,
  type DirectiveDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  type Location,
  parse,
} from 'graphql';

/** One schema element without a description, with where it is in the SDL. */
export interface MissingDescription {
  /** `Type`, `Type.field`, `Type.field(argument:)`, `Input.field` or `Enum.VALUE`. */
  element: string;
  /** What kind of element, named after graphql-schema-linter's rule for it. */
  rule:
    | 'types-have-descriptions'
    | 'fields-have-descriptions'
    | 'arguments-have-descriptions'
    | 'input-object-values-have-descriptions'
    | 'enum-values-have-descriptions';
  line: number;
  column: number;
}

interface Described {
  description?: { value: string } | undefined;
  loc?: Location | undefined;
}

function isDescribed(node: Described): boolean {
  return (node.description?.value.trim() ?? '') !== '';
}

function position(node: Described): { line: number; column: number } {
  const start = node.loc?.startToken;
  return { line: start?.line ?? 0, column: start?.column ?? 0 };
}

function check(
  found: MissingDescription[],
  node: Described,
  element: string,
  rule: MissingDescription['rule'],
): void {
  if (!isDescribed(node)) found.push({ element, rule, ...position(node) });
}

function checkFields(
  found: MissingDescription[],
  typeName: string,
  fields: readonly FieldDefinitionNode[],
): void {
  for (const field of fields) {
    const name = `${typeName}.${field.name.value}`;
    check(found, field, name, 'fields-have-descriptions');
    for (const argument of field.arguments ?? []) {
      check(found, argument, `${name}(${argument.name.value}:)`, 'arguments-have-descriptions');
    }
  }
}

function checkInputValues(
  found: MissingDescription[],
  typeName: string,
  values: readonly InputValueDefinitionNode[],
): void {
  for (const value of values) {
    check(found, value, `${typeName}.${value.name.value}`, 'input-object-values-have-descriptions');
  }
}

function checkDirective(found: MissingDescription[], directive: DirectiveDefinitionNode) {
  const name = `@${directive.name.value}`;
  check(found, directive, name, 'types-have-descriptions');
  for (const argument of directive.arguments ?? []) {
    check(found, argument, `${name}(${argument.name.value}:)`, 'arguments-have-descriptions');
  }
}

function checkDefinition(found: MissingDescription[], definition: DefinitionNode): void {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
      check(found, definition, definition.name.value, 'types-have-descriptions');
      checkFields(found, definition.name.value, definition.fields ?? []);
      return;
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      check(found, definition, definition.name.value, 'types-have-descriptions');
      checkInputValues(found, definition.name.value, definition.fields ?? []);
      return;
    case Kind.ENUM_TYPE_DEFINITION:
      check(found, definition, definition.name.value, 'types-have-descriptions');
      for (const value of definition.values ?? []) {
        const element = `${definition.name.value}.${value.name.value}`;
        check(found, value, element, 'enum-values-have-descriptions');
      }
      return;
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_DEFINITION:
      check(found, definition, definition.name.value, 'types-have-descriptions');
      return;
    case Kind.DIRECTIVE_DEFINITION:
      checkDirective(found, definition);
      return;
    default:
      // The schema definition and extensions carry no descriptions of their own.
      return;
  }
}

/**
 * Every type, field, argument, input field, enum value and directive of an SDL document that
 * has no description (or a blank one), in document order. Built-in scalars and introspection
 * types are exempt because a printed schema does not define them.
 */
export function missingDescriptions(sdl: string): MissingDescription[] {
  const found: MissingDescription[] = [];
  for (const definition of parse(sdl).definitions) checkDefinition(found, definition);
  return found;
}
