/** Raw HTTP against an embedded Twilio emulator, for the emulator tests that must see the wire. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { TwilioErrorBody } from '../../scripts/twilio-emulator-kit/twilio-error';

/** The credentials `call` sends unless told otherwise. */
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'test-token';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty. */
  json: unknown;
}

export interface CallOptions {
  /** Pairs, so a name may repeat (StatusCallbackEvent), or a record. */
  form?: Array<[string, string]> | Record<string, string>;
  headers?: Record<string, string>;
  /** Basic credentials; `null` sends no Authorization header. */
  auth?: { username: string; password: string } | null;
}

/** One HTTP exchange over loopback; `path` is sent as given, so tests control its encoding. */
export function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<HttpResult> {
  const auth = options.auth === undefined ? { username: ACCOUNT_SID, password: AUTH_TOKEN } : options.auth;
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string | number> = { ...options.headers };
  if (auth) headers.Authorization = 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json: unknown = text ? JSON.parse(text) : undefined;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Tests know the request failed, so the cast only names the expected shape.
export const asError = (result: HttpResult): TwilioErrorBody => result.json as TwilioErrorBody;
