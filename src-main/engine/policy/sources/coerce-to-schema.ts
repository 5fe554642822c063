/**
 * Device management stores settings in typed slots that are not JSON: Group Policy keeps
 * booleans as DWORD 0/1 and numbers as DWORDs, property lists keep integers and reals apart.
 * This walks a document beside the policy's JSON Schema and converts only what the schema
 * asks for, so that the registry and plist readers need no knowledge of individual settings.
 */

/** The subset of JSON Schema this walker reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/** Returns `value` with DWORD-style 0/1 turned into booleans and numeric strings into numbers where the schema expects them. */
export function coerceToSchema(value: unknown, schema: SchemaNode | undefined): unknown {
  if (schema === undefined) {
    return value;
  }
  const types = typesOf(schema);

  // Scalars
  if (types.has('boolean') && (value === 0 || value === 1)) {
    return value === 1;
  }
  if (
    (types.has('number') || types.has('integer')) &&
    typeof value === 'string' &&
    /^-?\d+(\.\d+)?$/.test(value)
  ) {
    return Number(value);
  }

  // Containers
  if (Array.isArray(value)) {
    return value.map((item) => coerceToSchema(item, schema.items));
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        schema.properties?.[key] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      result[key] = coerceToSchema(child, childSchema);
    }
    return result;
  }
  return value;
}

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
