import type { CallRecord } from '../../calls/call-record';
import type { LifecycleEvent } from '../../calls/lifecycle-event';
import { awaitingVoicemail } from '../../calls/voicemail-wait';
import { DeliveryError, type DeliveryContext, type EventSink, type SinkReply } from '../../calls/outbox';
import { callLogHtml, customerNumber, outcomeOf, recordingNoteHtml, subjectOf, transcriptNoteHtml } from './call-log';
import { FreshdeskError, type FreshdeskApi } from './freshdesk-api';
import type { FreshdeskContacts } from './freshdesk-contacts';
import { FRESHDESK_STATUS, isOpen, requesterTickets } from './freshdesk-tickets';

const PHONE_SOURCE = 3;
const LOW_PRIORITY = 1;
const DAY_MS = 86_400_000;
/** How far back "the requester's newest open ticket" looks for an answered call. */
const OPEN_TICKET_DAYS = 365;

export interface FreshdeskSinkSettings {
  api: FreshdeskApi;
  contacts: FreshdeskContacts;
  /** A missed call or voicemail goes on an open ticket updated this recently instead of a new one. */
  reuseTicketDays: number;
  /** The status of a ticket made for an answered call that had none to go on. */
  answeredStatus: keyof typeof FRESHDESK_STATUS;
  /** How long a voicemail's ticket waits for the recording and its transcript after the call ended. */
  transcriptWaitSeconds: number;
  now(): Date;
}

/** What the sink keeps with the call (the outbox stores it in the record). */
interface LoggedCall {
  ticketId?: number;
  recordingLogged?: boolean;
  transcriptLogged?: boolean;
}

/**
 * Freshdesk as an event sink: one entry per call on the customer's ticket, written when the
 * call has ended (a voicemail waits a little for its recording and transcript). A missed call or
 * a voicemail opens a phone ticket unless the caller has a recent open one, which gets a private
 * note; an answered call is a note on the ticket a click-to-call came from, else on the
 * caller's newest open ticket, else a ticket of its own. Each entry ends with our call id, so a
 * retry after an unclear failure finds it rather than logging the call twice.
 */
export class FreshdeskSink implements EventSink {
  readonly name = 'freshdesk';

  constructor(private readonly settings: FreshdeskSinkSettings) {}

  async deliver(event: LifecycleEvent, record: CallRecord, context: DeliveryContext): Promise<SinkReply | void> {
    const logged = (record.sinkState?.[this.name] ?? {}) as LoggedCall;
    try {
      if (event.type === 'ended') return await this.logCall(record, logged, context.uncertain);
      // A recording or transcript that came after the call was logged: a note on the same ticket.
      if (event.type === 'voicemail' && logged.ticketId && !logged.recordingLogged) {
        await this.noteOnce(logged.ticketId, recordingNoteHtml(record, event.recordingUrl), context.uncertain);
        return { remember: { recordingLogged: true } };
      }
      if (event.type === 'transcription' && logged.ticketId && !logged.transcriptLogged) {
        await this.noteOnce(logged.ticketId, transcriptNoteHtml(record, event), context.uncertain);
        return { remember: { transcriptLogged: true } };
      }
    } catch (error) {
      if (error instanceof FreshdeskError) throw new DeliveryError(`${error.message} (call ${record.callId})`, error.ambiguous);
      throw error;
    }
  }

  private async logCall(record: CallRecord, logged: LoggedCall, uncertain: boolean): Promise<SinkReply | void> {
    if (logged.ticketId) return;
    if (awaitingVoicemail(record, this.settings.now(), this.settings.transcriptWaitSeconds)) return { later: true };
    const contact = await this.settings.contacts.forCaller(customerNumber(record));
    const included = {
      recordingLogged: Boolean(record.voicemail?.recordingUrl),
      transcriptLogged: record.events.some((e) => e.type === 'transcription'),
    };
    const earlier = uncertain ? await this.alreadyLogged(contact.id, record) : null;
    if (earlier) return { remember: { ticketId: earlier, ...included } };

    const body = callLogHtml(record);
    const onTicket = await this.ticketToNote(record, contact.id);
    if (onTicket) {
      await this.note(onTicket, body);
      return { remember: { ticketId: onTicket, ...included } };
    }
    const status = outcomeOf(record) === 'answered' ? FRESHDESK_STATUS[this.settings.answeredStatus] : FRESHDESK_STATUS.open;
    const ticket = await this.settings.api.post<{ id: number }>('/tickets', {
      requester_id: contact.id,
      subject: subjectOf(record, contact.name && !contact.name.startsWith('Caller ') ? contact.name : customerNumber(record)),
      description: body,
      status,
      priority: LOW_PRIORITY,
      source: PHONE_SOURCE,
    });
    return { remember: { ticketId: ticket.id, ...included } };
  }

  /** The ticket that gets a note rather than a new ticket, if any. */
  private async ticketToNote(record: CallRecord, requesterId: number): Promise<number | null> {
    const outcome = outcomeOf(record);
    const origin = record.originTicket?.helpdesk === this.name ? Number(record.originTicket.id) : null;
    if (record.direction === 'out' && origin) return origin;
    const days = outcome === 'answered' || outcome === 'not-answered' ? OPEN_TICKET_DAYS : this.settings.reuseTicketDays;
    if (days <= 0) return null;
    const open = (await this.recentTickets(requesterId, days, false)).find(isOpen);
    return open?.id ?? null;
  }

  /** After a failure that may have got through: the ticket whose description or notes carry this call's id. */
  private async alreadyLogged(requesterId: number, record: CallRecord): Promise<number | null> {
    const since = (this.settings.now().getTime() - Date.parse(record.startedAt)) / DAY_MS + 1;
    const tickets = await this.recentTickets(requesterId, Math.max(since, this.settings.reuseTicketDays), true);
    const described = tickets.find((t) => t.description?.includes(record.callId));
    if (described) return described.id;
    const origin = record.originTicket?.helpdesk === this.name ? [Number(record.originTicket.id)] : [];
    for (const id of [...origin, ...tickets.slice(0, 5).map((t) => t.id)]) {
      const { data: notes } = await this.settings.api.get<Array<{ body?: string }>>(`/tickets/${id}/conversations`);
      if (notes.some((n) => n.body?.includes(record.callId))) return id;
    }
    return null;
  }

  private recentTickets(requesterId: number, days: number, withDescription: boolean) {
    return requesterTickets(this.settings.api, requesterId, { since: new Date(this.settings.now().getTime() - days * DAY_MS), withDescription });
  }

  /** A note that an earlier, unclear attempt may already have left: looked for first. */
  private async noteOnce(ticketId: number, body: string, uncertain: boolean): Promise<void> {
    if (uncertain) {
      const { data: notes } = await this.settings.api.get<Array<{ body?: string }>>(`/tickets/${ticketId}/conversations`);
      if (notes.some((n) => n.body === body)) return;
    }
    await this.note(ticketId, body);
  }

  private async note(ticketId: number, body: string): Promise<void> {
    await this.settings.api.post(`/tickets/${ticketId}/notes`, { body, private: true });
  }
}
