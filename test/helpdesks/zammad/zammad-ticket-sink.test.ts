/**
 * The Zammad ticket sink against the fake Zammad, with a stand-in for the carrier's recording
 * host on loopback: what ticket a voicemail or missed call becomes, and that retries never make two.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyAll, attachRecording, attachTranscription, endCall, giveUp, newCallRecord, startVoicemail } from '../../../src/calls/call-transitions';
import type { CallRecord } from '../../../src/calls/call-record';
import type { LifecycleEvent } from '../../../src/calls/lifecycle-event';
import { DeliveryError } from '../../../src/calls/outbox';
import { RecordingMedia } from '../../../src/carriers/recording-media';
import { ZammadApi } from '../../../src/helpdesks/zammad/zammad-api';
import { ZammadCallers } from '../../../src/helpdesks/zammad/zammad-callers';
import { ZammadTicketSink, type MissedCallTickets } from '../../../src/helpdesks/zammad/zammad-ticket-sink';
import { startFakeZammad, type FakeZammad, type FakeZammadOptions } from '../../../scripts/fake-zammad';

const API_TOKEN = 'api-token';
const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
const AUTH_TOKEN = 'auth-token';
const RECORDING_SID = 'RE' + '1'.repeat(32);
const AUDIO = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
const CALLER = '+4930123456';
const ADA = { id: 5, login: 'ada', firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', phone: '+49 30 123456', active: true, permissions: ['ticket.customer'] };
const HTTP = { timeoutMs: 500, retry: { budgetMs: 300, baseMs: 10, capMs: 50 } };
const sure = { uncertain: false };
const uncertain = { uncertain: true };
const start = new Date('2026-12-06T03:00:00Z');
const secondsLater = (s: number) => new Date(start.getTime() + s * 1000);

/** Twilio's recording resource (…/Recordings/RE….mp3, account Basic auth) and a public file as Africa's Talking serves it. */
async function startRecordingHost(): Promise<{ url: string; close(): Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const twilio = req.url === `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${RECORDING_SID}.mp3`;
    const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    if (twilio && req.headers.authorization !== basic) return void res.writeHead(401).end();
    if (twilio || req.url === '/recordings/at-1.mp3') return void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function voicemail(callId: string, { carrier = 'twilio', url, transcript }: { carrier?: string; url: string; transcript?: string | 'failed' | null }): CallRecord {
  return applyAll(
    newCallRecord({ callId, carrier, direction: 'in', from: CALLER, to: '+4930999000', at: start }),
    (r) => giveUp(r, 'no_available_agent'),
    (r) => startVoicemail(r, secondsLater(20)),
    (r) => endCall(r, 'completed', secondsLater(60)),
    (r) => attachRecording(r, { url, sid: carrier === 'twilio' ? RECORDING_SID : null, durationSeconds: 35, transcribing: transcript !== null }, secondsLater(61)),
    (r) => (transcript === undefined || transcript === null ? null : attachTranscription(r, { recordingSid: RECORDING_SID, status: transcript === 'failed' ? 'failed' : 'completed', text: transcript === 'failed' ? null : transcript }, secondsLater(90))),
  );
}

function missedCall(callId: string, at: Date): CallRecord {
  return applyAll(
    newCallRecord({ callId, carrier: 'twilio', direction: 'in', from: CALLER, to: '+4930999000', at }),
    (r) => giveUp(r, 'agents_did_not_answer'),
    (r) => endCall(r, 'completed', new Date(at.getTime() + 30_000)),
  );
}

const ended = (record: CallRecord) => record.events.find((e): e is Extract<LifecycleEvent, { type: 'ended' }> => e.type === 'ended')!;

describe('ZammadTicketSink', () => {
  let zammad: FakeZammad;
  let host: Awaited<ReturnType<typeof startRecordingHost>>;
  let now: Date;
  const twilioUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${RECORDING_SID}`;

  async function sinkFor(options: Partial<FakeZammadOptions> = {}, settings: { missedCalls?: MissedCallTickets; attachmentMaxBytes?: number } = {}) {
    zammad = await startFakeZammad({ ctiToken: 'cti', apiToken: API_TOKEN, users: [ADA], ...options });
    const api = new ZammadApi({ url: zammad.url, apiToken: API_TOKEN, ...HTTP });
    return new ZammadTicketSink({
      api,
      callers: new ZammadCallers(api, 'DE'),
      recordings: new RecordingMedia({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, twilioApiUrl: host.url, ...HTTP }),
      group: 'Users',
      attachmentMaxBytes: settings.attachmentMaxBytes ?? 5 * 1024 * 1024,
      missedCalls: settings.missedCalls ?? 'off',
      transcriptWaitSeconds: 180,
      now: () => now,
    });
  }

  beforeEach(async () => {
    host = await startRecordingHost();
    now = secondsLater(95);
  });

  afterEach(async () => {
    await zammad?.close();
    await host.close();
  });

  it('makes a voicemail with its transcript one phone ticket in the group, for the customer with that number, the audio attached', async () => {
    const sink = await sinkFor();
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'Please call me back about my invoice' });
    const reply = await sink.deliver(ended(record), record, sure);
    const [ticket, ...others] = zammad.tickets();
    expect(others).toEqual([]);
    expect(reply).toEqual({ remember: { ticketId: ticket!.id, transcriptIncluded: true } });
    expect(ticket).toMatchObject({ title: 'Voicemail from Ada Lovelace', group_id: 1, customer_id: ADA.id, state_id: 1 });
    const [article] = ticket!.articles;
    expect(article).toMatchObject({ type: 'phone', sender: 'Customer', internal: false });
    expect(article!.body).toContain('Transcript: Please call me back about my invoice');
    expect(article!.body).toContain('Number called: +4930999000');
    expect(article!.body).toContain('Wait: 20 s');
    expect(article!.body).toContain('Reason: the caller left a voicemail');
    expect(article!.body.split('\n').pop()).toBe('Call id: CA1');
    expect(article!.attachments).toHaveLength(1);
    expect(article!.attachments[0]!.data.equals(AUDIO)).toBe(true);
    expect(article!.attachments[0]).toMatchObject({ filename: `${RECORDING_SID}.mp3`, preferences: { 'Mime-Type': 'audio/mpeg' } });
  });

  it('waits for a promised transcript, and after TRANSCRIPT_WAIT writes the ticket saying none came', async () => {
    const sink = await sinkFor();
    const record = voicemail('CA1', { url: twilioUrl });
    expect(await sink.deliver(ended(record), record, sure)).toEqual({ later: true });
    expect(zammad.tickets()).toEqual([]);
    now = secondsLater(60 + 181);
    await sink.deliver(ended(record), record, sure);
    expect(zammad.tickets()[0]!.articles[0]!.body).toContain('Transcript: none came in time');
  });

  it('adds a transcript that came after the ticket as an internal note on it, once', async () => {
    const sink = await sinkFor();
    const waited = voicemail('CA1', { url: twilioUrl });
    now = secondsLater(60 + 181);
    const reply = await sink.deliver(ended(waited), waited, sure);
    expect(reply).toMatchObject({ remember: { transcriptIncluded: false } });
    const late = applyAll({ ...waited, sinkState: { 'zammad-tickets': (reply as { remember: Record<string, unknown> }).remember } }, (r) =>
      attachTranscription(r, { recordingSid: RECORDING_SID, status: 'completed', text: 'late words' }, secondsLater(300)),
    );
    const transcription = late.events.find((e) => e.type === 'transcription')!;
    expect(await sink.deliver(transcription, late, sure)).toEqual({ remember: { transcriptIncluded: true } });
    await sink.deliver(transcription, late, uncertain);
    const [ticket] = zammad.tickets();
    expect(ticket!.articles.map((a) => [a.type, a.internal, a.body])).toEqual([
      ['phone', false, expect.stringContaining('Transcript: none came in time')],
      ['note', true, 'Transcript: late words\n\nCall id: CA1'],
    ]);
  });

  it('says so when the transcription failed', async () => {
    const sink = await sinkFor();
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'failed' });
    await sink.deliver(ended(record), record, sure);
    expect(zammad.tickets()[0]!.articles[0]!.body).toContain('Transcript: the transcription failed');
  });

  it('makes an unknown caller a new customer with that phone', async () => {
    const sink = await sinkFor({ users: [] });
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'hello' });
    await sink.deliver(ended(record), record, sure);
    const [customer] = zammad.users();
    expect(customer).toMatchObject({ phone: CALLER, permissions: ['ticket.customer'] });
    expect(zammad.tickets()[0]).toMatchObject({ customer_id: customer!.id, title: `Voicemail from ${CALLER}` });
  });

  it('links a recording larger than the limit instead of attaching it', async () => {
    const sink = await sinkFor({}, { attachmentMaxBytes: AUDIO.length - 1 });
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'hello' });
    await sink.deliver(ended(record), record, sure);
    const [article] = zammad.tickets()[0]!.articles;
    expect(article!.attachments).toEqual([]);
    expect(article!.body).toContain(`Recording: ${twilioUrl} (not attached: ${AUDIO.length} bytes, more than the ${AUDIO.length - 1} attached at most)`);
  });

  it('fetches an Africa\'s Talking recording as the public file it is: the same ticket', async () => {
    const sink = await sinkFor();
    const record = voicemail('ATid_1', { carrier: 'africastalking', url: `${host.url}/recordings/at-1.mp3`, transcript: null });
    await sink.deliver(ended(record), record, sure);
    const [ticket] = zammad.tickets();
    expect(ticket).toMatchObject({ title: 'Voicemail from Ada Lovelace', customer_id: ADA.id });
    expect(ticket!.articles[0]!.attachments[0]!.data.equals(AUDIO)).toBe(true);
    expect(ticket!.articles[0]!.attachments[0]!.filename).toBe('at-1.mp3');
  });

  it('keeps a voicemail through a Zammad 503 and makes one ticket when Zammad is back', async () => {
    const sink = await sinkFor();
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'hello' });
    zammad.setOutage({ kind: 'status', status: 503 });
    const failure = await sink.deliver(ended(record), record, sure).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).ambiguous).toBe(false);
    zammad.setOutage(false);
    await sink.deliver(ended(record), record, sure);
    expect(zammad.tickets()).toHaveLength(1);
  });

  it('finds the ticket a timed-out create made instead of making a second', async () => {
    const sink = await sinkFor();
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'hello' });
    zammad.setOutage({ kind: 'lost-reply', requests: ['POST /api/v1/tickets'] });
    const failure = await sink.deliver(ended(record), record, sure).catch((e: unknown) => e);
    expect((failure as DeliveryError).ambiguous).toBe(true);
    expect(zammad.tickets()).toHaveLength(1);
    zammad.setOutage(false);
    const reply = await sink.deliver(ended(record), record, uncertain);
    expect(zammad.tickets()).toHaveLength(1);
    expect(reply).toEqual({ remember: { ticketId: zammad.tickets()[0]!.id, transcriptIncluded: true } });
  });

  it('does nothing more for a call whose ticket it remembers', async () => {
    const sink = await sinkFor();
    const record = { ...voicemail('CA1', { url: twilioUrl, transcript: 'hello' }), sinkState: { 'zammad-tickets': { ticketId: 9 } } };
    expect(await sink.deliver(ended(record), record, sure)).toBeUndefined();
    expect(zammad.tickets()).toEqual([]);
  });

  it('leaves missed calls to the caller log by default', async () => {
    const sink = await sinkFor();
    const record = missedCall('CA1', start);
    expect(await sink.deliver(ended(record), record, sure)).toBeUndefined();
    expect(zammad.tickets()).toEqual([]);
  });

  it('with missed-call tickets "new", makes five missed calls in ten minutes one ticket and four internal notes', async () => {
    const sink = await sinkFor({}, { missedCalls: 'new' });
    for (let i = 0; i < 5; i++) {
      const record = missedCall(`CA${i}`, new Date(start.getTime() + i * 120_000));
      await sink.deliver(ended(record), record, sure);
    }
    const [ticket, ...others] = zammad.tickets();
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({ title: 'Missed call from Ada Lovelace', customer_id: ADA.id });
    expect(ticket!.articles.map((a) => [a.type, a.internal])).toEqual([['phone', false], ...Array(4).fill(['note', true])]);
    expect(ticket!.articles.map((a) => a.body.split('\n').pop())).toEqual(['CA0', 'CA1', 'CA2', 'CA3', 'CA4'].map((id) => `Call id: ${id}`));
  });

  it('with missed-call tickets "always", makes each missed call a ticket', async () => {
    const sink = await sinkFor({}, { missedCalls: 'always' });
    for (const id of ['CA1', 'CA2']) {
      const record = missedCall(id, start);
      await sink.deliver(ended(record), record, sure);
    }
    expect(zammad.tickets()).toHaveLength(2);
  });

  it.each([
    ['a group that does not exist', { groups: [{ id: 2, name: 'Support' }] }, /No lookup value found for 'group': "Users".*ZAMMAD_TICKET_GROUP must name an existing/],
    ['a token without create access to the group', { ticketGroups: ['Support'] }, /HTTP 403 Not authorized.*ticket\.agent permission with create access on ZAMMAD_TICKET_GROUP/],
  ])('explains %s and keeps the event for a later flush', async (_case, options, explained) => {
    const sink = await sinkFor(options);
    const record = voicemail('CA1', { url: twilioUrl, transcript: 'hello' });
    const failure = await sink.deliver(ended(record), record, sure).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).ambiguous).toBe(false);
    expect((failure as Error).message).toMatch(explained);
    expect(zammad.tickets()).toEqual([]);
  });
});
