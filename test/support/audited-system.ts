import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';
import { startFakeZammad, type FakeZammad } from '../../scripts/fake-zammad';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { zammadAgent } from './zammad-agents';

export interface AuditedSystem {
  runtime: LocalRuntime;
  zammad: FakeZammad;
  freshdesk: FakeFreshdesk;
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
  const zammad = await startFakeZammad({ ctiToken: 'cti', apiToken: 'api', users });
  const freshdesk = await startFakeFreshdesk({ apiKey: 'fd-key' });
  const urls = await helpdeskUrls({ zammad: zammad.url, freshdesk: freshdesk.url });
  const runtime = await startLocalRuntime({
    env: { ZAMMAD_URL: urls.zammad, ZAMMAD_CTI_TOKEN: 'cti', ZAMMAD_API_TOKEN: 'api', FRESHDESK_URL: urls.freshdesk, FRESHDESK_API_KEY: 'fd-key' },
  });
  return {
    runtime,
    zammad,
    freshdesk,
    async close() {
      await runtime.close();
      await Promise.all([zammad.close(), freshdesk.close()]);
    },
  };
}

/** A webhook's answer as a problem to report, or null when Twilio would have got its 200. */
export const problemOf = (response: Promise<Response>): Promise<string | null> =>
  response.then((r) => (r.status === 200 ? null : `${r.url}: ${r.status}`));
