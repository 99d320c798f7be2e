import { backoffDelay, sleep, type BackoffPolicy } from '../store/backoff';
import { helpdeskTimeLeft, MIN_ATTEMPT_MS } from './request-budget';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** One attempt's limit. */
  timeoutMs: number;
  /** Retries happen within this budget, with exponential backoff and full jitter. */
  retry: BackoffPolicy;
  /** Which other answers are worth another try (429 and 503 always are). */
  retryStatus?: (status: number, data: unknown) => boolean;
  /**
   * Whether sending it twice does no harm (default: GET only). A request that may have been
   * applied (a timeout, a dropped connection) is tried again only then.
   */
  idempotent?: boolean;
  /** The answer's body as raw bytes (a Buffer in `data`), e.g. a recording; otherwise JSON or text. */
  bytes?: boolean;
}

export type HttpResult =
  | { ok: true; status: number; data: unknown; headers: Headers }
  | {
      ok: false;
      status: number | null;
      data: unknown;
      error: string;
      /** The request may have reached the server (a timeout, a dropped connection): it may have been applied. */
      ambiguous: boolean;
    };

/**
 * The one way the product calls other HTTP services. Never throws: the caller checks `ok`
 * before `data`. Retries what is worth retrying within a time budget and honours Retry-After.
 */
export async function execute(request: HttpRequest): Promise<HttpResult> {
  const retryDeadline = Date.now() + request.retry.budgetMs;
  for (let attempt = 0; ; attempt++) {
    // An attempt gets its full timeout while the request's own helpdesk time allows it.
    const limit = Math.min(request.timeoutMs, helpdeskTimeLeft());
    if (limit < MIN_ATTEMPT_MS) {
      return { ok: false, status: null, data: null, error: `${request.method} ${redact(request.url)}: not sent, this request's helpdesk time is spent`, ambiguous: false };
    }
    const { result, retryAfterMs } = await once({ ...request, timeoutMs: limit });
    if (result.ok || !worthRetrying(result, request)) return result;
    const delay = Math.max(retryAfterMs, backoffDelay(attempt, request.retry));
    // Another try only if it could still get an answer within the retry budget and the request's
    // time; otherwise the caller hears why this one failed, not that time ran out.
    const room = Math.min(retryDeadline - Date.now(), helpdeskTimeLeft());
    if (delay + MIN_ATTEMPT_MS > room) return result;
    await sleep(delay);
  }
}

function worthRetrying(result: Extract<HttpResult, { ok: false }>, request: HttpRequest): boolean {
  if (result.ambiguous) return request.idempotent ?? request.method === 'GET';
  if (result.status === null) return true;
  return result.status === 429 || result.status === 503 || (request.retryStatus?.(result.status, result.data) ?? false);
}

async function once({ method, url, headers = {}, json, timeoutMs, bytes }: HttpRequest): Promise<{ result: HttpResult; retryAfterMs: number }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const refused = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN';
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${cause ?? (error as Error).message}`;
    return { result: { ok: false, status: null, data: null, error: `${method} ${redact(url)}: ${reason}`, ambiguous: !refused }, retryAfterMs: 0 };
  }
  const data = bytes && response.ok ? await readBytes(response) : parse(await response.text().catch(() => ''));
  if (data instanceof Error) {
    return { result: { ok: false, status: null, data: null, error: `${method} ${redact(url)}: ${data.message}`, ambiguous: false }, retryAfterMs: 0 };
  }
  if (response.ok) return { result: { ok: true, status: response.status, data, headers: response.headers }, retryAfterMs: 0 };
  return {
    result: { ok: false, status: response.status, data, error: `${method} ${redact(url)}: HTTP ${response.status}`, ambiguous: false },
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  };
}

async function readBytes(response: Response): Promise<Buffer | Error> {
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    return new Error(`the body broke off: ${(error as Error).message}`);
  }
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After in seconds (the form Twilio, Zammad and Freshdesk send). */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** URLs can carry secrets in their path (Zammad's CTI token): never log them whole. */
export function redact(url: string): string {
  return url.replace(/(\/api\/v1\/cti\/)[^/?#]+/, '$1…');
}
