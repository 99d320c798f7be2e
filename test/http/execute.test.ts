/**
 * execute() against a local server that counts what it receives: how many attempts a failing
 * helpdesk gets, and that one request's helpdesk time bounds them all. Attempts are counted,
 * time is only bounded loosely.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, type HttpRequest } from '../../src/http/execute';
import { withHelpdeskBudget } from '../../src/http/request-budget';
import { HELPDESK_HTTP } from '../../src/runtime/services';

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

describe('execute', () => {
  let server: Server;
  let url: string;
  let attempts: number;
  let behaviour: Behaviour;

  beforeEach(async () => {
    attempts = 0;
    behaviour = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    server = createServer((req, res) => {
      attempts += 1;
      req.resume();
      behaviour(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const refuse = (status: number, headers: Record<string, string> = {}): Behaviour => (_req, res) => res.writeHead(status, headers).end('<html>down</html>');
  const hang: Behaviour = () => undefined;
  const post = (extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'POST', url, json: { a: 1 }, ...HELPDESK_HTTP, ...extra });

  describe('with the settings helpdesk requests use', () => {
    it('leaves room in the retry budget for another attempt after one that timed out', () => {
      expect(HELPDESK_HTTP.timeoutMs * 2).toBeLessThan(HELPDESK_HTTP.retry.budgetMs);
    });

    it('tries a helpdesk that answers 503 again, a bounded number of times', async () => {
      behaviour = refuse(503);
      const result = await execute(post());
      expect(result).toMatchObject({ ok: false, status: 503, ambiguous: false });
      expect(attempts).toBeGreaterThanOrEqual(2);
      // Backoff keeps it from hammering: at most one try per 100 ms of the budget, and then some.
      expect(attempts).toBeLessThan(HELPDESK_HTTP.retry.budgetMs / 100 + 5);
    });

    it('gets through on the second attempt when the first fails fast', async () => {
      behaviour = (req, res) => (attempts === 1 ? refuse(503)(req, res) : res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"x":1}'));
      expect(await execute(post())).toMatchObject({ ok: true, status: 200, data: { x: 1 } });
      expect(attempts).toBe(2);
    });

    it('does not try again what it was told not to (a 4xx)', async () => {
      behaviour = refuse(422);
      expect(await execute(post())).toMatchObject({ ok: false, status: 422 });
      expect(attempts).toBe(1);
    });

    it('sends a POST that timed out only once: it may have been applied', async () => {
      behaviour = hang;
      const result = await execute(post());
      expect(result).toMatchObject({ ok: false, status: null, ambiguous: true });
      expect(attempts).toBe(1);
    });

    it('tries a GET that timed out again within the retry budget', async () => {
      behaviour = (req, res) => (attempts === 1 ? hang(req, res) : res.writeHead(200).end());
      expect(await execute({ method: 'GET', url, ...HELPDESK_HTTP })).toMatchObject({ ok: true });
      expect(attempts).toBe(2);
    });

    it('tries a POST marked idempotent again after a dropped connection', async () => {
      behaviour = (req, res) => (attempts === 1 ? req.socket.resetAndDestroy() : res.writeHead(200).end());
      expect(await execute(post({ idempotent: true }))).toMatchObject({ ok: true });
      expect(attempts).toBe(2);
    });
  });

  it('does not wait out a Retry-After longer than the retry budget', async () => {
    behaviour = refuse(429, { 'Retry-After': '30' });
    expect(await execute(post())).toMatchObject({ ok: false, status: 429 });
    expect(attempts).toBe(1);
  });

  it('waits out a Retry-After that fits the retry budget, then tries again', async () => {
    behaviour = (req, res) => (attempts === 1 ? refuse(503, { 'Retry-After': '1' })(req, res) : res.writeHead(200).end());
    expect(await execute(post({ retry: { ...HELPDESK_HTTP.retry, budgetMs: 2000 } }))).toMatchObject({ ok: true });
    expect(attempts).toBe(2);
  });

  describe('inside one request\'s helpdesk time', () => {
    it('cuts an attempt short at the end of the request\'s time, and tries no more', async () => {
      behaviour = hang;
      const started = Date.now();
      const result = await withHelpdeskBudget(300, () => execute({ method: 'GET', url, ...HELPDESK_HTTP }));
      expect(result).toMatchObject({ ok: false, status: null, ambiguous: true, error: expect.stringMatching(/no answer within/) as unknown });
      expect(attempts).toBe(1);
      expect(Date.now() - started).toBeLessThan(300 + 1000);
    });

    it('shares the time between every request made within it', async () => {
      behaviour = hang;
      const started = Date.now();
      // 600 ms for the first attempt, the 300 ms left for the second, nothing for the third.
      const results = await withHelpdeskBudget(900, async () => [await execute(post()), await execute(post()), await execute(post())]);
      expect(attempts).toBe(2);
      expect(results.map((r) => r.ok === false && r.ambiguous)).toEqual([true, true, false]);
      expect(results[2]).toMatchObject({ ok: false, error: expect.stringMatching(/not sent/) as unknown });
      expect(Date.now() - started).toBeLessThan(900 + 1000);
    });

    it('sends nothing once the time is spent', async () => {
      const result = await withHelpdeskBudget(0, () => execute(post()));
      expect(result).toMatchObject({ ok: false, ambiguous: false });
      expect(attempts).toBe(0);
    });
  });
});
