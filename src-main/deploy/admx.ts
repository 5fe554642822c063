import type { PolicyConstant, PolicySetting, PolicySettingsModel } from './policy-settings.ts';
import { maxDword } from './policy-settings.ts';
import {
  categoryName,
  identifierOf,
  policyName,
  productName,
  registryKeyOf,
} from './setting-names.ts';
import { renderXmlDocument, xml, type XmlElement } from './xml-writer.ts';

/**
 * The administrative template (ADMX) for Group Policy and Intune's ADMX ingestion. Every setting
 * becomes one machine policy writing under HKLM\SOFTWARE\Policies\Copywarden in the shape the
 * engine's registry reader turns back into the JSON policy; every policy also writes the
 * policy's constants (`version`), so that any one configured policy is a valid policy.
 */

/** The namespace of the template's policies; Intune and the central store key on it. */
export const admxNamespace = 'Copywarden.Policies.Copywarden';

/** The template's revision; the ADML names the lowest revision it fits. */
export const admxRevision = '1.0';

/** The id of each setting's single element, so that Intune data reads `<data id="value" .../>`. */
export const elementId = 'value';

/** JSON settings are pasted into one text box; this bounds what the editor accepts. */
export const maxJsonValueLength = 32_767;

/** Numbers stored as text: enough digits for any double, with sign and exponent. */
const maxNumberTextLength = 32;

/** Text settings without a schema limit get the editor's usual one. */
const defaultTextLength = 1023;

/** The supported-on definition every policy refers to. */
export const supportedOnName = 'SUPPORTED_Copywarden_Policy1';

const policyDefinitionsNamespace =
  'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';

/** Renders Copywarden.admx. */
export function buildAdmx(model: PolicySettingsModel): string {
  assertUniqueNames([
    ...model.sections.map((section) => categoryName(section.path)),
    ...model.settings.map((setting) => policyName(setting.path)),
  ]);

  const root = xml(
    'policyDefinitions',
    {
      'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      revision: admxRevision,
      schemaVersion: '1.0',
      xmlns: policyDefinitionsNamespace,
    },
    [
      xml('policyNamespaces', {}, [
        xml('target', { prefix: 'copywarden', namespace: admxNamespace }),
      ]),
      xml('resources', { minRequiredRevision: admxRevision }),
      xml('supportedOn', {}, [
        xml('definitions', {}, [
          xml('definition', { name: supportedOnName, displayName: `$(string.${supportedOnName})` }),
        ]),
      ]),
      xml(
        'categories',
        {},
        model.sections.map((section) => categoryElement(section.path)),
      ),
      xml(
        'policies',
        {},
        model.settings.map((setting) => policyElement(setting, model.constants)),
      ),
    ],
  );
  return renderXmlDocument(root);
}

function categoryElement(path: readonly string[]): XmlElement {
  const name = categoryName(path);
  const parent =
    path.length === 0 ? [] : [xml('parentCategory', { ref: categoryName(path.slice(0, -1)) })];
  return xml(
    'category',
    {
      name,
      displayName: `$(string.${categoryStringId(path)})`,
      explainText: `$(string.${categoryStringId(path)}_Explain)`,
    },
    parent,
  );
}

function policyElement(setting: PolicySetting, constants: readonly PolicyConstant[]): XmlElement {
  const name = policyName(setting.path);
  const isSwitch = setting.storage.kind === 'switch';
  const valueName = setting.path.at(-1) ?? '';

  // Attributes: a switch is the policy's own value; other settings have one element
  const attributes = {
    name,
    class: 'Machine',
    displayName: `$(string.${name})`,
    explainText: `$(string.${name}_Explain)`,
    presentation: isSwitch ? undefined : `$(presentation.${name})`,
    key: registryKeyOf(setting.path.slice(0, -1)),
    valueName: isSwitch ? valueName : undefined,
  };

  // Children, in the order the ADMX schema requires
  const children: XmlElement[] = [
    xml('parentCategory', { ref: categoryName(setting.path.slice(0, -1)) }),
    xml('supportedOn', { ref: supportedOnName }),
  ];
  if (isSwitch) {
    children.push(xml('enabledValue', {}, [xml('decimal', { value: 1 })]));
    children.push(xml('disabledValue', {}, [xml('decimal', { value: 0 })]));
  }
  if (constants.length > 0) {
    children.push(xml('enabledList', {}, constants.map(constantItem)));
  }
  if (isSwitch && constants.length > 0) {
    // Disabled is a configured value for a switch, so it must carry the constants too.
    children.push(xml('disabledList', {}, constants.map(constantItem)));
  }
  if (!isSwitch) {
    children.push(xml('elements', {}, [settingElement(setting, valueName)]));
  }
  return xml('policy', attributes, children);
}

function settingElement(setting: PolicySetting, valueName: string): XmlElement {
  const { storage } = setting;
  const common = { id: elementId, valueName, required: 'true' };
  switch (storage.kind) {
    case 'choice':
      return xml(
        'enum',
        common,
        storage.values.map((value) =>
          xml('item', { displayName: `$(string.${choiceStringId(setting.path, value)})` }, [
            xml('value', {}, [xml('string', {}, value)]),
          ]),
        ),
      );
    case 'count':
      return xml('decimal', { ...common, minValue: storage.minimum, maxValue: storage.maximum });
    case 'number':
      return xml('text', { ...common, maxLength: maxNumberTextLength });
    case 'text':
      return xml('text', { ...common, maxLength: storage.maxLength ?? defaultTextLength });
    case 'json':
      return xml('text', { ...common, maxLength: maxJsonValueLength });
    case 'textList':
      // Values named 1, 2, ... in a key of the setting's name: the reader's list shape.
      return xml('list', { id: elementId, key: registryKeyOf(setting.path), valuePrefix: '' });
    case 'switch':
      throw new Error(`a switch has no element: ${setting.path.join('.')}`);
  }
}

function constantItem(constant: PolicyConstant): XmlElement {
  const value =
    typeof constant.value === 'number' &&
    Number.isInteger(constant.value) &&
    constant.value >= 0 &&
    constant.value <= maxDword
      ? xml('decimal', { value: constant.value })
      : xml('string', {}, String(constant.value));
  return xml(
    'item',
    { key: registryKeyOf(constant.path.slice(0, -1)), valueName: constant.path.at(-1) },
    [xml('value', {}, [value])],
  );
}

/** Category and policy names share the template's namespace; a clash would merge two entries. */
function assertUniqueNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new Error(`two entries of the template share the name ${name}`);
    }
    seen.add(name);
  }
}

/** The string-table id of a section's display name. */
export function categoryStringId(path: readonly string[]): string {
  return `cat_${categoryName(path)}`;
}

/** The string-table id of one item of a choice. */
export function choiceStringId(path: readonly string[], value: string): string {
  return `${policyName(path)}__${identifierOf(value)}`;
}

/** The file name of the template and of its language files. */
export const admxFileName = `${productName}.admx`;
export const admlFileName = `${productName}.adml`;
