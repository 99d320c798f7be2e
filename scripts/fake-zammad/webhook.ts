/**
 * An outgoing Zammad webhook, as TriggerWebhookJob + UserAgent.post send it (app/jobs/trigger_webhook_job.rb,
 * lib/user_agent.rb, 2025 header): POST, `Content-Type: application/json; charset=utf-8`, the payload's to_json as
 * the body, `User-Agent: Zammad User Agent`, `X-Zammad-Trigger: <trigger name>`, `X-Zammad-Delivery: <job id>`, and
 * `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>` when a signature token is set and the body is not empty.
 * Redirects are not followed; the job gives up after 60 s. One attempt only: Zammad's retries (5 attempts, 10 s × n
 * apart) are not modelled.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { railsJson } from './rails-json';

export const DEFAULT_TRIGGER_NAME = 'fake zammad trigger';

export async function sendWebhook(url: string, payload: unknown, secret: string, trigger = DEFAULT_TRIGGER_NAME): Promise<Response> {
  const headers: Record<string, string> = {
    'User-Agent': 'Zammad User Agent',
    'X-Zammad-Trigger': trigger,
    'X-Zammad-Delivery': randomUUID(),
    'Content-Type': 'application/json; charset=utf-8',
    Accept: '*/*',
  };
  // UserAgent only sets a body when the params are present? (an empty hash or array sends none), and signs only a body.
  const body = isBlank(payload) ? undefined : railsJson(payload);
  if (body !== undefined && secret) {
    headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('hex')}`;
  }
  return fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
}

function isBlank(payload: unknown): boolean {
  if (payload === undefined || payload === null || payload === false) return true;
  if (typeof payload === 'string') return !/\S/.test(payload);
  if (Array.isArray(payload)) return payload.length === 0;
  if (typeof payload === 'object') return Object.keys(payload).length === 0;
  return false;
}
