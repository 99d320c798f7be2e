/**
 * The one way flow files and deploy records are written: object keys sorted recursively (arrays keep
 * their order), two-space indentation and a trailing newline. Writing the same value twice gives the
 * same bytes, whatever key order the Studio API answered with, so `git diff` shows only real edits.
 *
 * One JavaScript quirk remains: integer-like keys ("0", "10") always serialize first, in numeric order.
 * The output is still deterministic; it is just not strictly alphabetical for such keys.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) sorted[key] = sortKeys(value[key]);
    return sorted;
  }
  return value;
}

/** Code-unit order, so the result does not depend on the machine's locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
