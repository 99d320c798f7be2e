import { XMLParser } from 'fast-xml-parser';

/** A parsed TwiML (or any XML) element: tests assert on structure, never on the XML string. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: Ordered): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '?xml') return null;
  if (name === '#text') return { name, attrs: {}, text: String(node[name]), children: [] };
  const kids = ((node[name] as Ordered[]) ?? []).map(toElement).filter((e): e is XmlElement => e !== null);
  return {
    name,
    attrs: node[':@'] ?? {},
    text: kids.filter((k) => k.name === '#text').map((k) => k.text).join(''),
    children: kids.filter((k) => k.name !== '#text'),
  };
}

export function parseXml(xml: string): XmlElement {
  const roots = (parser.parse(xml) as Ordered[]).map(toElement).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.length}: ${xml}`);
  return roots[0];
}

/** Parses a TwiML document and checks it is one: a <Response> root. */
export function parseTwiml(xml: string): XmlElement {
  const root = parseXml(xml);
  if (root.name !== 'Response') throw new Error(`TwiML root must be <Response>, got <${root.name}>`);
  return root;
}

export function verbs(root: XmlElement): string[] {
  return root.children.map((c) => c.name);
}

export function only(root: XmlElement, name: string): XmlElement {
  const found = root.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${root.name}>, found ${found.length}`);
  return found[0];
}
