/**
 * The cti_logs table and Cti::Log.process, the Generic CTI state machine (app/models/cti/log.rb, 2026 header).
 * Every rule below is Zammad's, including the ones a well-behaved PBX must avoid triggering:
 * - newCall creates the row (done=false inbound, true outbound); an existing call id raises → HTTP 500;
 * - answer/hangup for an unknown call id raise → HTTP 500;
 * - answer after hangup is ignored; a repeated answer is processed again (start_at and waiting time reset);
 * - hangup: done=true, except inbound when the row was still newCall (cause ≠ 'forwarded') or to_comment is
 *   'voicemail'; a repeated hangup is processed again, so a missed call's done flips to true.
 */
import { commentAndPreferences } from './caller-id';
import { ZammadException, notNullViolation, valueTooLong } from './errors';
import { castString, present, truthy, type Params } from './params';
import type { CtiLogRow, FakeZammadUser } from './types';

/** Column limits of cti_logs (varchar sizes from the migration). */
const LIMITS = { from: 100, to: 100, from_comment: 250, to_comment: 250, queue: 250, call_id: 250, comment: 500 } as const;

const seconds = (ms: number): number => Math.floor(ms / 1000);
const iso = (ms: number): string => new Date(ms).toISOString();

export class CtiLogStore {
  private readonly rows: CtiLogRow[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number) {}

  all(): CtiLogRow[] {
    return this.rows.map(copyRow);
  }

  byCallId(callId: string): CtiLogRow | undefined {
    const row = this.rows.find((candidate) => candidate.call_id === callId);
    return row ? copyRow(row) : undefined;
  }

  byId(id: number): CtiLogRow | undefined {
    return this.rows.find((row) => row.id === id);
  }

  /** Cti::Log.log_records without a notify_map: newest created first (ties: newest id first), at most `limit`. */
  newest(limit: number): CtiLogRow[] {
    return [...this.rows]
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
      .slice(0, Math.max(0, limit))
      .map(copyRow);
  }

  /** POST /api/v1/cti/done/:id and done/bulk: an agent ticks the row. */
  setDone(row: CtiLogRow, done: boolean): void {
    row.done = done;
    row.updated_at = iso(this.now());
  }

  /** Cti::Log.process. Returns the row touched, or null when the event was ignored (answer after hangup). */
  process(params: Params, users: readonly FakeZammadUser[]): CtiLogRow | null {
    const cause = params.cause;
    const event = params.event;
    const callIdParam = truthy(params.callId) ? params.callId : params.call_id;
    let user: unknown = params.user;
    let queue: unknown = params.queue;
    if (Array.isArray(user)) user = joinArray(user);

    let fromComment: unknown = null;
    let toComment: unknown = null;
    let preferences: CtiLogRow['preferences'] = {};
    if (params.direction === 'in') {
      if (present(user)) toComment = user;
      else if (present(queue)) toComment = queue;
      const known = commentAndPreferences(users, params.from, 'from');
      fromComment = known?.comment ?? null;
      preferences = known?.preferences ?? {};
      if (!present(queue)) queue = params.to;
    } else {
      fromComment = user;
      const known = commentAndPreferences(users, params.to, 'to');
      toComment = known?.comment ?? null;
      preferences = known?.preferences ?? {};
      if (!present(queue)) queue = params.from;
    }

    const callId = castString(callIdParam);
    const log = callId === null ? undefined : this.rows.find((row) => row.call_id === callId);
    const now = this.now();

    switch (event) {
      case 'newCall': {
        if (log) throw new ZammadException('StandardError', `call_id ${callId} already exists!`);
        const row = {
          direction: params.direction as CtiLogRow['direction'],
          from: castString(params.from),
          from_comment: castString(fromComment),
          to: castString(params.to),
          to_comment: castString(toComment),
          queue: castString(queue),
          call_id: callId,
          comment: castString(cause),
        };
        // The INSERT fails on the first NOT NULL column left empty, in table order.
        if (row.from === null) throw notNullViolation('from', 'cti_logs');
        if (row.to === null) throw notNullViolation('to', 'cti_logs');
        if (row.call_id === null) throw notNullViolation('call_id', 'cti_logs');
        checkLengths(row);
        const created: CtiLogRow = {
          id: this.nextId++,
          call_id: row.call_id,
          direction: row.direction,
          from: row.from,
          to: row.to,
          queue: row.queue,
          state: 'newCall',
          done: params.direction !== 'in',
          comment: row.comment,
          from_comment: row.from_comment,
          to_comment: row.to_comment,
          initialized_at: iso(now),
          start_at: null,
          end_at: null,
          duration_waiting_time: null,
          duration_talking_time: null,
          preferences,
          created_at: iso(now),
          updated_at: iso(now),
        };
        this.rows.push(created);
        return created;
      }
      case 'answer': {
        if (!log) throw new ZammadException('StandardError', `No such call_id ${callId ?? ''}`);
        if (log.state === 'hangup') return null; // call is already hung up: the answer is ignored
        const toCommentAfter = truthy(user) ? castString(user) : log.to_comment;
        const commentAfter = castString(cause);
        checkLengths({ to_comment: toCommentAfter, comment: commentAfter });
        log.state = 'answer';
        log.start_at = iso(now);
        log.duration_waiting_time = seconds(now) - seconds(Date.parse(log.initialized_at));
        log.to_comment = toCommentAfter;
        log.done = true;
        log.comment = commentAfter;
        log.updated_at = iso(now);
        return log;
      }
      case 'hangup': {
        if (!log) throw new ZammadException('StandardError', `No such call_id ${callId ?? ''}`);
        const commentAfter = castString(cause);
        checkLengths({ comment: commentAfter });
        // `direction` is the request's, not the row's.
        let done = true;
        if (params.direction === 'in' && ((log.state === 'newCall' && cause !== 'forwarded') || log.to_comment === 'voicemail')) {
          done = false;
        }
        log.done = done;
        log.state = 'hangup';
        log.end_at = iso(now);
        if (log.start_at) {
          log.duration_talking_time = seconds(now) - seconds(Date.parse(log.start_at));
        } else if (log.duration_waiting_time === null) {
          log.duration_waiting_time = seconds(now) - seconds(Date.parse(log.initialized_at));
        }
        log.comment = commentAfter;
        log.updated_at = iso(now);
        return log;
      }
      default:
        throw new ZammadException('ArgumentError', `Unknown event ${rubyInspect(event)}`);
    }
  }
}

function checkLengths(values: Partial<Record<keyof typeof LIMITS, string | null>>): void {
  for (const [column, value] of Object.entries(values) as Array<[keyof typeof LIMITS, string | null]>) {
    if (value !== null && [...value].length > LIMITS[column]) throw valueTooLong(LIMITS[column]);
  }
}

/** Ruby's Array#join(', '): nested arrays flattened, nil as ''. */
function joinArray(values: unknown[]): string {
  return values
    .map((value) => (Array.isArray(value) ? joinArray(value) : value === null || value === undefined ? '' : (castString(value) ?? '')))
    .join(', ');
}

function rubyInspect(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  return JSON.stringify(value);
}

function copyRow(row: CtiLogRow): CtiLogRow {
  return { ...row, preferences: JSON.parse(JSON.stringify(row.preferences)) as CtiLogRow['preferences'] };
}
