/**
 * Liquid in a flow: every template must parse, read only Studio's namespaces (flow, trigger, widgets,
 * contact) and name only widgets that exist. Studio's Liquid is Shopify's dialect; liquidjs parses the
 * same syntax. Filters are not checked: Studio has filters of its own (e.g. to_json) whose full list we
 * have not seen, and liquidjs accepts unknown filters at parse time.
 */
import { Liquid } from 'liquidjs';
import { messageOf } from './errors';
import { LIQUID_ROOTS } from './widget-catalogue';

const liquid = new Liquid();
const ROOTS = new Set<string>(LIQUID_ROOTS);

export function looksLikeLiquid(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Problems with one template (a string property); none when it is not Liquid at all. */
export function checkLiquid(text: string, widgetNames: ReadonlySet<string>): string[] {
  if (!looksLikeLiquid(text)) return [];
  let segments;
  try {
    segments = liquid.globalVariableSegmentsSync(liquid.parse(text));
  } catch (error) {
    return [`Liquid does not parse: ${firstLine(error)} in ${quote(text)}`];
  }
  const problems = new Set<string>();
  for (const path of segments) {
    const [root, second] = path;
    if (typeof root !== 'string') continue;
    if (!ROOTS.has(root)) {
      problems.add(`Liquid reads "${root}", which is not a Studio variable (${LIQUID_ROOTS.join(', ')})`);
    } else if (root === 'widgets' && typeof second === 'string' && !widgetNames.has(second)) {
      problems.add(`Liquid reads widgets.${second}, but there is no widget "${second}"`);
    }
  }
  return [...problems];
}

function firstLine(error: unknown): string {
  const message = messageOf(error);
  return message.split('\n')[0] ?? message;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
