/**
 * What the fake Studio rejects as an invalid flow definition: the causes error 81022's page lists
 * (properties that do not match the schema, widget names that are not unique, transitions to widgets
 * that do not exist) in the shape of a definition Studio exports. Deliberately independent of our own
 * lint (scripts/flows/lint.ts), so the two check each other. Problems carry a JSON-pointer-like
 * `property_path` (UNCONFIRMED format).
 */
import type { FlowDefinitionError } from './types';

export function checkDefinition(definition: unknown): FlowDefinitionError[] {
  const errors: FlowDefinitionError[] = [];
  const fail = (property_path: string, message: string): void => void errors.push({ message, property_path });
  if (!isObject(definition)) {
    fail('#', 'must be an object');
    return errors;
  }
  if (typeof definition.initial_state !== 'string') fail('#/initial_state', 'is required and must be a string');
  if (!Array.isArray(definition.states)) {
    fail('#/states', 'is required and must be an array');
    return errors;
  }
  const names = new Set<string>();
  definition.states.forEach((state, index) => {
    const at = `#/states/${index}`;
    if (!isObject(state)) return fail(at, 'must be an object');
    if (typeof state.name !== 'string' || state.name === '') return fail(`${at}/name`, 'is required');
    if (names.has(state.name)) fail(`${at}/name`, `widget name ${state.name} is not unique`);
    names.add(state.name);
    if (typeof state.type !== 'string') fail(`${at}/type`, 'is required');
    if (!Array.isArray(state.transitions)) fail(`${at}/transitions`, 'must be an array');
    if (!isObject(state.properties)) fail(`${at}/properties`, 'must be an object');
  });
  definition.states.forEach((state, index) => {
    if (!isObject(state) || !Array.isArray(state.transitions)) return;
    state.transitions.forEach((transition, t) => {
      const at = `#/states/${index}/transitions/${t}`;
      if (!isObject(transition) || typeof transition.event !== 'string') return fail(at, 'must have an event');
      if (transition.next !== undefined && (typeof transition.next !== 'string' || !names.has(transition.next))) {
        fail(`${at}/next`, `refers to a widget that does not exist: ${String(transition.next)}`);
      }
    });
  });
  if (typeof definition.initial_state === 'string' && !names.has(definition.initial_state)) {
    fail('#/initial_state', `refers to a widget that does not exist: ${definition.initial_state}`);
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
