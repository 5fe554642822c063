import type { PolicyOrigin } from '../load-policy.ts';
import {
  parseRegQueryOutput,
  queryRegistryWithReg,
  type RegistryKey,
} from '../../destinations/sync/windows-registry.ts';
import { policyJsonSchema } from '../policy-json-schema.ts';
import { coerceToSchema } from './coerce-to-schema.ts';
import { expandRegistryValueShapes } from './registry-value-shapes.ts';
import type { PolicySource, SourceReading } from './policy-source.ts';

/** Where Group Policy and Intune (ADMX ingestion) write Copywarden's policy. */
export const windowsPolicyKey = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Copywarden';

/**
 * Managed policy from the Windows registry. The key mirrors the JSON policy: a subkey per
 * object, a value per setting (REG_SZ strings, REG_DWORD numbers and booleans, REG_MULTI_SZ
 * string lists). A list of objects (groups, approved devices, SIEM targets) is one REG_SZ value
 * holding that list as JSON, as an ADMX text element writes it; numbered subkeys `1`, `2`, ...
 * are read too. Only administrators can write under HKLM\SOFTWARE\Policies, so a user cannot
 * weaken it.
 */
export class WindowsRegistrySource implements PolicySource {
  readonly origin: PolicyOrigin = { kind: 'managed', location: windowsPolicyKey };
  readonly watchedPaths: readonly string[] = [];
  readonly #query: (key: string) => Promise<string | null>;

  /** `query` returns the text of `reg query KEY /s`, or null when the key does not exist. */
  constructor(query: (key: string) => Promise<string | null> = queryRegistryWithReg) {
    this.#query = query;
  }

  async read(): Promise<SourceReading> {
    const output = await this.#query(windowsPolicyKey);
    if (output === null) {
      return { kind: 'absent' };
    }
    const keys = parseRegQueryOutput(output);
    if (keys.length === 0) {
      return { kind: 'absent' };
    }
    // Group Policy writes lists of objects as JSON text, and an emptied list as an empty key
    const schema = policyJsonSchema();
    const document = expandRegistryValueShapes(registryToDocument(keys, windowsPolicyKey), schema);
    return {
      kind: 'document',
      document: coerceToSchema(document, schema),
    };
  }
}

/** Builds the nested document the keys under `root` describe. */
export function registryToDocument(
  keys: readonly RegistryKey[],
  root: string,
): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const rootLower = root.toLowerCase();

  for (const key of keys) {
    if (!key.path.toLowerCase().startsWith(rootLower)) {
      continue;
    }
    const segments = key.path
      .slice(root.length)
      .split('\\')
      .filter((segment) => segment !== '');
    const target = objectAt(document, segments);
    for (const value of key.values) {
      if (value.name !== '(Default)') {
        target[value.name] = registryData(value.type, value.data);
      }
    }
  }
  return listsFromNumberedKeys(document) as Record<string, unknown>;
}

function objectAt(document: Record<string, unknown>, segments: string[]): Record<string, unknown> {
  let current = document;
  for (const segment of segments) {
    const next = current[segment];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      current = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      current[segment] = created;
      current = created;
    }
  }
  return current;
}

function registryData(type: string, data: string): unknown {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number.parseInt(data, 16);
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0').filter((item) => item !== '');
    default:
      return data;
  }
}

/** Objects whose keys are exactly 1..n become lists, in that order. */
function listsFromNumberedKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const entries = Object.entries(value).map(
    ([key, child]) => [key, listsFromNumberedKeys(child)] as const,
  );
  const numbered = entries.length > 0 && entries.every(([key]) => /^[1-9]\d*$/.test(key));
  if (numbered) {
    return entries
      .sort(([left], [right]) => Number(left) - Number(right))
      .map(([, child]) => child);
  }
  return Object.fromEntries(entries);
}
