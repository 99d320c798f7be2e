import type { CallRecord } from '../../calls/call-record';
import type { LifecycleEvent } from '../../calls/lifecycle-event';
import { DeliveryError, type DeliveryContext, type EventSink, type SinkReply } from '../../calls/outbox';
import { execute, type HttpResult } from '../../http/execute';
import type { BackoffPolicy } from '../../store/backoff';
import { ctiPayload, fromZammadNumber, type CtiContext, type CtiPayload } from './cti-payload';
import { log } from '../../logging/masked-log';

export interface ZammadCtiSettings extends CtiContext {
  url: string;
  ctiToken: string;
  /** For checking Zammad's caller log before resending an answer or hangup that may have been applied. */
  apiToken: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/**
 * Zammad's Generic CTI as an event sink. The outbox gives it each call's events once and in
 * order; this turns them into newCall / answer / hangup, reads Zammad's answers, and makes sure
 * a retry never sends Zammad a second answer (which resets the call's start) or a second hangup
 * (which marks a missed call as done).
 */
export class ZammadCtiSink implements EventSink {
  readonly name = 'zammad';

  constructor(private readonly settings: ZammadCtiSettings) {}

  async deliver(event: LifecycleEvent, record: CallRecord, context: DeliveryContext): Promise<SinkReply | void> {
    const payload = ctiPayload(event, record, this.settings);
    if (!payload) return;
    // newCall is safe to repeat (Zammad answers "already exists"); a second answer would reset the
    // call's start in Zammad's caller log and a second hangup flip a missed call to done.
    const repeatable = payload.event === 'newCall';
    if (!repeatable && context.uncertain && (await this.alreadyApplied(payload.callId, payload.event))) return;
    const result = await execute({
      method: 'POST',
      url: `${this.settings.url}/api/v1/cti/${encodeURIComponent(this.settings.ctiToken)}`,
      json: payload,
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      retryStatus: (status, data) => status >= 500 && !isDuplicateNewCall(payload, status, data),
      idempotent: repeatable,
    });
    if (result.ok) return replyOf(payload, result.data, this.settings);
    // A retried newCall that already got through: Zammad says it exists, which is what we wanted.
    if (isDuplicateNewCall(payload, result.status, result.data)) return;
    throw new DeliveryError(explain(payload, result), result.ambiguous);
  }

  /**
   * Whether Zammad's caller log shows the event applied: the call's row has reached that state
   * (newCall, then answer, then hangup). A log that cannot be read now throws, so the event waits
   * for the next flush rather than risk applying it twice.
   */
  private async alreadyApplied(callId: string, event: CtiPayload['event']): Promise<boolean> {
    const result = await execute({
      method: 'GET',
      url: `${this.settings.url}/api/v1/cti/log`,
      headers: { Authorization: `Token token=${this.settings.apiToken}` },
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
    });
    if (!result.ok) throw new DeliveryError(`cannot check Zammad's caller log before resending ${event} for call ${callId}: ${result.error}`, false);
    const list = (result.data as { list?: Array<{ call_id?: string; state?: string }> } | null)?.list ?? [];
    const row = list.find((r) => r.call_id === callId);
    if (row) return STAGES.indexOf(row.state ?? '') >= STAGES.indexOf(event);
    // The row exists (the call's newCall went first) but has fallen out of the newest rows the log
    // lists, and will not come back: waiting would hold the event for ever, resending could apply
    // it twice. The earlier attempt was sent and not refused, so it most likely was applied.
    log.error(
      `Zammad CTI ${event} for call ${callId} may not have reached Zammad, and the caller log no longer lists the call ` +
        `(older than its newest rows, cti_config view_limit): not sent again; check that call in Zammad's caller log`,
    );
    return true;
  }
}

/** The states a caller-log row passes through, in order. */
const STAGES = ['newCall', 'answer', 'hangup'];

function replyOf(payload: CtiPayload, data: unknown, { numberFormat }: CtiContext): SinkReply | void {
  if (payload.event !== 'newCall' || typeof data !== 'object' || data === null) return;
  const answer = data as { action?: string; caller_id?: string };
  if (answer.action === 'reject' && payload.direction === 'in') return { rejectCall: true };
  if (answer.action === 'dial' && payload.direction === 'out' && answer.caller_id) {
    return { callerId: fromZammadNumber(answer.caller_id, numberFormat) };
  }
}

function isDuplicateNewCall(payload: CtiPayload, status: number | null, data: unknown): boolean {
  return payload.event === 'newCall' && status === 500 && /already exists/i.test(JSON.stringify(data ?? ''));
}

function explain(payload: CtiPayload, result: Extract<HttpResult, { ok: false }>): string {
  const what = `Zammad CTI ${payload.event} for call ${payload.callId}`;
  if (result.status === 401) return `${what} refused: wrong CTI token (401); check ZAMMAD_CTI_TOKEN against Zammad's Generic CTI endpoint URL`;
  if (result.status === 422) {
    return `${what} refused (422): ${JSON.stringify(result.data)}; turn on Admin → Integrations → CTI (generic) in Zammad`;
  }
  return `${what} failed: ${result.error}${result.data ? ` ${JSON.stringify(result.data)}` : ''}`;
}
