import { DOMParser, onWarningStopParsing, type Element } from '@xmldom/xmldom';

/**
 * The policies of an administrative template, read from the ADMX XML itself (not from the
 * generator's model), as the Group Policy editor reads them. Only the parts of ADMX the
 * Copywarden template uses are modelled; anything else fails loudly.
 */

/** A registry value a template names: `<decimal value="1"/>` or `<string>`. */
export interface TemplateValue {
  type: 'REG_SZ' | 'REG_DWORD';
  data: string | number;
}

/** A value a policy writes besides its own (enabledList and disabledList items). */
export interface TemplateItem {
  key: string;
  valueName: string;
  value: TemplateValue;
}

/** The one element of a policy that takes the administrator's input. */
export type TemplateElement =
  | { kind: 'enum'; key: string; valueName: string; items: TemplateValue[] }
  | { kind: 'decimal'; key: string; valueName: string; minimum: number; maximum: number }
  | { kind: 'text'; key: string; valueName: string; maxLength: number }
  | { kind: 'list'; key: string; valuePrefix: string };

/** One policy of the template. */
export interface TemplatePolicy {
  name: string;
  key: string;
  valueName: string | null;
  enabledValue: TemplateValue | null;
  disabledValue: TemplateValue | null;
  enabledList: TemplateItem[];
  disabledList: TemplateItem[];
  element: TemplateElement | null;
}

/** Parses the ADMX text; any XML error throws. */
export function readTemplatePolicies(admx: string): TemplatePolicy[] {
  const document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(
    admx,
    'application/xml',
  );
  const root = document.documentElement;
  if (root === null) {
    throw new Error('the template has no root element');
  }
  return children(root, 'policies')
    .flatMap((policies) => children(policies, 'policy'))
    .map(readPolicy);
}

function readPolicy(policy: Element): TemplatePolicy {
  const key = attribute(policy, 'key');
  const single = (name: string): Element | null => children(policy, name)[0] ?? null;
  const elements = single('elements');
  const elementList = elements === null ? [] : elementChildren(elements);
  if (elementList.length > 1) {
    throw new Error(`${attribute(policy, 'name')}: the simulator handles one element per policy`);
  }
  const element = elementList[0];

  return {
    name: attribute(policy, 'name'),
    key,
    valueName: policy.getAttribute('valueName'),
    enabledValue: valueOf(single('enabledValue')),
    disabledValue: valueOf(single('disabledValue')),
    enabledList: listItems(single('enabledList'), key),
    disabledList: listItems(single('disabledList'), key),
    element: element === undefined ? null : readElement(element, key),
  };
}

function readElement(element: Element, policyKey: string): TemplateElement {
  const key = element.getAttribute('key') ?? policyKey;
  switch (element.localName) {
    case 'enum':
      return {
        kind: 'enum',
        key,
        valueName: attribute(element, 'valueName'),
        items: children(element, 'item').map((item) =>
          required(valueOf(children(item, 'value')[0] ?? null)),
        ),
      };
    case 'decimal':
      if (element.getAttribute('storeAsText') === 'true') {
        throw new Error('the simulator does not model storeAsText');
      }
      return {
        kind: 'decimal',
        key,
        valueName: attribute(element, 'valueName'),
        minimum: Number(element.getAttribute('minValue') ?? 0),
        maximum: Number(element.getAttribute('maxValue') ?? 9999),
      };
    case 'text':
      return {
        kind: 'text',
        key,
        valueName: attribute(element, 'valueName'),
        maxLength: Number(element.getAttribute('maxLength') ?? 1023),
      };
    case 'list':
      return { kind: 'list', key, valuePrefix: attribute(element, 'valuePrefix') };
    default:
      throw new Error(`the simulator does not model <${element.localName ?? ''}>`);
  }
}

function listItems(list: Element | null, policyKey: string): TemplateItem[] {
  if (list === null) {
    return [];
  }
  return children(list, 'item').map((item) => ({
    key: item.getAttribute('key') ?? policyKey,
    valueName: attribute(item, 'valueName'),
    value: required(valueOf(children(item, 'value')[0] ?? null)),
  }));
}

/** The value inside `<enabledValue>`, `<value>` and the like: `<decimal value="1"/>` or `<string>`. */
function valueOf(holder: Element | null): TemplateValue | null {
  const inner = holder === null ? undefined : elementChildren(holder)[0];
  if (inner === undefined) {
    return null;
  }
  if (inner.localName === 'decimal') {
    return { type: 'REG_DWORD', data: Number(attribute(inner, 'value')) };
  }
  if (inner.localName === 'string') {
    return { type: 'REG_SZ', data: inner.textContent ?? '' };
  }
  throw new Error(`the simulator does not model <${inner.localName ?? ''}> values`);
}

function children(parent: Element, name: string): Element[] {
  return elementChildren(parent).filter((child) => child.localName === name);
}

function elementChildren(parent: Element): Element[] {
  const result: Element[] = [];
  for (let index = 0; index < parent.childNodes.length; index++) {
    const node = parent.childNodes.item(index);
    if (node !== null && node.nodeType === node.ELEMENT_NODE) {
      result.push(node as Element);
    }
  }
  return result;
}

function attribute(element: Element, name: string): string {
  const value = element.getAttribute(name);
  if (value === null) {
    throw new Error(`<${element.localName ?? ''}> lacks ${name}`);
  }
  return value;
}

function required<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new Error('the template lacks a value the simulator needs');
  }
  return value;
}
