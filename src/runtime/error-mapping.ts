import { ConfigError } from '../config';
import { UnknownAgentError, AgentsFileError } from '../agents';
import { InvalidPhoneNumberError } from '../phone/phone-number';
import { StoreUnavailableError, InvalidKeyError } from '../store';
import { AgentUnavailableError } from '../calls/outbound-calls';
import { UnknownCallError } from '../calls/call-store';
import { BusinessHoursError } from '../routing/business-hours';
import { AtCallError } from '../carriers/africastalking/at-dialer';
import { ZammadDirectoryError } from '../helpdesks/zammad/zammad-agent-directory';
import { InvalidInputError } from '../invalid-input';
import { HttpError } from './http-errors';

export interface ErrorReply {
  status: number;
  message: string;
  /** Whether this is our fault (logged with the path and the stack) rather than the caller's. */
  serverFault: boolean;
  /** About a call we hold no record of: a carrier webhook answers it harmlessly instead. */
  unknownCall?: boolean;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Every named error and what the caller sees; the first row that matches wins. Anything not
 * here is a bug of ours: 500, logged with the path.
 */
const TABLE: ReadonlyArray<[ErrorClass, (error: Error) => ErrorReply]> = [
  [HttpError, (e) => ({ status: (e as HttpError).status, message: e.message, serverFault: (e as HttpError).status >= 500 })],
  [InvalidInputError, (e) => ({ status: 400, message: e.message, serverFault: false })],
  [InvalidPhoneNumberError, (e) => ({ status: 400, message: e.message, serverFault: false })],
  [InvalidKeyError, (e) => ({ status: 400, message: e.message, serverFault: false })],
  [UnknownCallError, (e) => ({ status: 404, message: e.message, serverFault: false, unknownCall: true })],
  [UnknownAgentError, (e) => ({ status: 404, message: e.message, serverFault: false })],
  [AgentUnavailableError, (e) => ({ status: 409, message: e.message, serverFault: false })],
  [AtCallError, (e) => ({ status: 502, message: `${e.message}; check AT_USERNAME, AT_API_KEY and the numbers`, serverFault: false })],
  [ZammadDirectoryError, (e) => ({ status: 502, message: `Zammad did not give the agents: ${e.message}; check ZAMMAD_URL and ZAMMAD_API_TOKEN`, serverFault: false })],
  [StoreUnavailableError, () => ({ status: 503, message: 'agent state store unavailable, try again', serverFault: true })],
  [ConfigError, (e) => ({ status: 500, message: `server misconfigured: ${e.message}`, serverFault: true })],
  [AgentsFileError, (e) => ({ status: 500, message: `server misconfigured: ${e.message}`, serverFault: true })],
  [BusinessHoursError, (e) => ({ status: 500, message: `server misconfigured: ${e.message}`, serverFault: true })],
];

/** The one place where errors become HTTP statuses; anything unrecognised is a 500. */
export function mapError(error: unknown): ErrorReply {
  for (const [kind, reply] of TABLE) if (error instanceof kind) return reply(error);
  return { status: 500, message: 'internal error', serverFault: true };
}
