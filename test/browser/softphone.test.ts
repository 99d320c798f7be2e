/**
 * The softphone panel in chromium against the local system: /softphone.html opened from the
 * dashboard's link, its token and heartbeats answered by the built Functions, only the carriers'
 * SDKs replaced by doubles of their documented objects (test/browser/doubles, bundled in where the
 * SDKs go). The test plays the carrier's side through the doubles (window.sdkDouble) and waits for
 * what the page shows, never for a time.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request, Route } from 'playwright-core';
import { buildSoftphone } from '../../scripts/build';
import { launchChromium, type Chromium } from '../../scripts/local/chromium';
import { ROOT, startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';
import { eventually } from '../support/eventually';

const TOKEN = 'dev-dashboard-token';
const AT_KEY = 'at-api-key';
const WAIT = { timeout: 15_000 };
/** A strict deployment's header, plus the carriers' signalling the SDKs need. */
const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' wss://*.twilio.com https://*.twilio.com wss://webrtc.africastalking.com; media-src 'self' blob:; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

interface AgentState {
  id: string;
  softphoneSignedIn: boolean;
}

describe('the softphone panel in chromium', () => {
  let at: FakeAfricasTalking;
  let runtime: LocalRuntime;
  let browser: Chromium;
  let bundleDir: string;
  let bundle: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    at = await startFakeAfricasTalking(AT_KEY);
    runtime = await startLocalRuntime({
      env: {
        TWILIO_API_KEY: 'SK' + '1'.repeat(32),
        TWILIO_API_SECRET: 'softphone-api-secret',
        TWIML_APP_SID: 'AP' + '2'.repeat(32),
        AT_USERNAME: 'helpdesk',
        AT_API_KEY: AT_KEY,
        AT_PHONE_NUMBER: '+254711082000',
        AT_CALLBACK_SECRET: 'at-callback-secret',
        AT_API_URL: at.url,
        AT_WEBRTC_URL: at.url,
        OUTBOUND_BLOCKED_PREFIXES: '+25420',
      },
    });
    bundleDir = await mkdtemp(join(tmpdir(), 'softphone-bundle-'));
    const doubles = join(ROOT, 'test/browser/doubles');
    await buildSoftphone(ROOT, join(bundleDir, 'softphone.js'), {
      alias: { '@twilio/voice-sdk': join(doubles, 'twilio-voice-sdk.js'), 'africastalking-client': join(doubles, 'africastalking-client') },
    });
    bundle = await readFile(join(bundleDir, 'softphone.js'), 'utf8');
    browser = await launchChromium();
    // For the whole browser, so a tab the dashboard opens has them before it loads: the strict
    // header, and the SDKs swapped for their doubles.
    await browser.context.route('**/softphone.html?*', servePage(true));
    await browser.context.route('**/softphone.js', (route) => route.fulfill({ contentType: 'text/javascript', body: bundle }));
    await browser.context.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
    await at?.close();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  /** The page as served, with a strict CSP header (and, for `microphone: false`, refused the microphone). */
  const servePage = (microphone: boolean) => async (route: Route) => {
    const response = await route.fetch();
    const headers: Record<string, string> = { ...response.headers(), 'content-security-policy': STRICT_CSP };
    // Refusing the page the microphone is what the browser does for a blocked permission.
    if (!microphone) headers['permissions-policy'] = 'microphone=()';
    await route.fulfill({ response, headers });
  };

  /** Listeners for every page, and the microphone refused where asked. */
  async function prepare(page: Page, { microphone = true } = {}): Promise<Page> {
    if (!microphone) await page.route('**/softphone.html?*', servePage(false));
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    return page;
  }

  const linkPath = async (agentId: string): Promise<string> => {
    const res = await runtime.dashboard(`/softphone/link?agentId=${agentId}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { path: string }).path;
  };
  const signedIn = async (id: string) => {
    const res = await runtime.dashboard('/agents/state');
    return ((await res.json()) as { agents: AgentState[] }).agents.find((a) => a.id === id)?.softphoneSignedIn;
  };
  const status = (page: Page) => page.getByRole('status');
  const alert = (page: Page) => page.getByRole('alert');
  /** Runs `script` in the page, where the doubles are `window.sdkDouble`. */
  const drive = <T>(page: Page, script: string): Promise<T> => page.evaluate(script) as Promise<T>;
  const tokenAnswers = (page: Page) => {
    const answers: string[] = [];
    page.on('response', async (response) => {
      if (response.url().endsWith('/softphone/token') && response.ok()) answers.push(((await response.json()) as { token: string }).token);
    });
    return answers;
  };

  describe('on Twilio, opened from the dashboard', () => {
    let page: Page;
    let tokens: string[];
    const posted: Request[] = [];

    it("opens from the dashboard's link signed in: token fetched, heartbeat sent, /agents/state says signed in", async () => {
      const dashboard = await browser.context.newPage();
      await dashboard.goto(`${runtime.baseUrl}/dashboard.html`);
      await dashboard.getByLabel('Dashboard token').fill(TOKEN);
      await dashboard.getByLabel('Dashboard token').press('Enter');
      const opened = browser.context.waitForEvent('page');
      // The tab's listeners are in place before it loads the link.
      browser.context.once('page', (tab) => {
        void prepare(tab);
        tokens = tokenAnswers(tab);
        tab.on('request', (request) => request.method() === 'POST' && posted.push(request));
      });
      await dashboard.getByRole('button', { name: 'Open the softphone as Alice Demo' }).click();
      page = await opened;
      await page.waitForURL('**/softphone.html?agent=alice*', WAIT);

      await status(page).filter({ hasText: 'Ready' }).waitFor(WAIT);
      expect(await page.locator('#agent').textContent()).toBe('alice');
      const paths = posted.map((r) => new URL(r.url()).pathname);
      expect(paths).toEqual(expect.arrayContaining(['/softphone/token', '/softphone/heartbeat']));
      const beat = posted.find((r) => r.url().endsWith('/softphone/heartbeat'))!;
      expect(beat.postDataJSON()).toMatchObject({ agent: 'alice', state: 'online', carrier: 'twilio' });
      await eventually(async () => expect(await signedIn('alice')).toBe(true));
      // The device was made with the token the service issued.
      expect(await drive(page, 'window.sdkDouble.twilio.devices[0].token')).toBe(tokens[0]);
      await dashboard.close();
    });

    it('takes an incoming call: the caller shown, accept presses the whisper’s 1, timer runs, mute, DTMF, hang up', async () => {
      await drive(page, "window.call = window.sdkDouble.twilio.devices[0].ring('+14155550901')");
      const incoming = page.getByRole('group', { name: 'Incoming call' });
      await incoming.filter({ hasText: '+14155550901' }).waitFor(WAIT);
      expect(await page.getByRole('button', { name: 'Call' }).isDisabled()).toBe(true);
      // Focus is on Accept, so the keyboard answers.
      await page.keyboard.press('Enter');
      await status(page).filter({ hasText: 'On a call' }).waitFor(WAIT);
      expect(await drive(page, 'window.call.digits')).toEqual(['1']);
      expect(await incoming.isVisible()).toBe(false);
      await page.getByLabel('Call time').filter({ hasText: '0:01' }).waitFor(WAIT);

      const mute = page.getByRole('button', { name: 'Mute' });
      await mute.click();
      expect(await drive(page, 'window.call.isMuted()')).toBe(true);
      expect(await page.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: 'Unmute' }).click();
      expect(await drive(page, 'window.call.isMuted()')).toBe(false);

      const pad = page.getByRole('group', { name: 'Dialpad' });
      await pad.getByRole('button', { name: 'Digit 4' }).click();
      await pad.getByRole('button', { name: 'Digit #' }).click();
      expect(await drive(page, 'window.call.digits')).toEqual(['1', '4', '#']);

      await page.getByRole('button', { name: 'Hang up' }).click();
      await status(page).filter({ hasText: /Call ended after \d+ s\. Ready/ }).waitFor(WAIT);
      expect(await drive(page, 'window.call.status')).toBe('closed');
      expect(await page.getByRole('group', { name: 'Dialpad' }).isVisible()).toBe(false);
    });

    it('rejects an incoming call, and a caller who hangs up first clears the offer', async () => {
      await drive(page, "window.call = window.sdkDouble.twilio.devices[0].ring('+14155550902')");
      await page.getByRole('button', { name: 'Reject' }).click();
      await status(page).filter({ hasText: 'Ready' }).waitFor(WAIT);
      expect(await drive(page, 'window.call.status')).toBe('closed');
      expect(await drive(page, 'window.call.digits')).toEqual([]);

      await drive(page, "window.call = window.sdkDouble.twilio.devices[0].ring('+14155550903')");
      await page.getByRole('group', { name: 'Incoming call' }).waitFor(WAIT);
      await drive(page, 'window.call.cancelled()');
      await page.getByRole('group', { name: 'Incoming call' }).waitFor({ state: 'hidden', ...WAIT });
      expect(await status(page).textContent()).toContain('Ready');
    });

    it('calls out: Call → Hang up → Call, with the number as To', async () => {
      const call = page.getByRole('button', { name: 'Call' });
      await page.getByLabel('Number to call').fill('+254 711 000 111');
      await call.click();
      await page.getByRole('button', { name: 'Hang up' }).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.twilio.devices[0].connects')).toEqual([{ params: { To: '+254711000111' } }]);
      await drive(page, 'window.sdkDouble.twilio.devices[0].calls.at(-1).answered()');
      await status(page).filter({ hasText: 'On a call' }).waitFor(WAIT);
      await page.getByRole('button', { name: 'Hang up' }).click();
      await call.waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.twilio.devices[0].calls.at(-1).status')).toBe('closed');

      // A number without a country code is refused on the page, with how to write it.
      await page.getByLabel('Number to call').fill('0711 000 111');
      await call.click();
      await alert(page).filter({ hasText: 'with + and the country code' }).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.twilio.devices[0].connects.length')).toBe(1);
    });

    it('renews its token when the SDK warns that it will expire, without a new device', async () => {
      await drive(page, 'window.sdkDouble.twilio.devices[0].tokenExpiresSoon()');
      await page.getByText(/Sign-in renewed until/).waitFor(WAIT);
      expect(tokens).toHaveLength(2);
      expect(await drive(page, 'window.sdkDouble.twilio.devices[0].tokens')).toEqual(tokens);
      expect(await drive(page, 'window.sdkDouble.twilio.devices.length')).toBe(1);
    });

    it('says so when the carrier cannot be reached', async () => {
      await drive(page, 'window.sdkDouble.twilio.devices[0].lostSignalling()');
      await alert(page).filter({ hasText: 'Cannot reach the phone carrier' }).waitFor(WAIT);
      expect(await status(page).textContent()).toContain('Offline');
    });

    it('signs out when the page closes', async () => {
      await page.close({ runBeforeUnload: true });
      await eventually(async () => expect(await signedIn('alice')).toBe(false));
    });
  });

  it('says the microphone is refused instead of placing a call (Twilio)', async () => {
    const page = await prepare(await browser.context.newPage(), { microphone: false });
    await page.goto(runtime.baseUrl + (await linkPath('bob')));
    await status(page).filter({ hasText: 'Ready' }).waitFor(WAIT);
    await page.getByLabel('Number to call').fill('+254711000111');
    await page.getByRole('button', { name: 'Call' }).click();
    await alert(page).filter({ hasText: 'may not use your microphone' }).waitFor(WAIT);
    expect(await page.getByRole('button', { name: 'Call' }).isEnabled()).toBe(true);
    await page.close();
  });

  describe("on Africa's Talking", () => {
    let page: Page;
    const callRequests: unknown[] = [];

    it('signs in with a capability token and takes a call: accept, mute, DTMF, hang up', async () => {
      page = await prepare(await browser.context.newPage());
      page.on('request', (request) => request.url().endsWith('/softphone/call') && callRequests.push(request.postDataJSON()));
      const tokens = tokenAnswers(page);
      await page.goto(`${runtime.baseUrl}${await linkPath('wanjiru')}&carrier=africastalking`);
      await status(page).filter({ hasText: 'Ready' }).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.at.clients[0].token')).toBe(tokens[0]);
      expect(tokens[0]).toMatch(/^ATCAPtkn_/);
      await eventually(async () => expect(await signedIn('wanjiru')).toBe(true));

      await drive(page, "window.sdkDouble.at.clients[0].ring('+254711000222')");
      await page.getByRole('group', { name: 'Incoming call' }).filter({ hasText: '+254711000222' }).waitFor(WAIT);
      await page.getByRole('button', { name: 'Accept' }).click();
      await status(page).filter({ hasText: 'On a call' }).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.at.clients[0].answered')).toBe(1);
      await page.getByRole('button', { name: 'Mute' }).click();
      expect(await drive(page, 'window.sdkDouble.at.clients[0].isAudioMuted()')).toBe(true);
      await page.getByRole('button', { name: 'Digit 7' }).click();
      expect(await drive(page, 'window.sdkDouble.at.clients[0].digits')).toEqual(['7']);
      await page.getByRole('button', { name: 'Hang up' }).click();
      await status(page).filter({ hasText: 'Call ended' }).waitFor(WAIT);
    });

    it('calls out through the service’s POST /softphone/call, then the client calls the number it answered; a refusal is shown', async () => {
      await page.getByLabel('Number to call').fill('+254711000333');
      await page.getByRole('button', { name: 'Call' }).click();
      await page.getByRole('button', { name: 'Hang up' }).waitFor(WAIT);
      await eventually(async () => expect(await drive(page, 'window.sdkDouble.at.clients[0].calls')).toEqual(['+254711000333']));
      expect(callRequests).toEqual([expect.objectContaining({ number: '+254711000333', agent: 'wanjiru' })]);
      await drive(page, 'window.sdkDouble.at.clients[0].pickedUp()');
      await status(page).filter({ hasText: 'On a call' }).waitFor(WAIT);
      await page.getByRole('button', { name: 'Hang up' }).click();
      await page.getByRole('button', { name: 'Call' }).waitFor(WAIT);

      // OUTBOUND_BLOCKED_PREFIXES refuses it: the service's reason, and the client dials nothing.
      await page.getByLabel('Number to call').fill('+254200000000');
      await page.getByRole('button', { name: 'Call' }).click();
      await alert(page).filter({ hasText: 'The call was not placed:' }).filter({ hasText: '+25420' }).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.at.clients[0].calls')).toEqual(['+254711000333']);
      expect(await status(page).textContent()).toContain('Ready');
    });

    it('renews its capability token ahead of expiry with a new client, and says when AT cannot be reached', async () => {
      // AT's client has no expiry warning; it reports `offline` once the token has expired.
      await drive(page, "window.sdkDouble.at.clients[0].emit('offline')");
      await page.getByText(/Sign-in renewed until/).waitFor(WAIT);
      expect(await drive(page, 'window.sdkDouble.at.clients.length')).toBe(2);
      expect(await drive(page, 'window.sdkDouble.at.clients[0].loggedOut')).toBe(true);
      await status(page).filter({ hasText: 'Ready' }).waitFor(WAIT);

      await drive(page, 'window.sdkDouble.at.clients[1].closedSocket()');
      await alert(page).filter({ hasText: 'Cannot reach the phone carrier' }).waitFor(WAIT);
      await page.close();
    });

    it('says the microphone is refused, and asks the service nothing', async () => {
      const denied = await prepare(await browser.context.newPage(), { microphone: false });
      let asked = 0;
      denied.on('request', (request) => request.url().endsWith('/softphone/call') && asked++);
      await denied.goto(`${runtime.baseUrl}${await linkPath('wanjiru')}&carrier=africastalking`);
      await status(denied).filter({ hasText: 'Ready' }).waitFor(WAIT);
      await denied.getByLabel('Number to call').fill('+254711000333');
      await denied.getByRole('button', { name: 'Call' }).click();
      await alert(denied).filter({ hasText: 'may not use your microphone' }).waitFor(WAIT);
      expect(asked).toBe(0);
      await denied.close();
    });
  });

  it("runs the shipped bundle with the vendors' SDKs under the strict CSP: opened without a link, it says what is missing", async () => {
    const page = await browser.context.newPage();
    const seen: string[] = [];
    page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && seen.push(message.text()));
    // This page gets the real softphone.js from the service, SDKs and all.
    await page.route('**/softphone.js', (route) => route.continue());
    await page.goto(`${runtime.baseUrl}/softphone.html?agent=alice`);
    await alert(page).filter({ hasText: 'Could not sign in to the softphone: a softphone link (agent, exp and sig)' }).waitFor(WAIT);
    expect(await status(page).textContent()).toContain('Offline');
    expect(await page.evaluate('typeof window.sdkDouble')).toBe('undefined');
    expect(await page.evaluate('typeof window.regeneratorRuntime')).toBe('object');
    // africastalking-client's webpack runtime probes `new Function("return this")` inside a try and
    // falls back to `window` when the CSP refuses it: that refusal is all the CSP sees.
    expect(seen.filter((p) => p !== 'CSP violation: script-src eval' && !p.includes('status of 401'))).toEqual([]);
    await page.close();
  });

  it('loaded nothing from outside the service and broke no rule of the strict CSP', () => {
    // Chromium logs the refusals the tests asked for (the microphone, the 400 of a blocked number, the 401 of a missing link); anything else is a failure.
    const asked = [
      'Permissions policy violation: microphone is not allowed in this document.',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ];
    expect(problems.filter((p) => !asked.includes(p))).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${runtime.baseUrl}/`) && url !== 'about:blank')).toEqual([]);
  });
});
