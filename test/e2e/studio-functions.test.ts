import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRuntime, ROOT } from '../../scripts/local/local-runtime';
import { callSid } from '../support/twilio-call';

const CLOSED = JSON.stringify({ default: { timezone: 'UTC', weekly: {} } });

describe('Studio Functions', () => {
  it('/studio/agents says whether the line is open, from the shipped hours or BUSINESS_HOURS', async () => {
    const open = await startLocalRuntime();
    try {
      const res = await open.twilioPost('/studio/agents', { From: '+14155550999', To: '+14155550000' });
      expect(await res.json()).toMatchObject({ open: true, closedReason: null, count: 2 });
    } finally {
      await open.close();
    }
    const shipped = JSON.parse(readFileSync(join(ROOT, 'assets/business-hours.private.json'), 'utf8'));
    expect(Object.keys(shipped.default.weekly)).toHaveLength(7);
    const closed = await startLocalRuntime({ env: { BUSINESS_HOURS: CLOSED } });
    try {
      const res = await closed.twilioPost('/studio/agents', { From: '+14155550999', To: '+14155550000' });
      expect(await res.json()).toMatchObject({ open: false, closedReason: 'closed' });
    } finally {
      await closed.close();
    }
  });

  it('/studio/events feeds the same state machine: an after-hours voicemail is one missed call', async () => {
    const runtime = await startLocalRuntime({ env: { BUSINESS_HOURS: CLOSED } });
    try {
      const CallSid = callSid();
      const post = (params: Record<string, string>) => runtime.twilioPost('/studio/events', { CallSid, ...params });
      expect(await (await post({ event: 'started', From: '+14155550999', To: '+14155550000' })).json()).toEqual({ rejected: false });
      await post({ event: 'started', From: '+14155550999', To: '+14155550000' });
      await post({ event: 'closed' });
      await post({ event: 'voicemail', RecordingUrl: 'https://api.twilio.com/rec/RE1', RecordingSid: 'RE' + '1'.repeat(32), RecordingDuration: '15' });
      await post({ event: 'ended', CallStatus: 'completed' });
      await runtime.twilioPost('/voice/status', { CallSid, CallStatus: 'completed', From: '+14155550999', To: '+14155550000' });
      const record = await runtime.callRecord(CallSid);
      expect(record?.events.map((e) => e.type)).toEqual(['started', 'answered', 'voicemail', 'ended']);
      expect(record?.events.at(-1)).toMatchObject({ missedReason: 'out_of_hours', cause: 'normalClearing' });
      const bad = await post({ event: 'teleported' });
      expect(bad.status).toBe(400);
    } finally {
      await runtime.close();
    }
  });
});
