import { InvalidInputError } from '../invalid-input';

export type Event = Record<string, unknown> & { request?: { headers?: Record<string, unknown> } };
export type Params = Record<string, string | string[]>;

/** The request's parameters (query and body merged, as the runtime does) without the runtime's `request` key. */
export function paramsOf(event: Event): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'request') continue;
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
  }
  return params;
}

export function header(event: Event, name: string): string | undefined {
  const value = event.request?.headers?.[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

export interface Requirement {
  key: string;
  purpose: string;
}

/** Reads one string parameter or answers 400 saying what it is for. */
export function requireParam(params: Params, { key, purpose }: Requirement): string {
  const value = params[key];
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(`missing parameter ${key}: ${purpose}`);
  return value.trim();
}

/** A string parameter that may be absent; empty counts as absent. */
export function optionalString(params: Params, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
