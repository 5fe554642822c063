import { mapWithSchema, type SchemaNode } from './schema-walk.ts';

export type { SchemaNode } from './schema-walk.ts';

/**
 * Returns `value` with DWORD-style 0/1 turned into booleans and numeric strings into numbers
 * where the schema expects them: Group Policy keeps booleans as DWORD 0/1 and numbers as DWORDs,
 * property lists keep integers and reals apart.
 */
export function coerceToSchema(value: unknown, schema: SchemaNode | undefined): unknown {
  return mapWithSchema(value, schema, (node, types) => {
    if (types.has('boolean') && (node === 0 || node === 1)) {
      return node === 1;
    }
    const numeric = types.has('number') || types.has('integer');
    if (numeric && typeof node === 'string' && /^-?\d+(\.\d+)?$/.test(node)) {
      return Number(node);
    }
    return undefined;
  });
}
