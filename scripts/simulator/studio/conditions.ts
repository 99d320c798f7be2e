import { FlowError } from '../errors';

/**
 * split-based-on comparisons. Our research saw equal_to, contains and matches_any_of in real
 * exported flows; every other type below is UNCONFIRMED (named as Studio's editor shows them,
 * semantics the obvious reading). Comparisons are case-sensitive and on the rendered strings,
 * which is UNCONFIRMED for Studio too.
 */
export const CONDITION_TYPES: Readonly<Record<string, (subject: string, value: string) => boolean>> = {
  equal_to: (s, v) => s === v,
  contains: (s, v) => s.includes(v),
  // Studio writes the list as "Y, y, YES" and matches a whole item.
  matches_any_of: (s, v) => v.split(',').map((x) => x.trim()).includes(s.trim()),
  // UNCONFIRMED from here on.
  not_equal_to: (s, v) => s !== v,
  does_not_contain: (s, v) => !s.includes(v),
  starts_with: (s, v) => s.startsWith(v),
  is_blank: (s) => s.trim() === '',
  is_not_blank: (s) => s.trim() !== '',
  greater_than: (s, v) => numeric(s, v, (a, b) => a > b),
  less_than: (s, v) => numeric(s, v, (a, b) => a < b),
  regex: (s, v) => new RegExp(v).test(s),
};

function numeric(s: string, v: string, compare: (a: number, b: number) => boolean): boolean {
  if (s.trim() === '' || v.trim() === '') return false;
  const a = Number(s);
  const b = Number(v);
  return Number.isFinite(a) && Number.isFinite(b) && compare(a, b);
}

export function compare(type: string, subject: string, value: string, where: string): boolean {
  const test = CONDITION_TYPES[type];
  if (!test) throw new FlowError(`${where}: the condition type "${type}" is not one the simulator knows (${Object.keys(CONDITION_TYPES).join(', ')})`);
  try {
    return test(subject, value);
  } catch (error) {
    throw new FlowError(`${where}: ${type} ${JSON.stringify(value)} fails: ${(error as Error).message}`);
  }
}
