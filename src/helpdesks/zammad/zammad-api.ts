import { execute, type HttpResult } from '../../http/execute';
import { ServiceError } from '../../http/service-error';
import type { BackoffPolicy } from '../../store/backoff';

export interface ZammadApiSettings {
  url: string;
  apiToken: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/** Zammad's API did not do what was asked. */
export class ZammadError extends ServiceError {}

/**
 * The one way the product talks to Zammad's REST API: a personal access token, JSON, and
 * Zammad's refusals explained with what to change. 5xx answers are tried again; a create that
 * timed out is not (the caller looks for it before trying again).
 */
export class ZammadApi {
  constructor(private readonly settings: ZammadApiSettings) {}

  async get<T>(path: string): Promise<T> {
    return (await this.send('GET', path)) as T;
  }

  async post<T>(path: string, json: unknown): Promise<T> {
    return (await this.send('POST', path, json)) as T;
  }

  private async send(method: 'GET' | 'POST', path: string, json?: unknown): Promise<unknown> {
    const result = await execute({
      method,
      url: `${this.settings.url}${path}`,
      json,
      headers: { Authorization: `Token token=${this.settings.apiToken}` },
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      retryStatus: (status) => status >= 500,
    });
    if (result.ok) return result.data;
    throw new ZammadError(`Zammad ${method} ${path.replace(/\?.*$/, '')}: ${explain(result)}`, result.status, result.ambiguous);
  }
}

/** Zammad's own words (error_human, else error) and the setting to check. */
function explain(result: Extract<HttpResult, { ok: false }>): string {
  const body = result.data as { error?: string; error_human?: string } | null;
  const said = typeof body === 'object' && body ? (body.error_human ?? body.error) : undefined;
  const hint =
    result.status === 401
      ? ' (ZAMMAD_API_TOKEN is not a valid token: Profile → Token Access in Zammad)'
      : result.status === 403
        ? ' (the token\'s user needs the ticket.agent permission with create access on ZAMMAD_TICKET_GROUP, and admin.user or ticket.agent to add customers)'
        : result.status === 422 && /group/i.test(said ?? '')
          ? ' (ZAMMAD_TICKET_GROUP must name an existing, active group: Admin → Groups)'
          : '';
  return `${result.error}${said ? ` ${said}` : ''}${hint}`;
}
