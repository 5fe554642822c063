import type { TemplateElement, TemplatePolicy } from './admx-policies.ts';

/**
 * A stand-in for the Group Policy client (and Intune's ADMX ingestion): an administrator
 * configures each policy of the template from a JSON policy, and the client writes the
 * registry values the template defines for each policy's state.
 */

/** One registry value as the Group Policy client writes it. */
export interface RegistryWrite {
  /** The key below HKLM, such as `SOFTWARE\Policies\Copywarden\prompt`. */
  key: string;
  /** Null for a key that exists without values (an empty list). */
  valueName: string | null;
  type: 'REG_SZ' | 'REG_DWORD';
  data: string | number;
}

/** A policy's state as an administrator leaves it in the editor. */
export type PolicyState = { state: 'enabled'; value: EditorValue } | { state: 'disabled' };

/** What an element's control holds: a choice or text, a number, list rows; null for a switch. */
export type EditorValue = string | number | string[] | null;

/**
 * What an administrator sets to configure `document` (a JSON policy): each policy's location
 * (its key below the policy root, then its value name) is looked up in the document; policies
 * whose setting the document lacks stay Not configured.
 */
export function configureFromDocument(
  policies: readonly TemplatePolicy[],
  document: Record<string, unknown>,
  rootKey: string,
): Map<TemplatePolicy, PolicyState> {
  const states = new Map<TemplatePolicy, PolicyState>();
  for (const policy of policies) {
    const { element } = policy;
    const value = valueAt(document, settingPath(policy, rootKey));
    if (value === undefined) {
      continue;
    }

    // The control the editor shows for the policy
    if (element === null) {
      states.set(
        policy,
        value === true ? { state: 'enabled', value: null } : { state: 'disabled' },
      );
    } else if (element.kind === 'list') {
      states.set(policy, { state: 'enabled', value: (value as unknown[]).map(String) });
    } else if (element.kind === 'text') {
      const text =
        typeof value === 'string'
          ? value
          : typeof value === 'number'
            ? String(value)
            : JSON.stringify(value);
      states.set(policy, { state: 'enabled', value: text });
    } else {
      states.set(policy, { state: 'enabled', value: value as string | number });
    }
  }
  return states;
}

/** Where a policy's setting is in the JSON policy: its key below the root, then its value. */
function settingPath(policy: TemplatePolicy, rootKey: string): string[] {
  const { element } = policy;
  if (element === null) {
    return [...segmentsBelow(policy.key, rootKey), required(policy.valueName)];
  }
  if (element.kind === 'list') {
    return segmentsBelow(element.key, rootKey);
  }
  return [...segmentsBelow(element.key, rootKey), element.valueName];
}

/** The registry values the Group Policy client writes for the configured states. */
export function groupPolicyWrites(
  states: ReadonlyMap<TemplatePolicy, PolicyState>,
): RegistryWrite[] {
  const writes: RegistryWrite[] = [];
  for (const [policy, state] of states) {
    // The policy's own value and its lists
    const ownValue = state.state === 'enabled' ? policy.enabledValue : policy.disabledValue;
    if (ownValue !== null) {
      writes.push({ key: policy.key, valueName: required(policy.valueName), ...ownValue });
    }
    for (const item of state.state === 'enabled' ? policy.enabledList : policy.disabledList) {
      writes.push({ key: item.key, valueName: item.valueName, ...item.value });
    }

    // The element's value
    if (state.state === 'enabled' && policy.element !== null) {
      writes.push(...elementWrites(policy.name, policy.element, state.value));
    }
  }
  return writes;
}

function elementWrites(
  name: string,
  element: TemplateElement,
  value: EditorValue,
): RegistryWrite[] {
  switch (element.kind) {
    case 'enum': {
      const item = element.items.find((candidate) => candidate.data === value);
      if (item === undefined) {
        throw new Error(`${name}: the editor offers no item ${String(value)}`);
      }
      return [{ key: element.key, valueName: element.valueName, ...item }];
    }
    case 'decimal': {
      if (typeof value !== 'number' || value < element.minimum || value > element.maximum) {
        throw new Error(`${name}: the editor refuses ${String(value)}`);
      }
      return [{ key: element.key, valueName: element.valueName, type: 'REG_DWORD', data: value }];
    }
    case 'text': {
      if (typeof value !== 'string' || value.length > element.maxLength) {
        throw new Error(`${name}: the editor refuses the text ${String(value)}`);
      }
      return [{ key: element.key, valueName: element.valueName, type: 'REG_SZ', data: value }];
    }
    case 'list': {
      // The client deletes the key's values and writes the rows; the key exists even when empty.
      const items = Array.isArray(value) ? value : [];
      return [
        { key: element.key, valueName: null, type: 'REG_SZ', data: '' },
        ...items.map((item, index) => ({
          key: element.key,
          valueName: `${element.valuePrefix}${index + 1}`,
          type: 'REG_SZ' as const,
          data: item,
        })),
      ];
    }
  }
}

function segmentsBelow(key: string, rootKey: string): string[] {
  if (!key.toLowerCase().startsWith(rootKey.toLowerCase())) {
    throw new Error(`${key} is outside ${rootKey}`);
  }
  return key
    .slice(rootKey.length)
    .split('\\')
    .filter((segment) => segment !== '');
}

function valueAt(document: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = document;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function required<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new Error('the template lacks a value the simulator needs');
  }
  return value;
}
