/**
 * The HTTP plumbing the emulators and the fake Zammad share: loopback-only listening, bodies, Twilio-shaped JSON
 * replies, and a close() that lets requests in flight finish. What a request means is up to `answer`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalError, TwilioApiError } from './twilio-error';

export interface JsonReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonServerOptions {
  /** Names the emulator when a host is refused, e.g. 'The Sync emulator'. */
  label: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** A thrown TwilioApiError becomes its error body; anything else becomes a 500 / 20500. */
  answer(req: IncomingMessage): Promise<JsonReply>;
  /** Work that must not hold up the response, run once it has been written. */
  afterReply?(): void;
}

export interface JsonServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321 */
  url: string;
  /** Stops listening once requests in flight are answered; later calls return the same promise. */
  close(): Promise<void>;
}

/** The emulators have no real security, so they refuse to be reachable from anywhere but this machine. */
export function loopbackHost(host: string | undefined, label: string): string {
  const chosen = host ?? '127.0.0.1';
  if (!isLoopback(chosen)) throw new Error(`${label} only listens on loopback; refusing host ${chosen}`);
  return chosen;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface HttpServerOptions {
  /** Names the server when a host is refused, e.g. 'The fake Zammad'. */
  label: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Writes the whole response; a rejection destroys the socket. `closing()` is true once close() was called. */
  handle(req: IncomingMessage, res: ServerResponse, closing: () => boolean): Promise<void>;
  /** Run first when close() is called, e.g. to end requests that are deliberately held open. */
  onClose?(): void;
}

/** Loopback-only listening and a close() that lets requests in flight finish; the reply is up to `handle`. */
export async function serveHttp(options: HttpServerOptions): Promise<JsonServer> {
  const host = loopbackHost(options.host, options.label);

  let closing = false;
  const isClosing = (): boolean => closing;
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = options
      .handle(req, res, isClosing)
      .catch(() => {
        res.destroy();
      })
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // a TCP listener always reports an AddressInfo

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closed ??= (async () => {
        closing = true;
        options.onClose?.();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}

export function serveJson(options: JsonServerOptions): Promise<JsonServer> {
  return serveHttp({
    label: options.label,
    host: options.host,
    port: options.port,
    async handle(req, res, closing) {
      let reply: JsonReply;
      try {
        reply = await options.answer(req);
      } catch (error) {
        reply = errorReply(error);
      }
      send(res, reply, closing());
      options.afterReply?.();
    },
  });
}

/** How large a body may be, and the API's own error for one that is larger. */
export interface BodyLimit {
  maxBytes: number;
  tooLarge(): Error;
}

/** What every endpoint gets from the request line and body. */
export interface ApiRequest {
  method: string;
  /** The raw request path, for error messages. */
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
}

export async function readApiRequest(req: IncomingMessage, limit: BodyLimit): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  // Twilio's writes are form-encoded POSTs; other methods carry no parameters in a body.
  const form =
    req.method === 'POST' ? new URLSearchParams((await readBody(req, limit)).toString('utf8')) : new URLSearchParams();
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form };
}

/** The raw body; more than `limit.maxBytes` throws `limit.tooLarge()`. */
export async function readBody(req: IncomingMessage, limit: BodyLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer; // no encoding was set on the stream, so chunks are Buffers
    size += buffer.length;
    if (size > limit.maxBytes) throw limit.tooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function errorReply(error: unknown): JsonReply {
  const apiError = error instanceof TwilioApiError ? error : internalError(error);
  return { status: apiError.status, body: apiError.toBody(), headers: { ...apiError.headers } };
}

function send(res: ServerResponse, reply: JsonReply, closing: boolean): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  // Keep-alive sockets would otherwise hold close() open until their idle timeout.
  if (closing) headers.Connection = 'close';
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  // Media (a recording's audio) goes out as it is, with the type the reply names.
  if (Buffer.isBuffer(reply.body)) {
    headers['Content-Type'] ??= 'application/octet-stream';
    headers['Content-Length'] = reply.body.length;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = Buffer.byteLength(text, 'utf8');
  res.writeHead(reply.status, headers);
  res.end(text);
}
