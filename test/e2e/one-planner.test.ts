import { setIdleOrder } from '../../scripts/simulator/idle-order';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { writeAgentsFile, type FileAgent } from '../support/agents-file';
import { AtSession, atSessionId, startFakeAfricasTalking } from '../support/fake-africastalking';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, parseXml } from '../support/twiml';

const AT_NUMBER = '+254711082000';
const SECRET = 'at-callback-secret';
const CALLER = '+254722999999';
const AGENTS: FileAgent[] = [
  { id: 'alice', number: '+254712000001' },
  { id: 'bob', number: '+254712000002' },
  { id: 'carol', number: '+254712000003' },
  { id: 'dave', number: '+254712000004' },
  { id: 'erin', number: '+254712000005', presence: 'away' },
];
const idOf = (number: string) => AGENTS.find((a) => a.number === number)?.id ?? number;

async function withBothCarriers(body: (runtime: LocalRuntime) => Promise<void>): Promise<void> {
  const at = await startFakeAfricasTalking('at-api-key');
  const runtime = await startLocalRuntime({
    env: {
      AGENTS_FILE: await writeAgentsFile(AGENTS),
      DEFAULT_REGION: 'KE',
      AT_USERNAME: 'helpdesk',
      AT_API_KEY: 'at-api-key',
      AT_PHONE_NUMBER: AT_NUMBER,
      AT_CALLBACK_SECRET: SECRET,
      AT_API_URL: at.url,
    },
  });
  try {
    await body(runtime);
  } finally {
    await runtime.close();
    await at.close();
  }
}

describe('one planner for every entry', () => {
  it('the same caller gets the same agents in the same order through /voice/incoming, /studio/agents and Africa\'s Talking', async () => {
    await withBothCarriers(async (runtime) => {
      const { stack } = runtime;
      await setIdleOrder(
        { syncUrl: stack.emulator.url, serviceSid: stack.runtime.SYNC_SERVICE_SID, mapName: stack.runtime.SYNC_AGENT_MAP, accountSid: stack.runtime.ACCOUNT_SID, authToken: stack.functionEnv.AUTH_TOKEN },
        ['carol', 'alice', 'dave', 'bob'],
      );
      const expected = ['carol', 'alice', 'dave', 'bob'];

      const studio = (await (await runtime.twilioPost('/studio/agents', { From: CALLER, To: AT_NUMBER })).json()) as { agents: Array<{ id: string }> };
      expect(studio.agents.map((a) => a.id)).toEqual(expected);

      const twilio = only(await new TwilioCall(runtime, CALLER, AT_NUMBER).incoming(), 'Dial');
      expect(numbersOf(twilio).map((n) => idOf(n.text))).toEqual(expected);

      const post = (params: Record<string, string>) =>
        fetch(`${runtime.baseUrl}/africastalking/voice?key=${SECRET}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        });
      const plan = parseXml(await (await new AtSession(post, atSessionId(), CALLER, AT_NUMBER).start()).text());
      expect(String(only(plan, 'Dial').attrs.phoneNumbers).split(',').map(idOf)).toEqual(expected);
    });
  });
});
