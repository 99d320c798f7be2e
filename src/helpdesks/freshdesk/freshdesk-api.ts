import { execute, type HttpResult } from '../../http/execute';
import { ServiceError } from '../../http/service-error';
import type { BackoffPolicy } from '../../store/backoff';

export interface FreshdeskSettings {
  /** e.g. https://acme.freshdesk.com */
  url: string;
  apiKey: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/** Freshdesk's API did not do what was asked. */
export class FreshdeskError extends ServiceError {}

/** The one way the product talks to Freshdesk's API v2: Basic auth with the key, JSON, Freshdesk's errors explained. */
export class FreshdeskApi {
  constructor(private readonly settings: FreshdeskSettings) {}

  /** GET a path under /api/v2 (or a next-page link Freshdesk gave); with the next page's link, if any. */
  async get<T>(pathOrLink: string): Promise<{ data: T; next: string | null }> {
    const result = await this.send('GET', pathOrLink);
    return { data: result.data as T, next: nextLink(result.headers.get('link')) };
  }

  async post<T>(path: string, json: unknown): Promise<T> {
    return (await this.send('POST', path, json)).data as T;
  }

  private async send(method: 'GET' | 'POST', pathOrLink: string, json?: unknown): Promise<Extract<HttpResult, { ok: true }>> {
    // A next-page link is followed on our own base URL, never on a host the answer names.
    const link = /^https?:\/\//.test(pathOrLink) ? new URL(pathOrLink) : null;
    const url = link ? `${this.settings.url}${link.pathname}${link.search}` : `${this.settings.url}/api/v2${pathOrLink}`;
    const result = await execute({
      method,
      url,
      json,
      headers: { Authorization: `Basic ${Buffer.from(`${this.settings.apiKey}:X`).toString('base64')}` },
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      retryStatus: (status) => status >= 500,
    });
    if (result.ok) return result;
    throw new FreshdeskError(`Freshdesk ${method} ${pathOrLink.replace(/^https?:\/\/[^/]+/, '')}: ${explain(result)}`, result.status, result.ambiguous);
  }
}

/** What a person can do about it: Freshdesk's own words, and the setting to check. */
function explain(result: Extract<HttpResult, { ok: false }>): string {
  const body = result.data as { description?: string; message?: string; errors?: Array<{ field?: string; message?: string; code?: string }> } | null;
  const fields = (body?.errors ?? []).map((e) => `${e.field || 'body'}: ${e.message ?? e.code ?? ''}`).join('; ');
  const said = [body?.description ?? body?.message, fields].filter(Boolean).join(' — ');
  const hint =
    result.status === 401
      ? ' (check FRESHDESK_API_KEY: Profile settings → Your API key)'
      : result.status === 403
        ? ' (the API key\'s agent may not do this, or the feature is off on this Freshdesk plan)'
        : result.status === 429
          ? ' (Freshdesk\'s per-minute API limit; the outbox tries again later)'
          : '';
  return `${result.error}${said ? ` ${said}` : ''}${hint}`;
}

/** RFC 8288 Link header: the rel="next" target. */
function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}
