/**
 * A small writer for the XML of administrative templates: elements with attributes and either
 * child elements or text, indented two spaces, escaped for attributes and text alike.
 */

/** One element. Attributes whose value is undefined are left out. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number | undefined>;
  children?: XmlElement[];
  /** Text content; an element has text or children, not both. */
  text?: string;
}

/** Shorthand for an element. */
export function xml(
  name: string,
  attributes: XmlElement['attributes'] = {},
  content: XmlElement[] | string = [],
): XmlElement {
  return typeof content === 'string'
    ? { name, attributes, text: content }
    : { name, attributes, children: content };
}

/** The document: an XML declaration, then the root element, ending with a newline. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${renderElement(root, '')}\n`;
}

function renderElement(element: XmlElement, indent: string): string {
  const open = `${indent}<${element.name}${renderAttributes(element.attributes ?? {})}`;

  // Text, children, or nothing
  if (element.text !== undefined) {
    return `${open}>${escapeText(element.text)}</${element.name}>`;
  }
  const children = element.children ?? [];
  if (children.length === 0) {
    return `${open} />`;
  }
  const inner = children.map((child) => renderElement(child, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${element.name}>`;
}

function renderAttributes(attributes: NonNullable<XmlElement['attributes']>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
}

/** Escapes text content; line breaks stay (explain texts use them). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value, which is always written in double quotes. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
