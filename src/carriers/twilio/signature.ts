import twilio from 'twilio';
import { withQuery, type Query } from './webhook-url';

export type Params = Record<string, string | string[]>;

export interface PublicUrlInput {
  /** Set when a tunnel or proxy fronts the service: what Twilio actually calls. */
  publicBaseUrl?: string;
  /** The Functions domain; `localhost:3000` when served by twilio-run. */
  domainName: string;
  /** The request's Host header. */
  host?: string;
  path: string;
  /** The parameters that came in the URL's query string rather than the body. */
  query: Query;
}

const LOCAL_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** The URL Twilio signed: the public base when set, the deployed domain, or locally the request's own URL. */
export function publicUrl({ publicBaseUrl, domainName, host, path, query }: PublicUrlInput): string {
  const pathAndQuery = withQuery(path, query);
  if (publicBaseUrl) return publicBaseUrl + pathAndQuery;
  if (LOCAL_HOST.test(domainName)) return `http://${host ?? domainName}${pathAndQuery}`;
  return `https://${domainName}${pathAndQuery}`;
}

export function isValidSignature(authToken: string, signature: string | undefined, url: string, params: Params): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** What Twilio would send as X-Twilio-Signature; for the simulator and tests. */
export function signatureFor(authToken: string, url: string, params: Params): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
