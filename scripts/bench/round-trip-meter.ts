/**
 * A loopback proxy in front of an emulator or a fake helpdesk that holds each request for a set
 * latency and records when it started and ended, so a webhook's round trips can be counted and
 * the ones made one after another told apart from the ones made side by side.
 */
import { request as httpRequest } from 'node:http';
import { serveHttp } from '../twilio-emulator-kit/http-server';

export interface RoundTrip {
  /** Which upstream: 'sync', 'zammad', … */
  upstream: string;
  method: string;
  path: string;
  /** The request body as text (form or JSON), to tell which call a helpdesk request was about. */
  body: string;
  start: number;
  end: number;
}

/** Every round trip through the meters that share it, oldest first. */
export class RoundTripLog {
  private trips: RoundTrip[] = [];

  record(trip: RoundTrip): void {
    this.trips.push(trip);
  }

  /** Every trip recorded so far, without clearing. */
  all(): RoundTrip[] {
    return [...this.trips];
  }

  /** The trips recorded while `work` ran (the log is cleared first). */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; trips: RoundTrip[]; ms: number }> {
    this.trips = [];
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    return { result, trips: [...this.trips], ms };
  }
}

/**
 * The longest chain of round trips each started after the one before it ended: what the caller
 * waits for when every round trip costs the same. Trips that overlap count once.
 */
export function sequentialRoundTrips(trips: readonly Pick<RoundTrip, 'start' | 'end'>[]): number {
  const sorted = [...trips].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let longest = 0;
  sorted.forEach((trip, i) => {
    let before = 0;
    for (let j = 0; j < i; j += 1) if (sorted[j].end <= trip.start) before = Math.max(before, depth[j]);
    depth[i] = before + 1;
    longest = Math.max(longest, depth[i]);
  });
  return longest;
}

/** How long at least one of the trips was in flight: the time spent waiting on them. */
export function timeInFlight(trips: readonly Pick<RoundTrip, 'start' | 'end'>[]): number {
  const sorted = [...trips].sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return 0;
  let total = 0;
  let [from, to] = [sorted[0].start, sorted[0].end];
  for (const { start, end } of sorted.slice(1)) {
    if (start > to) {
      total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  return total + (to - from);
}

export interface MeterOptions {
  upstream: string;
  /** The upstream's base URL, e.g. the emulator's. */
  target: string;
  log: RoundTripLog;
  /** Added to each request before it is forwarded; changeable while running. */
  latencyMs?: number;
}

export interface Meter {
  url: string;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export async function startMeter({ upstream, target, log, latencyMs = 0 }: MeterOptions): Promise<Meter> {
  let latency = latencyMs;
  const to = new URL(target);
  const server = await serveHttp({
    label: `The ${upstream} meter`,
    async handle(req, res) {
      const start = performance.now();
      const body: Buffer[] = [];
      for await (const chunk of req) body.push(chunk as Buffer);
      if (latency > 0) await new Promise((ok) => setTimeout(ok, latency));
      // The Host header is passed on as sent: the Sync emulator builds next_page_url from it, so pages come back here too.
      await new Promise<void>((ok, fail) => {
        const forward = httpRequest(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
          (reply) => {
            res.writeHead(reply.statusCode ?? 502, reply.headers);
            reply.pipe(res);
            reply.on('end', ok);
            reply.on('error', fail);
          },
        );
        forward.on('error', fail);
        forward.end(Buffer.concat(body));
      });
      log.record({ upstream, method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(body).toString('utf8'), start, end: performance.now() });
    },
  });
  return { url: server.url, setLatency: (ms) => (latency = ms), close: () => server.close() };
}
