/** Studio and Serverless print ISO 8601 without milliseconds ("2017-11-06T12:00:00Z"). */
export function iso8601(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The 2010-04-01 API prints RFC 2822 in UTC ("Thu, 30 Jul 2015 23:19:04 +0000"). */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}
