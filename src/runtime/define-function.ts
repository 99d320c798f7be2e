/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import type twilio from 'twilio';
import { loadRuntimeConfig, SECRET_SETTINGS, type RuntimeConfig, type Env } from '../config';
import { mapError, type ErrorReply } from './error-mapping';
import { paramsOf, type Event, type Params } from './params';
import { servicesFor, type Services } from './services';
import { webhookBase } from './webhook-base';
import { withHelpdeskBudget } from '../http/request-budget';
import { keepOutOfLogs, log } from '../logging/masked-log';

/**
 * All the time one request may wait on helpdesks, every delivery, lookup and retry together:
 * a caller hears silence meanwhile, and Twilio gives up on a webhook after 15 s.
 */
export const HELPDESK_REQUEST_BUDGET_MS = 1500;
/** For the endpoints whose whole job is talking to a helpdesk (redelivery, directory sync), still well inside the Functions' 10 s. */
export const HELPDESK_BATCH_BUDGET_MS = 7000;
import type { AgentDialer } from '../calls/agent-dialer';
import type { CarrierName as Carrier } from '../carriers/carrier-name';

export interface FunctionRequest {
  context: Context;
  event: Event;
  params: Params;
  config: RuntimeConfig;
  services(): Services;
  /** Places calls to agents (on the default carrier unless told) with callbacks to this service's public URL. */
  dialer(carrier?: Carrier): AgentDialer;
  /** This service's public base URL. */
  webhookBase(): string;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'twiml'; twiml: twilio.twiml.VoiceResponse }
  | { kind: 'text'; status: number; body: string }
  | { kind: 'xml'; body: string };

export type Authenticate = (request: FunctionRequest) => void;
export type Handle = (request: FunctionRequest) => Promise<Reply> | Reply;

export const json = (status: number, body: unknown): Reply => ({ kind: 'json', status, body });
export const twiml = (response: twilio.twiml.VoiceResponse): Reply => ({ kind: 'twiml', twiml: response });
export const xml = (body: string): Reply => ({ kind: 'xml', body });

/**
 * The shape every Function shares: read config, authenticate, run one handler, render. Errors
 * never escape as a rejected promise (the runtime would hang the request).
 */
/** How one caller kind answers an error the table mapped; undefined: the mapped status as JSON. */
export type ErrorAnswer = (error: ErrorReply) => Reply | undefined;

export function defineFunction(authenticate: Authenticate, handle: Handle, answerError: ErrorAnswer = () => undefined): ServerlessFunctionSignature {
  return async (context: Context, event: Event, callback: ServerlessCallback) => {
    try {
      const config = loadRuntimeConfig(context as unknown as Env);
      keepOutOfLogs(SECRET_SETTINGS.map((name) => config[name]));
      let services: Services | undefined;
      const request: FunctionRequest = {
        context,
        event,
        params: paramsOf(event),
        config,
        services: () => (services ??= servicesFor(config)),
        dialer: (carrier) => request.services().dialer(request.webhookBase(), carrier),
        webhookBase: () => webhookBase(config, context, event),
      };
      authenticate(request);
      callback(null, render(await withHelpdeskBudget(HELPDESK_REQUEST_BUDGET_MS, async () => handle(request))));
    } catch (error) {
      const reply = mapError(error);
      logError(context.PATH, reply, error);
      callback(null, render(answerError(reply) ?? json(reply.status, { error: reply.message })));
    }
  };
}

/** One line for what is not our fault (the table says whose it is); the stack only for a bug of ours. */
function logError(path: string, reply: ErrorReply, error: unknown): void {
  if (reply.blame === 'bug') log.error(`${path}: ${reply.status}`, error);
  else if (reply.blame === 'outside') log.error(`${path}: ${reply.status} ${reply.message}`);
  else log.warn(`${path}: ${reply.status} ${reply.message}`);
}

/**
 * Always a Twilio.Response: handing the runtime a VoiceResponse would rely on it recognising our
 * copy of the twilio library as its own (`instanceof`), which @twilio/runtime-handler's bundled
 * twilio 4 does not do for our twilio 6.
 */
function render(reply: Reply) {
  const response = new Twilio.Response();
  switch (reply.kind) {
    case 'twiml':
      return response.setStatusCode(200).appendHeader('Content-Type', 'text/xml').setBody(reply.twiml.toString());
    case 'json':
      return response.setStatusCode(reply.status).appendHeader('Content-Type', 'application/json').setBody(reply.body as object);
    case 'xml':
      return response.setStatusCode(200).appendHeader('Content-Type', 'application/xml').setBody(reply.body);
    case 'text':
      return response.setStatusCode(reply.status).appendHeader('Content-Type', 'text/plain; charset=utf-8').setBody(reply.body);
  }
}
