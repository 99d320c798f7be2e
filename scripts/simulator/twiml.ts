import { XMLParser } from 'fast-xml-parser';
import { WebhookError } from './errors';

/** One TwiML element: verbs, nouns and their text, in document order. */
export interface TwimlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlElement[];
}

/** A fetched TwiML document and the absolute URL it came from (relative URLs in it resolve against it). */
export interface TwimlDocument {
  url: string;
  verbs: TwimlElement[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: Ordered): TwimlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '?xml' || name === '#comment') return null;
  if (name === '#text') return { name, attrs: {}, text: String(node[name]), children: [] };
  const kids = ((node[name] as Ordered[]) ?? []).map(toElement).filter((e): e is TwimlElement => e !== null);
  return {
    name,
    attrs: { ...(node[':@'] ?? {}) },
    text: kids
      .filter((k) => k.name === '#text')
      .map((k) => k.text)
      .join(' ')
      .trim(),
    children: kids.filter((k) => k.name !== '#text'),
  };
}

/** Every top-level element of an XML document, in order (TwiML, AT dial plans). Throws on malformed XML. */
export function parseXmlRoots(body: string): TwimlElement[] {
  return (parser.parse(body) as Ordered[]).map(toElement).filter((e): e is TwimlElement => e !== null);
}

/** Parses a webhook's answer as Twilio would: one <Response> root, else an application error. */
export function parseTwiml(body: string, url: string): TwimlDocument {
  let roots: TwimlElement[];
  try {
    roots = parseXmlRoots(body);
  } catch (error) {
    throw new WebhookError(`${url} answered something that is not XML (Twilio would say "an application error has occurred"): ${(error as Error).message}\n${body.slice(0, 300)}`);
  }
  if (roots.length !== 1 || roots[0].name !== 'Response') {
    throw new WebhookError(`${url} answered XML without a single <Response> root (Twilio would say "an application error has occurred"):\n${body.slice(0, 300)}`);
  }
  return { url, verbs: roots[0].children };
}

/** A TwiML element built in memory (the Studio executor renders widgets this way). */
export function element(name: string, attrs: Record<string, string | number | boolean | undefined> = {}, text = '', children: TwimlElement[] = []): TwimlElement {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== '') clean[key] = String(value);
  return { name, attrs: clean, text, children };
}

/** `<Say voice="alice">Hello</Say>` as a short label for errors. */
export function describe(el: TwimlElement): string {
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  return `<${el.name}${attrs}>`;
}
