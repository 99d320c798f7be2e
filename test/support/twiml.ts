import { parseXmlRoots, type TwimlElement } from '../../scripts/simulator/twiml';

/** A parsed TwiML (or any XML) element: tests assert on structure, never on the XML string. */
export type XmlElement = TwimlElement;

export function parseXml(xml: string): XmlElement {
  const roots = parseXmlRoots(xml);
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
