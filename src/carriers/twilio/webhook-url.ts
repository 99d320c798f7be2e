export type Query = Record<string, string | number | undefined>;

/**
 * Builds the URL of one of our webhooks. Query keys are sorted so the signature check can
 * rebuild the exact URL Twilio signed from the request's parameters alone.
 */
export function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value !== undefined) search.append(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
