import type { z } from 'zod';

/**
 * A setting written as JSON (an inline variable or a private asset), checked against its schema.
 * `fail` turns what is wrong, with the path to it, into the setting's own error.
 */
export function parseJsonSetting<S extends z.ZodType>(json: string, schema: S, fail: (detail: string) => Error): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw fail(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  return parsed.data;
}
