import { policyJsonSchema } from '../engine/policy/policy-json-schema.ts';

/**
 * The policy as a list of settings, read from the published JSON Schema at run time, so that the
 * device-management templates follow every setting the engine accepts without a hand-kept copy.
 */

/** The subset of JSON Schema read here. */
export interface JsonSchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
}

/** The largest number a REG_DWORD holds. */
export const maxDword = 0xffff_ffff;

/** How device management stores one setting where values live in typed slots. */
export type SettingStorage =
  /** On or off: REG_DWORD 1 or 0, a `<true/>` or `<false/>`. */
  | { kind: 'switch' }
  /** One of fixed words: REG_SZ. */
  | { kind: 'choice'; values: string[] }
  /** A whole number that fits a REG_DWORD; `clamped` when the schema allows more. */
  | { kind: 'count'; minimum: number; maximum: number; clamped: boolean }
  /** Any other number: REG_SZ holding its decimal text. */
  | { kind: 'number'; minimum: number | null; maximum: number | null }
  /** Free text: REG_SZ. */
  | { kind: 'text'; maxLength: number | null }
  /** A list of strings: REG_SZ values named 1, 2, ... in a key of the setting's name. */
  | { kind: 'textList' }
  /** Lists of objects and free-form objects: REG_SZ holding the setting as JSON. */
  | { kind: 'json' };

/** One setting of the policy, such as `removableVolumes.action`. */
export interface PolicySetting {
  /** The JSON path, one segment per property: `['removableVolumes', 'action']`. */
  path: readonly string[];
  storage: SettingStorage;
  description: string | null;
  /** The schema's default, undefined when the setting has none. */
  defaultValue: unknown;
}

/** An object of the policy whose properties are settings (the root has the empty path). */
export interface PolicySection {
  path: readonly string[];
  description: string | null;
}

/** A value every managed policy must carry, such as `version: 1`. */
export interface PolicyConstant {
  path: readonly string[];
  value: string | number | boolean;
}

/** The policy's sections, settings and constants, in the schema's order. */
export interface PolicySettingsModel {
  sections: PolicySection[];
  settings: PolicySetting[];
  constants: PolicyConstant[];
}

/** Reads the settings model from the policy's JSON Schema (by default the published one). */
export function readPolicySettings(
  schema: JsonSchemaNode = policyJsonSchema(),
): PolicySettingsModel {
  const model: PolicySettingsModel = { sections: [], settings: [], constants: [] };
  visitSection(schema, [], model);
  return model;
}

function visitSection(node: JsonSchemaNode, path: string[], model: PolicySettingsModel): void {
  model.sections.push({ path, description: node.description ?? null });

  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const childPath = [...path, name];

    // Constants, sub-sections, settings
    if (isConstant(child.const)) {
      model.constants.push({ path: childPath, value: child.const });
    } else if (isSection(child)) {
      visitSection(child, childPath, model);
    } else {
      model.settings.push({
        path: childPath,
        storage: storageOf(child),
        description: child.description ?? null,
        defaultValue: child.default,
      });
    }
  }
}

/** Objects with fixed properties become sections; records and unions are stored as JSON. */
function isSection(node: JsonSchemaNode): boolean {
  return (
    typesOf(node).has('object') &&
    node.properties !== undefined &&
    node.additionalProperties === false
  );
}

function storageOf(node: JsonSchemaNode): SettingStorage {
  const types = typesOf(node);

  // Scalars
  if (types.size === 1 && types.has('boolean')) {
    return { kind: 'switch' };
  }
  if (types.size === 1 && types.has('string')) {
    const values = node.enum?.filter((value) => typeof value === 'string');
    return values !== undefined && values.length > 0
      ? { kind: 'choice', values }
      : { kind: 'text', maxLength: node.maxLength ?? null };
  }
  if (types.size === 1 && types.has('integer') && fitsDword(node)) {
    const maximum = Math.min(node.maximum ?? maxDword, maxDword);
    return {
      kind: 'count',
      minimum: node.minimum ?? 0,
      maximum,
      clamped: maximum !== node.maximum,
    };
  }
  if (types.size === 1 && (types.has('integer') || types.has('number'))) {
    return { kind: 'number', minimum: node.minimum ?? null, maximum: node.maximum ?? null };
  }

  // Lists of strings; everything else travels as JSON
  const itemTypes = node.items === undefined ? new Set<string>() : typesOf(node.items);
  if (types.size === 1 && types.has('array') && itemTypes.size === 1 && itemTypes.has('string')) {
    return { kind: 'textList' };
  }
  return { kind: 'json' };
}

/**
 * A whole number goes into a REG_DWORD when it cannot be negative and its default fits: byte
 * counts of many GiB would not, so they are stored as text instead.
 */
function fitsDword(node: JsonSchemaNode): boolean {
  const minimum = node.minimum ?? 0;
  const defaultValue = typeof node.default === 'number' ? node.default : 0;
  return minimum >= 0 && minimum <= maxDword && defaultValue <= maxDword;
}

function isConstant(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function typesOf(node: JsonSchemaNode): Set<string> {
  return new Set([node.type ?? []].flat());
}
