import { ConfigError } from '../config';
import { UnknownAgentError, AgentsFileError } from '../agents';
import { InvalidPhoneNumberError } from '../phone/phone-number';
import { StoreUnavailableError, InvalidKeyError } from '../store';
import { AgentUnavailableError } from '../calls/outbound-calls';
import { BusinessHoursError } from '../routing/business-hours';
import { HttpError } from './http-errors';

export interface ErrorReply {
  status: number;
  message: string;
  /** Whether this is our fault (logged with the path) rather than the caller's. */
  serverFault: boolean;
}

/** The one place where errors become HTTP statuses; anything unrecognised is a 500. */
export function mapError(error: unknown): ErrorReply {
  if (error instanceof HttpError) return { status: error.status, message: error.message, serverFault: error.status >= 500 };
  if (error instanceof UnknownAgentError) return { status: 404, message: error.message, serverFault: false };
  if (error instanceof AgentUnavailableError) return { status: 409, message: error.message, serverFault: false };
  if (error instanceof InvalidPhoneNumberError || error instanceof InvalidKeyError) {
    return { status: 400, message: error.message, serverFault: false };
  }
  if (error instanceof StoreUnavailableError) {
    return { status: 503, message: 'agent state store unavailable, try again', serverFault: true };
  }
  if (error instanceof ConfigError || error instanceof AgentsFileError || error instanceof BusinessHoursError) {
    return { status: 500, message: `server misconfigured: ${error.message}`, serverFault: true };
  }
  return { status: 500, message: 'internal error', serverFault: true };
}
