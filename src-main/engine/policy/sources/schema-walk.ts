/** The subset of JSON Schema the walker reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * Decides for one value what the schema at its place makes of it: a replacement, or `undefined`
 * to keep the value and walk into it. `types` are the JSON types the schema allows there.
 */
export type SchemaVisitor = (value: unknown, types: ReadonlySet<string>) => unknown;

/**
 * Walks a document beside its JSON Schema, letting `visit` replace values where the schema says
 * what they should be. Device management stores settings in slots that are not JSON (registry
 * DWORDs, property-list integers, JSON text in a string value); the readers use this so that they
 * need no knowledge of individual settings.
 */
export function mapWithSchema(
  value: unknown,
  schema: SchemaNode | undefined,
  visit: SchemaVisitor,
): unknown {
  if (schema === undefined) {
    return value;
  }
  const replaced = visit(value, typesOf(schema));
  if (replaced !== undefined) {
    return replaced;
  }

  // Containers
  if (Array.isArray(value)) {
    return value.map((item) => mapWithSchema(item, schema.items, visit));
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        schema.properties?.[key] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      result[key] = mapWithSchema(child, childSchema, visit);
    }
    return result;
  }
  return value;
}

/** The JSON types a schema node allows, alternatives included. */
function typesOf(schema: SchemaNode): Set<string> {
  const types = new Set<string>();
  const add = (node: SchemaNode): void => {
    for (const type of [node.type ?? []].flat()) {
      types.add(type);
    }
    for (const alternative of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
      add(alternative);
    }
  };
  add(schema);
  return types;
}
