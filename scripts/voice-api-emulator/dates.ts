/** Dates as the 2010-04-01 API prints them: RFC 2822 in UTC, e.g. "Mon, 23 Nov 2026 18:00:00 +0000". */
export function rfc2822(ms: number): string {
  // toUTCString gives "Mon, 23 Nov 2026 18:00:00 GMT" (day zero-padded, English names).
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** The UTC day of a timestamp, "YYYY-MM-DD", for the Calls list date filters. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
