/**
 * The Zammad sink against the fake Zammad: an answer or hangup that may already have been applied
 * is checked against the caller log before it is sent again, and never sent twice.
 */
import { applyAll, announce, answerByAgent, endCall, newCallRecord } from '../../../src/calls/call-transitions';
import type { CallRecord } from '../../../src/calls/call-record';
import { DeliveryError } from '../../../src/calls/outbox';
import { ZammadCtiSink } from '../../../src/helpdesks/zammad/zammad-cti-sink';
import { startFakeZammad, type FakeZammad } from '../../../scripts/fake-zammad';

const CTI_TOKEN = 'cti-token';
const API_TOKEN = 'api-token';
const at = new Date();

function answeredCall(callId: string): CallRecord {
  const record = applyAll(
    newCallRecord({ callId, carrier: 'twilio', direction: 'in', from: '+4930123456', to: '+4930999000', at }),
    (r) => announce(r, [{ agentId: 'a', name: 'Anna Agent' }], at),
    (r) => answerByAgent(r, { agentId: 'a', agentName: 'Anna Agent', number: '+49301111111', at }),
    (r) => endCall(r, 'completed', at),
  );
  expect(record.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
  return record;
}

describe('ZammadCtiSink: events whose reply was lost', () => {
  let zammad: FakeZammad;
  let sink: ZammadCtiSink;
  const sure = { uncertain: false };
  const uncertain = { uncertain: true };
  const posts = (callId: string) => zammad.requests().filter((r) => r.params.callId === callId).map((r) => r.params.event);

  beforeEach(async () => {
    zammad = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
    sink = new ZammadCtiSink({
      url: zammad.url,
      ctiToken: CTI_TOKEN,
      apiToken: API_TOKEN,
      numberFormat: 'digits',
      queueName: 'support',
      timeoutMs: 500,
      retry: { budgetMs: 300, baseMs: 10, capMs: 50 },
    });
  });

  afterEach(async () => {
    await zammad.close();
  });

  it.each(['answer', 'hangup'] as const)('does not resend a %s Zammad applied before its reply was lost', async (event) => {
    const record = answeredCall('CA1');
    const [started, answered, ended] = record.events;
    await sink.deliver(started, record, sure);
    if (event === 'hangup') await sink.deliver(answered, record, sure);
    zammad.setOutage({ kind: 'lost-reply', events: [event] });
    const lost = event === 'answer' ? answered : ended;
    const failure = await sink.deliver(lost, record, sure).catch((error: unknown) => error);
    // Ambiguous, so the outbox marks it uncertain; and not retried blindly on the spot.
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).ambiguous).toBe(true);
    expect(posts('CA1').filter((e) => e === event)).toHaveLength(1);

    zammad.setOutage(false);
    await sink.deliver(lost, record, uncertain);
    if (event === 'answer') await sink.deliver(ended, record, sure);
    expect(posts('CA1')).toEqual(['newCall', 'answer', 'hangup']);
    expect(zammad.log('CA1')).toMatchObject({ state: 'hangup', done: true, to_comment: 'Anna Agent' });
  });

  it('sends an uncertain answer the caller log shows Zammad never applied', async () => {
    const record = answeredCall('CA1');
    const [started, answered] = record.events;
    await sink.deliver(started, record, sure);
    // A reset before Zammad read the request: just as ambiguous to us, but nothing was applied.
    zammad.setOutage({ kind: 'reset' });
    await expect(sink.deliver(answered, record, sure)).rejects.toMatchObject({ ambiguous: true });
    zammad.setOutage(false);
    expect(zammad.log('CA1')?.state).toBe('newCall');
    await sink.deliver(answered, record, uncertain);
    expect(zammad.log('CA1')?.state).toBe('answer');
    expect(zammad.requests().filter((r) => r.status === 200).map((r) => r.params.event)).toEqual(['newCall', 'answer']);
  });

  it('keeps an uncertain answer unsent while the caller log cannot be read', async () => {
    const record = answeredCall('CA1');
    const [started, answered] = record.events;
    await sink.deliver(started, record, sure);
    zammad.setOutage({ kind: 'status', status: 503 });
    const failure = await sink.deliver(answered, record, uncertain).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    // Not ambiguous: nothing was sent, the event stays uncertain for the next try.
    expect((failure as DeliveryError).ambiguous).toBe(false);
    expect((failure as Error).message).toMatch(/cannot check Zammad's caller log/);
    expect(posts('CA1')).toEqual(['newCall']);
  });

  it('does not resend an uncertain answer whose row the caller log no longer lists', async () => {
    zammad.setCtiConfig({ viewLimit: 1 });
    const record = answeredCall('CA1');
    const [started, answered] = record.events;
    await sink.deliver(started, record, sure);
    const later = answeredCall('CA2');
    await sink.deliver(later.events[0], later, sure);
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await sink.deliver(answered, record, uncertain);
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/answer for call CA1 .*no longer lists the call/));
    } finally {
      logged.mockRestore();
    }
    expect(posts('CA1')).toEqual(['newCall']);
  });

  it('sends a newCall again without asking: Zammad answers a repeat "already exists"', async () => {
    const record = answeredCall('CA1');
    await sink.deliver(record.events[0], record, sure);
    await sink.deliver(record.events[0], record, uncertain);
    expect(zammad.requests().map((r) => `${r.params.event} ${r.status}`)).toEqual(['newCall 200', 'newCall 500']);
  });
});
