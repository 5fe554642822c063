import {
  admxRevision,
  categoryStringId,
  choiceStringId,
  elementId,
  supportedOnName,
} from './admx.ts';
import type { PolicySection, PolicySetting, PolicySettingsModel } from './policy-settings.ts';
import { settingHelp } from './setting-help.ts';
import {
  displayWords,
  jsonPathOf,
  policyName,
  productName,
  relativePolicyKey,
  sectionDisplayName,
  settingDisplayName,
} from './setting-names.ts';
import { renderXmlDocument, xml, type XmlElement } from './xml-writer.ts';

/**
 * The English (en-US) language file of the administrative template: display names, help texts
 * and the layout of each setting's editor.
 */
export function buildAdml(model: PolicySettingsModel): string {
  const strings: XmlElement[] = [
    text(supportedOnName, `${productName} with policy format version 1`),
    ...model.sections.flatMap(sectionStrings),
    ...model.settings.flatMap(settingStrings),
  ];
  assertUniqueIds(strings);

  const presentations = model.settings
    .filter((setting) => setting.storage.kind !== 'switch')
    .map(presentationOf);

  const root = xml(
    'policyDefinitionResources',
    {
      'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      revision: admxRevision,
      schemaVersion: '1.0',
      xmlns: 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions',
    },
    [
      xml('displayName', {}, `${productName} policy`),
      xml(
        'description',
        {},
        `The ${productName} policy, written under HKLM\\${relativePolicyKey}.`,
      ),
      xml('resources', {}, [
        xml('stringTable', {}, strings),
        xml('presentationTable', {}, presentations),
      ]),
    ],
  );
  return renderXmlDocument(root);
}

function sectionStrings(section: PolicySection): XmlElement[] {
  const id = categoryStringId(section.path);
  const explain =
    section.path.length === 0
      ? `Settings of the ${productName} policy. Configuring any of them makes the managed ` +
        'policy take the place of a local policy file; settings left Not configured take ' +
        `their defaults. The agent reads HKLM\\${relativePolicyKey} when it starts and ` +
        'whenever Group Policy or Intune refreshes it.'
      : (section.description ?? `Settings under ${jsonPathOf(section.path)} of the policy.`);
  return [text(id, sectionDisplayName(section.path)), text(`${id}_Explain`, explain)];
}

function settingStrings(setting: PolicySetting): XmlElement[] {
  const name = policyName(setting.path);
  const strings = [
    text(name, settingDisplayName(setting.path)),
    text(`${name}_Explain`, settingHelp(setting)),
  ];
  if (setting.storage.kind === 'choice') {
    for (const value of setting.storage.values) {
      strings.push(text(choiceStringId(setting.path, value), value));
    }
  }
  return strings;
}

function presentationOf(setting: PolicySetting): XmlElement {
  const name = policyName(setting.path);
  const label = displayWords(setting.path.at(-1) ?? '');
  const { storage } = setting;

  // One control per setting, bound to the policy's single element
  let control: XmlElement;
  switch (storage.kind) {
    case 'choice': {
      const defaultIndex = storage.values.findIndex((value) => value === setting.defaultValue);
      control = xml(
        'dropdownList',
        {
          refId: elementId,
          noSort: 'true',
          defaultItem: defaultIndex >= 0 ? defaultIndex : undefined,
        },
        label,
      );
      break;
    }
    case 'count':
      control = xml(
        'decimalTextBox',
        {
          refId: elementId,
          defaultValue: typeof setting.defaultValue === 'number' ? setting.defaultValue : undefined,
        },
        label,
      );
      break;
    case 'textList':
      control = xml('listBox', { refId: elementId }, label);
      break;
    case 'number':
    case 'text':
    case 'json':
      control = xml('textBox', { refId: elementId }, [
        xml('label', {}, label),
        ...(setting.defaultValue === undefined
          ? []
          : [xml('defaultValue', {}, textDefault(setting.defaultValue))]),
      ]);
      break;
    case 'switch':
      throw new Error(`a switch has no presentation: ${setting.path.join('.')}`);
  }
  return xml('presentation', { id: name }, [control]);
}

/** What a text box starts with: the default as the reader would get it back. */
function textDefault(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);
}

function text(id: string, content: string): XmlElement {
  return xml('string', { id }, content);
}

function assertUniqueIds(strings: readonly XmlElement[]): void {
  const seen = new Set<string>();
  for (const string of strings) {
    const id = String(string.attributes?.['id']);
    if (seen.has(id)) {
      throw new Error(`two strings of the template share the id ${id}`);
    }
    seen.add(id);
  }
}
