import type { CallRecord } from '../../calls/call-record';
import type { LifecycleEvent } from '../../calls/lifecycle-event';
import { DeliveryError, type DeliveryContext, type EventSink, type SinkReply } from '../../calls/outbox';
import { awaitingVoicemail } from '../../calls/voicemail-wait';
import type { RecordingMedia } from '../../carriers/recording-media';
import { callArticleBody, callIdLine, transcriptNoteBody } from './call-article';
import { ZammadError, type ZammadApi } from './zammad-api';
import type { ZammadCallers } from './zammad-callers';

export type MissedCallTickets = 'off' | 'new' | 'always';

export interface ZammadTicketSettings {
  api: ZammadApi;
  callers: ZammadCallers;
  recordings: RecordingMedia;
  /** The group tickets go to, by name. */
  group: string;
  /** A recording larger than this is linked, not attached. */
  attachmentMaxBytes: number;
  /** Missed calls without a voicemail: none, a ticket unless the caller has an open one (else a note on it), or always a ticket. */
  missedCalls: MissedCallTickets;
  /** How long a voicemail's ticket waits for the recording and its transcript after the call ended. */
  transcriptWaitSeconds: number;
  now(): Date;
}

/** What the sink keeps with the call (the outbox stores it in the record). */
interface TicketOfCall {
  ticketId?: number;
  /** Whether the ticket already has the transcript (or says the transcription failed). */
  transcriptIncluded?: boolean;
}

/** When checking for an earlier, unclear attempt: the customer's newest tickets looked into. */
const RECENT_TICKETS = 5;

const customerTickets = (data: unknown) => data as { ticket_ids_open?: number[]; ticket_ids_closed?: number[] };

/**
 * Zammad tickets as an event sink, beside the Generic CTI one: a voicemail becomes a phone
 * ticket in the configured group for the caller (the recording attached, the transcript in the
 * article), once the recording and transcript are in or waiting longer would not help; a missed
 * call does too when asked for. Every article ends with our call id, so a retry after an unclear
 * failure finds what got through instead of writing it twice.
 */
export class ZammadTicketSink implements EventSink {
  readonly name = 'zammad-tickets';

  constructor(private readonly settings: ZammadTicketSettings) {}

  async deliver(event: LifecycleEvent, record: CallRecord, context: DeliveryContext): Promise<SinkReply | void> {
    const kept = (record.sinkState?.[this.name] ?? {}) as TicketOfCall;
    try {
      if (event.type === 'transcription' && kept.ticketId && !kept.transcriptIncluded) {
        await this.noteOnce(kept.ticketId, transcriptNoteBody(record, event), context.uncertain);
        return { remember: { transcriptIncluded: true } };
      }
      if (event.type !== 'ended' || kept.ticketId) return;
      return await this.ticketFor(record, context.uncertain);
    } catch (error) {
      if (error instanceof ZammadError) throw new DeliveryError(`${error.message} (call ${record.callId})`, error.ambiguous);
      throw error;
    }
  }

  private async ticketFor(record: CallRecord, uncertain: boolean): Promise<SinkReply | void> {
    const voicemail = Boolean(record.answer?.voicemail);
    const missed = !record.answer && record.direction === 'in';
    if (!voicemail && !(missed && this.settings.missedCalls !== 'off')) return;
    if (voicemail && awaitingVoicemail(record, this.settings.now(), this.settings.transcriptWaitSeconds)) return { later: true };
    const transcriptIncluded = record.events.some((e) => e.type === 'transcription');
    return { remember: { ticketId: await this.write(record, voicemail, uncertain), transcriptIncluded } };
  }

  private async write(record: CallRecord, voicemail: boolean, uncertain: boolean): Promise<number> {
    const customer = await this.settings.callers.customerFor(record.callId, record.from);
    const noteOnOpen = !voicemail && this.settings.missedCalls === 'new';
    // The customer's tickets matter only for a retry's check or a note on their open ticket.
    const tickets = uncertain || noteOnOpen ? customerTickets(await this.settings.api.get(`/api/v1/ticket_customer?customer_id=${customer.id}`)) : {};
    if (uncertain) {
      const earlier = await this.alreadyWritten(tickets, record.callId);
      if (earlier) return earlier;
    }
    const open = tickets.ticket_ids_open?.[0];
    if (noteOnOpen && open) {
      await this.note(open, callArticleBody(record, { attached: false }));
      return open;
    }
    const audio = voicemail && record.voicemail?.recordingUrl
      ? await this.settings.recordings.fetch(record.carrier, record.voicemail.recordingUrl, this.settings.attachmentMaxBytes)
      : null;
    const title = `${voicemail ? 'Voicemail' : 'Missed call'} from ${customer.name ?? record.from}`;
    const ticket = await this.settings.api.post<{ id: number }>('/api/v1/tickets', {
      title,
      group: this.settings.group,
      customer_id: customer.id,
      article: {
        subject: title,
        body: callArticleBody(record, { attached: audio?.ok === true, note: audio && !audio.ok ? audio.reason : undefined }),
        content_type: 'text/plain',
        type: 'phone',
        sender: 'Customer',
        internal: false,
        attachments: audio?.ok ? [{ filename: audio.filename, data: audio.bytes.toString('base64'), 'mime-type': audio.mimeType }] : [],
      },
    });
    return ticket.id;
  }

  /** A note that an earlier, unclear attempt may already have left: looked for first. */
  private async noteOnce(ticketId: number, body: string, uncertain: boolean): Promise<void> {
    if (uncertain) {
      const articles = await this.settings.api.get<Array<{ body?: string }>>(`/api/v1/ticket_articles/by_ticket/${ticketId}`);
      if (articles.some((a) => a.body === body)) return;
    }
    await this.note(ticketId, body);
  }

  private async note(ticketId: number, body: string): Promise<void> {
    await this.settings.api.post('/api/v1/ticket_articles', { ticket_id: ticketId, body, content_type: 'text/plain', type: 'note', internal: true });
  }

  /** After a failure that may have got through: the customer's recent ticket with an article carrying this call's id. */
  private async alreadyWritten(tickets: ReturnType<typeof customerTickets>, callId: string): Promise<number | null> {
    const recent = [...(tickets.ticket_ids_open ?? []), ...(tickets.ticket_ids_closed ?? [])].sort((a, b) => b - a).slice(0, RECENT_TICKETS);
    for (const id of recent) {
      const articles = await this.settings.api.get<Array<{ body?: string }>>(`/api/v1/ticket_articles/by_ticket/${id}`);
      if (articles.some((a) => a.body?.split('\n').includes(callIdLine(callId)))) return id;
    }
    return null;
  }
}
