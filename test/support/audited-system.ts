import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';
import { startFakeZammad, type FakeZammad } from '../../scripts/fake-zammad';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { SECRET_SETTINGS } from '../../src/config';
import { zammadAgent } from './zammad-agents';

/** Long enough to be real-looking credentials, so a log line that carries one is caught. */
const CREDENTIALS = { cti: 'cti-token-of-the-soak-run', api: 'api-token-of-the-soak-run', freshdesk: 'freshdesk-key-of-the-soak-run' };

export interface AuditedSystem {
  runtime: LocalRuntime;
  zammad: FakeZammad;
  freshdesk: FakeFreshdesk;
  /** What must never be in a log: every configured secret, and the agents' and the line's numbers. */
  sensitive: string[];
  close(): Promise<void>;
}

/**
 * The whole system in-process with both helpdesks on loopback, the agents taken from Zammad:
 * what the soak suites play calls against and then judge from the helpdesks' side.
 * `helpdeskUrls` puts something (a switch that can refuse connections) in front of the fakes.
 */
export async function startAuditedSystem(
  agents: number,
  helpdeskUrls: (fakes: { zammad: string; freshdesk: string }) => Promise<{ zammad: string; freshdesk: string }> | { zammad: string; freshdesk: string } = (u) => u,
): Promise<AuditedSystem> {
  const users = Array.from({ length: agents }, (_, i) => zammadAgent(i + 2, `agent${i + 1}`, { phone: `+1415557${String(1000 + i)}` }));
  const zammad = await startFakeZammad({ ctiToken: CREDENTIALS.cti, apiToken: CREDENTIALS.api, users });
  const freshdesk = await startFakeFreshdesk({ apiKey: CREDENTIALS.freshdesk });
  const urls = await helpdeskUrls({ zammad: zammad.url, freshdesk: freshdesk.url });
  const runtime = await startLocalRuntime({
    env: { ZAMMAD_URL: urls.zammad, ZAMMAD_CTI_TOKEN: CREDENTIALS.cti, ZAMMAD_API_TOKEN: CREDENTIALS.api, FRESHDESK_URL: urls.freshdesk, FRESHDESK_API_KEY: CREDENTIALS.freshdesk },
  });
  const secrets = SECRET_SETTINGS.map((name) => runtime.stack.functionEnv[name]).filter((value): value is string => Boolean(value));
  return {
    runtime,
    zammad,
    freshdesk,
    // The line is TwilioCall's default called number.
    sensitive: [...secrets, ...users.map((user) => String(user.phone)), '+14155550000'],
    async close() {
      await runtime.close();
      await Promise.all([zammad.close(), freshdesk.close()]);
    },
  };
}

/** A webhook's answer as a problem to report, or null when Twilio would have got its 200. */
export const problemOf = (response: Promise<Response>): Promise<string | null> =>
  response.then((r) => (r.status === 200 ? null : `${r.url}: ${r.status}`));
