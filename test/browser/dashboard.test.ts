/**
 * The dashboard in a real browser (the system's chromium through playwright-core) against the
 * whole local system: the built Functions in twilio-run's runtime on loopback, the Sync emulator,
 * calls played as Twilio posts them (signed webhooks). The page polls every 2 s, so every check
 * waits for a condition (Playwright's auto-waiting locators, or `eventually`) rather than a time.
 * The tests run in order on one page, as a lead would use it: sign in, change a presence, watch calls.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page, Locator } from 'playwright-core';
import { launchChromium, type Chromium } from '../../scripts/local/chromium';
import { ROOT, startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs } from '../support/twiml';
import { eventually } from '../support/eventually';

const TOKEN = 'dev-dashboard-token';
const ALICE = '+14155550101';
const BOB = '+14155550102';
/** What a strict deployment would send: nothing but the page's own origin, no inline code. */
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
/** Long enough for several 2 s polls on a busy machine. */
const WAIT = { timeout: 15_000 };

interface AgentState {
  id: string;
  presence: string;
}

describe('the dashboard in chromium', () => {
  let runtime: LocalRuntime;
  let browser: Chromium;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    // Without voicemail, a call nobody takes ends as "agents did not answer" at once.
    runtime = await startLocalRuntime({ env: { VOICEMAIL: 'off' } });
    browser = await launchChromium();
    page = await browser.context.newPage();
    // The page is served with a strict CSP header, as a proxy in front of the service could add.
    await page.route('**/dashboard.html', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    });
    // Page-side code as text: this project's TypeScript has no DOM types.
    await page.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
  });

  const agentState = async (): Promise<AgentState[]> => {
    const res = await runtime.dashboard('/agents/state');
    expect(res.status).toBe(200);
    return ((await res.json()) as { agents: AgentState[] }).agents;
  };
  const presenceOf = async (id: string) => (await agentState()).find((a) => a.id === id)?.presence;
  const table = (name: string): Locator => page.getByRole('table', { name });
  const row = (name: string, text: string | RegExp): Locator => table(name).getByRole('row').filter({ hasText: text });
  const board = () => page.getByRole('heading', { name: 'Agents' });

  it('asks for the token, says clearly when it is wrong, then lists the demo agents', async () => {
    await page.goto(`${runtime.baseUrl}/index.html`);
    await page.waitForURL('**/dashboard.html');
    const token = page.getByLabel('Dashboard token');
    await token.waitFor();
    // Focus starts in the token field, so the keyboard alone signs in.
    expect(await page.locator(':focus').getAttribute('id')).toBe('token');
    expect(await board().isVisible()).toBe(false);

    await page.keyboard.type('not-the-token');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'That token was not accepted' }).waitFor(WAIT);
    expect(await alert.textContent()).toContain('DASHBOARD_TOKEN');
    expect(await board().isVisible()).toBe(false);
    expect(await token.isVisible()).toBe(true);

    await token.fill(TOKEN);
    await token.press('Enter');
    await row('Agents', 'Wanjiru Demo').waitFor(WAIT);
    expect(await token.isVisible()).toBe(false);
    expect(await alert.isVisible()).toBe(false);
    const names = await table('Agents').locator('tbody tr td:first-child').allTextContents();
    expect(names).toEqual(['Alice Demo', 'Bob Demo', 'Wanjiru Demo']);
    expect(await row('Agents', 'Wanjiru Demo').textContent()).toContain('away');

    // The token stays for this tab: a reload opens the board without asking again.
    await page.reload();
    await row('Agents', 'Alice Demo').waitFor(WAIT);
    expect(await token.isVisible()).toBe(false);

    // "Change token" by keyboard forgets it and asks again, focus back in the field.
    await page.getByRole('button', { name: 'Change token' }).focus();
    await page.keyboard.press('Enter');
    await token.waitFor(WAIT);
    expect(await board().isVisible()).toBe(false);
    expect(await page.locator(':focus').getAttribute('id')).toBe('token');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await row('Agents', 'Alice Demo').waitFor(WAIT);
  });

  it('redraws in place: a poll keeps the same rows and the focused control', async () => {
    const updated = page.locator('#updated');
    const alice = await row('Agents', 'Alice Demo').elementHandle();
    const bob = page.getByRole('combobox', { name: 'Presence of Bob Demo' });
    await bob.focus();
    // Two polls later: each poll shows the server's time, 2 s on from the last.
    for (let poll = 0; poll < 2; poll++) {
      const before = (await updated.textContent()) ?? '';
      expect(before).toMatch(/^Updated /);
      await updated.filter({ hasNotText: before }).waitFor(WAIT);
    }
    expect(await alice!.evaluate((el) => el.isConnected)).toBe(true);
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Presence of Bob Demo');
    await bob.blur();
  });

  it('changes an agent’s stored presence from its labelled control, by mouse and by keyboard', async () => {
    const bob = page.getByRole('combobox', { name: 'Presence of Bob Demo' });
    expect(await bob.inputValue()).toBe('available');
    await bob.selectOption('away');
    await eventually(async () => expect(await presenceOf('bob')).toBe('away'));
    await row('Agents', 'Bob Demo').filter({ hasText: 'presence is away' }).waitFor(WAIT);

    // Keyboard only: focus the control and step back to "available".
    await bob.focus();
    await page.keyboard.press('ArrowUp');
    await eventually(async () => expect(await presenceOf('bob')).toBe('available'));
    await row('Agents', 'Bob Demo').filter({ hasNotText: 'presence is' }).waitFor(WAIT);
    expect(await bob.inputValue()).toBe('available');
  });

  it('shows a call ringing, then in progress with the agent, then gone; then a call nobody took as missed with its reason', async () => {
    const answered = new TwilioCall(runtime, '+14155550901');
    const dial = only(await answered.incoming(), 'Dial');
    const [alice, bob] = numbersOf(dial);
    expect([alice.text, bob.text]).toEqual([ALICE, BOB]);

    const live = row('Live calls', '+14155550901');
    await live.filter({ hasText: 'ringing Alice Demo, Bob Demo' }).waitFor(WAIT);
    expect(await page.getByText('No calls right now.').isVisible()).toBe(false);
    // The agents' rows say their phones ring, and for which call.
    await row('Agents', 'Alice Demo').filter({ hasText: 'ringing · twilio · +14155550901' }).waitFor(WAIT);
    expect(await row('Agents', 'Bob Demo').textContent()).toContain('ringing · twilio · +14155550901');
    expect(await row('Agents', 'Wanjiru Demo').textContent()).not.toContain('ringing');

    const whisper = await answered.pickUp(alice);
    expect(verbs(await answered.press(whisper, alice, '1'))).toEqual([]);
    await live.filter({ hasText: 'in progress' }).filter({ hasText: 'Alice Demo' }).waitFor(WAIT);
    await row('Agents', 'Alice Demo').filter({ hasText: 'busy · twilio · +14155550901' }).waitFor(WAIT);
    // `npm run screenshot:dashboard`: the README's picture is this moment, taken by this test.
    // The body alone: as tall as the content, without the empty viewport below it.
    if (process.env.DASHBOARD_SCREENSHOT) await page.locator('body').screenshot({ path: resolve(ROOT, process.env.DASHBOARD_SCREENSHOT) });

    await answered.dialResult(dial, 'completed');
    await answered.legStatus(alice, 'completed');
    await answered.legStatus(bob, 'canceled');
    expect((await answered.status('completed')).status).toBe(200);
    await live.waitFor({ state: 'detached', ...WAIT });
    await page.getByText('No calls right now.').waitFor(WAIT);
    // An answered call is not a missed one.
    expect(await row('Missed calls', '+14155550901').count()).toBe(0);

    const unanswered = new TwilioCall(runtime, '+14155550902');
    let twiml = await unanswered.incoming();
    await row('Live calls', '+14155550902').filter({ hasText: 'ringing' }).waitFor(WAIT);
    // Every wave rings out (bounded: two agents make one wave), then the apology and hang-up.
    for (let wave = 0; wave < 5 && verbs(twiml)[0] === 'Dial'; wave++) twiml = await unanswered.dialResult(only(twiml, 'Dial'), 'no-answer');
    expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
    await unanswered.status('completed');

    await row('Missed calls', '+14155550902').filter({ hasText: 'agents did not answer' }).waitFor(WAIT);
    await row('Live calls', '+14155550902').waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByText('No missed calls in the last day.').isVisible()).toBe(false);
  });

  it('keeps the last picture and says so when the server cannot be reached, and recovers', async () => {
    await page.route('**/agents/state', (route) => route.abort('connectionrefused'));
    const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach the server' });
    await alert.waitFor(WAIT);
    expect(await row('Agents', 'Alice Demo').isVisible()).toBe(true);
    await page.unroute('**/agents/state');
    await alert.waitFor({ state: 'hidden', ...WAIT });
  });

  it('names no other host in its files, and its icon is its own (else the local runtime’s default icon is fetched from twilio.com)', async () => {
    const files = ['dashboard.html', 'dashboard.css', 'dashboard.js'];
    const text = (await Promise.all(files.map((f) => readFile(join(ROOT, 'assets', f), 'utf8')))).join('\n');
    expect(text.match(/(https?:)?\/\/[\w-]+(\.[\w-]+)+/g) ?? []).toEqual([]);
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    expect(icon).toMatch(/^\/[\w.-]+$/);
    expect((await fetch(runtime.baseUrl + icon)).status).toBe(200);
  });

  it('loaded nothing from outside the service and broke no rule of the strict CSP', () => {
    // The failed requests above were logged as console errors by chromium; they are the test's own.
    const unexpected = problems.filter((p) => !p.includes('ERR_CONNECTION_REFUSED'));
    expect(unexpected).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${runtime.baseUrl}/`))).toEqual([]);
  });
});
