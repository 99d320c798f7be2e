import { Liquid } from 'liquidjs';
import { FlowError } from '../errors';

/**
 * Studio's Liquid: unknown variables render empty (as in Studio), unknown filters fail (a typo
 * in a flow must not pass for an empty string). `to_json` is Studio's name for `json`.
 */
const engine = new Liquid({ strictVariables: false, strictFilters: true, ownPropertyOnly: true });
engine.registerFilter('to_json', (value: unknown) => JSON.stringify(value));

/**
 * The flow context: `trigger.call.*`, `widgets.<name>.*` (with `.parsed` for JSON answers),
 * `flow.variables`, `flow.data`, `flow.channel.address` (the flow's number),
 * `contact.channel.address` (the caller).
 */
export interface StudioContext {
  trigger: { call: Record<string, string> };
  widgets: Record<string, Record<string, unknown>>;
  flow: {
    flow_sid: string;
    sid: string;
    variables: Record<string, unknown>;
    data: Record<string, unknown>;
    channel: { address: string };
  };
  contact: { channel: { address: string } };
}

export function render(template: unknown, context: StudioContext, where: string): string {
  if (template === undefined || template === null) return '';
  const text = typeof template === 'string' ? template : String(template);
  if (!text.includes('{')) return text;
  try {
    return engine.parseAndRenderSync(text, context as unknown as Record<string, unknown>);
  } catch (error) {
    throw new FlowError(`${where}: Liquid ${JSON.stringify(text)} does not render: ${(error as Error).message}`);
  }
}
