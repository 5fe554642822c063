import { maxPolicyFileBytes } from '../load-policy.ts';
import { mapWithSchema, type SchemaNode } from './schema-walk.ts';

/**
 * Administrative templates (ADMX) can only write scalar values, string lists and numbered values
 * under a fixed key. Two policy shapes need more, and the Copywarden template stores them like
 * this (see docs/deployment.md):
 *
 * - a setting that is a list of objects or a free-form object (`groups`, `forwarding.targets`,
 *   `removableVolumes.approvedDevices`, ...) is one REG_SZ value holding that setting as JSON,
 *   under the setting's own name;
 * - a list of strings is a key with values `1`, `2`, ... which the registry reader already turns
 *   into a list, except when the admin saved an empty list: then the key has no values and reads
 *   as an empty object.
 *
 * This walks the document the registry reader built beside the policy's JSON Schema and undoes
 * both, so that the reader itself needs no knowledge of individual settings.
 */
export function expandRegistryValueShapes(value: unknown, schema: SchemaNode | undefined): unknown {
  return mapWithSchema(value, schema, (node, types) => {
    // A JSON value where the schema expects a structure
    const structured = types.has('array') || types.has('object');
    if (typeof node === 'string' && !types.has('string') && structured) {
      return parseJsonValue(node);
    }

    // An empty key where the schema expects a list
    if (isEmptyObject(node) && types.has('array') && !types.has('object')) {
      return [];
    }
    return undefined;
  });
}

/**
 * The parsed JSON, or the text itself when it is not JSON (or too large to be a policy), so that
 * validation reports the setting's path with "expected array, received string".
 */
function parseJsonValue(text: string): unknown {
  if (text.length > maxPolicyFileBytes) {
    return text;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}
