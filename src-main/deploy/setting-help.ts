import type { PolicySetting, SettingStorage } from './policy-settings.ts';
import { jsonPathOf, productName, registryKeyOf } from './setting-names.ts';

/**
 * The help text of a setting in the Group Policy editor and Intune: what it does (the schema's
 * description), what to enter, what Disabled means, and where the value lands.
 */
export function settingHelp(setting: PolicySetting): string {
  const { path, storage } = setting;
  const paragraphs: string[] = [];

  // What it does
  paragraphs.push(sentence(setting.description ?? `Sets ${jsonPathOf(path)} of the policy.`));

  // What to enter, and what the other states mean
  paragraphs.push(entryHelp(storage, setting.defaultValue));
  paragraphs.push(
    storage.kind === 'switch'
      ? `Not configured: the default applies (${formatDefault(setting.defaultValue)}).`
      : 'Disabled or Not configured: the default applies.',
  );

  // Where it lands
  const key = `HKLM\\${registryKeyOf(path.slice(0, -1))}`;
  const valueName = path.at(-1) ?? '';
  paragraphs.push(
    `Registry: ${key}, ${storageLocation(storage, valueName)}. ` +
      `In a ${productName} policy file this is ${jsonPathOf(path)}.`,
  );
  return paragraphs.join('\n\n');
}

function entryHelp(storage: SettingStorage, defaultValue: unknown): string {
  const defaultText = `Default: ${formatDefault(defaultValue)}.`;
  switch (storage.kind) {
    case 'switch':
      return 'Enabled turns this on; Disabled turns it off.';
    case 'choice':
      return `One of: ${storage.values.join(', ')}. ${defaultText}`;
    case 'count': {
      const limit = storage.clamped
        ? ' (the policy file allows more; Group Policy stops here)'
        : '';
      return `A whole number from ${storage.minimum} to ${storage.maximum}${limit}. ${defaultText}`;
    }
    case 'number':
      return `A number${rangeText(storage.minimum, storage.maximum)}, digits with an optional decimal point. ${defaultText}`;
    case 'text':
      return defaultValue === undefined ? 'Text.' : `Text. ${defaultText}`;
    case 'textList':
      return `One entry per row of the list (Show...). ${defaultText}`;
    case 'json':
      return (
        'JSON, in the same shape as in a policy file (policy.schema.json describes it), on one ' +
        `line. ${defaultText}`
      );
  }
}

function storageLocation(storage: SettingStorage, valueName: string): string {
  switch (storage.kind) {
    case 'switch':
    case 'count':
      return `value ${valueName} (REG_DWORD)`;
    case 'textList':
      return `key ${valueName} with values 1, 2, ... (REG_SZ)`;
    case 'choice':
    case 'number':
    case 'text':
    case 'json':
      return `value ${valueName} (REG_SZ)`;
  }
}

function rangeText(minimum: number | null, maximum: number | null): string {
  if (minimum !== null && maximum !== null) {
    return ` from ${minimum} to ${maximum}`;
  }
  if (minimum !== null) {
    return ` of at least ${minimum}`;
  }
  return maximum === null ? '' : ` of at most ${maximum}`;
}

/** A default as people write it: `on`, `block`, `none`, or JSON for structures. */
export function formatDefault(value: unknown): string {
  if (value === undefined) {
    return 'none';
  }
  if (typeof value === 'boolean') {
    return value ? 'on' : 'off';
  }
  if (Array.isArray(value) && value.length === 0) {
    return 'none';
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join('; ');
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  return JSON.stringify(value);
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
