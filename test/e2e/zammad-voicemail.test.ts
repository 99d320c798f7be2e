/**
 * A voicemail through the whole local system becomes a Zammad ticket: the Twilio recording fetched
 * from the Voice API emulator with the account's Basic auth (as with media auth on), an Africa's
 * Talking recording from its public address, each attached to one phone ticket for the customer
 * with the caller's number, the transcript in the article.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeZammad, type FakeZammad, type FakeZammadUser } from '../../scripts/fake-zammad';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { AtSession, atSessionId, startFakeAfricasTalking } from '../support/fake-africastalking';
import { eventually } from '../support/eventually';
import { TwilioCall } from '../support/twilio-call';
import { only } from '../support/twiml';
import { zammadAgent } from '../support/zammad-agents';

const CTI_TOKEN = 'cti-token-123';
const API_TOKEN = 'api-token-456';
const OUR_NUMBER = '+493099990000';
const CALLER = '+49301234567';
const AUDIO = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
const CUSTOMER: FakeZammadUser = {
  id: 9,
  login: 'clara@example.com',
  firstname: 'Clara',
  lastname: 'Customer',
  email: 'clara@example.com',
  phone: '+49 30 1234567',
  active: true,
  permissions: ['ticket.customer'],
};

async function withZammad(env: Record<string, string>, body: (zammad: FakeZammad, runtime: LocalRuntime) => Promise<void>) {
  const zammad = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: [zammadAgent(2, 'anna', { phone: '+49 30 1111111' }), CUSTOMER] });
  const runtime = await startLocalRuntime({
    env: { DEFAULT_REGION: 'DE', ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: CTI_TOKEN, ZAMMAD_API_TOKEN: API_TOKEN, ...env },
  });
  try {
    await body(zammad, runtime);
  } finally {
    await runtime.close();
    await zammad.close();
  }
}

describe('a voicemail becomes a Zammad ticket', () => {
  it('on Twilio: the recording the carrier served attached, the transcript in the article, one ticket for the customer', async () => {
    await withZammad({}, async (zammad, runtime) => {
      const recording = runtime.stack.voiceApi.addRecording({ mp3: AUDIO });
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const record = only(await call.dialResult(dial, 'no-answer'), 'Record');
      const params = { CallSid: call.sid, RecordingUrl: recording.url, RecordingSid: recording.sid, RecordingDuration: '14' };
      await call.twiml(record.attrs.action, params);
      await call.post(record.attrs.recordingStatusCallback, { ...params, RecordingStatus: 'completed' });
      await call.status('completed');
      // The transcript is promised: no ticket until it is in (or TRANSCRIPT_WAIT has passed).
      expect(zammad.tickets()).toEqual([]);
      await call.post(record.attrs.transcribeCallback, { ...params, TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back about my order.' });

      const [ticket, ...others] = await eventually(async () => {
        const tickets = zammad.tickets();
        expect(tickets).toHaveLength(1);
        return tickets;
      });
      expect(others).toEqual([]);
      expect(ticket).toMatchObject({ title: 'Voicemail from Clara Customer', group_id: 1, customer_id: CUSTOMER.id });
      const [article] = ticket!.articles;
      expect(article).toMatchObject({ type: 'phone', sender: 'Customer', internal: false });
      expect(article!.body).toContain('Transcript: Please call me back about my order.');
      expect(article!.body).toContain(`Number called: ${OUR_NUMBER}`);
      expect(article!.body.split('\n').pop()).toBe(`Call id: ${call.sid}`);
      expect(article!.attachments).toHaveLength(1);
      expect(article!.attachments[0]!.data.equals(AUDIO)).toBe(true);
      expect((await runtime.callRecord(call.sid))?.sinkState?.['zammad-tickets']).toMatchObject({ ticketId: ticket!.id });
      // A later flush makes no second ticket.
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(zammad.tickets()).toHaveLength(1);
    });
  });

  it('on Africa\'s Talking: the public recording attached to the same kind of ticket', async () => {
    const requests: string[] = [];
    const files = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/recordings/closed.mp3') return void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const at = await startFakeAfricasTalking('at-api-key');
    const secret = 'at-secret-123';
    try {
      await withZammad(
        {
          AT_USERNAME: 'helpdesk',
          AT_API_KEY: 'at-api-key',
          AT_PHONE_NUMBER: OUR_NUMBER,
          AT_CALLBACK_SECRET: secret,
          AT_API_URL: at.url,
          BUSINESS_HOURS: JSON.stringify({ default: { timezone: 'Europe/Berlin', weekly: {} } }),
        },
        async (zammad, runtime) => {
          const post = (form: Record<string, string>) =>
            fetch(`${runtime.baseUrl}/africastalking/voice?key=${encodeURIComponent(secret)}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form).toString(),
            });
          const call = new AtSession(post, atSessionId(), CALLER, OUR_NUMBER);
          expect((await call.start()).status).toBe(200);
          const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/recordings/closed.mp3`;
          await call.recorded(url, 9);
          await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 15, recordingUrl: url });

          const [ticket] = await eventually(async () => {
            const tickets = zammad.tickets();
            expect(tickets).toHaveLength(1);
            return tickets;
          });
          expect(ticket).toMatchObject({ title: 'Voicemail from Clara Customer', customer_id: CUSTOMER.id });
          const [article] = ticket!.articles;
          expect(article!.body).toContain('Transcript: none (this recording is not transcribed)');
          expect(article!.body).toContain('Reason: the line was closed (out of hours)');
          expect(article!.body.split('\n').pop()).toBe(`Call id: ${call.sessionId}`);
          expect(article!.attachments[0]!.data.equals(AUDIO)).toBe(true);
          expect(requests).toEqual(['/recordings/closed.mp3']);
        },
      );
    } finally {
      await at.close();
      await new Promise((resolve) => files.close(resolve));
    }
  });

  it('with ZAMMAD_MISSED_CALL_TICKETS=new, five missed calls from a number Zammad did not know: one new customer, one ticket, four notes', async () => {
    await withZammad({ VOICEMAIL: 'off', ZAMMAD_MISSED_CALL_TICKETS: 'new' }, async (zammad, runtime) => {
      const stranger = '+49307654321';
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const call = new TwilioCall(runtime, stranger, OUR_NUMBER);
        const dial = only(await call.incoming(), 'Dial');
        await call.dialResult(dial, 'no-answer');
        await call.status('completed');
        ids.push(call.sid);
      }
      const [ticket, ...others] = await eventually(async () => {
        const tickets = zammad.tickets();
        expect(tickets.flatMap((t) => t.articles)).toHaveLength(5);
        return tickets;
      });
      expect(others).toEqual([]);
      const created = zammad.users().filter((u) => u.phone === stranger);
      expect(created).toHaveLength(1);
      expect(ticket).toMatchObject({ title: `Missed call from ${stranger}`, customer_id: created[0]!.id });
      expect(ticket!.articles.map((a) => [a.type, a.internal])).toEqual([['phone', false], ...Array(4).fill(['note', true])]);
      expect(ticket!.articles.map((a) => a.body.split('\n').pop())).toEqual(ids.map((id) => `Call id: ${id}`));
    });
  });
});
