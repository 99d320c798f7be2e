import { ConfigError } from '../config';
import { UnknownAgentError, AgentsFileError } from '../agents';
import { InvalidPhoneNumberError } from '../phone/phone-number';
import { InvalidKeyError, ItemExistsError, ItemNotFoundError, RevisionMismatchError, StoreError, StoreUnavailableError } from '../store';
import { AgentUnavailableError } from '../calls/outbound-calls';
import { UnknownCallError } from '../calls/call-store';
import { DeliveryError } from '../calls/outbox';
import { BusinessHoursError } from '../routing/business-hours';
import { LinesError } from '../routing/lines';
import { AtCallError } from '../carriers/africastalking/at-dialer';
import { TwilioCallError } from '../carriers/twilio/twilio-agent-dialer';
import { ZammadDirectoryError } from '../helpdesks/zammad/zammad-agent-directory';
import { InvalidInputError } from '../invalid-input';
import { FreshdeskError } from '../helpdesks/freshdesk/freshdesk-api';
import { ZammadError } from '../helpdesks/zammad/zammad-api';
import { ServiceError } from '../http/service-error';
import { FreshdeskDirectoryError } from '../helpdesks/freshdesk/freshdesk-agent-directory';
import { NoCustomerNumberError, UnknownTicketError } from '../helpdesks/freshdesk/freshdesk-calls';
import { AtTokenError } from '../softphone/at-capability-token';
import { SoftphoneNotSetUpError } from '../softphone/softphone-tokens';
import { FeatureOffError, UnauthenticatedError, UnverifiedSenderError } from './request-errors';

/**
 * Whose the failure is, which decides how it is logged (define-function.ts):
 * - caller: the request, or what it names (a call or agent we do not know); one warning line.
 * - outside: a service or setting outside the code (the store, a carrier, a helpdesk, the
 *   configuration); one error line saying what to check. A stack would point at our code, which is not at fault.
 * - bug: ours; 500 without details for the caller, and the stack in the log.
 */
export type Blame = 'caller' | 'outside' | 'bug';

export interface ErrorReply {
  status: number;
  message: string;
  blame: Blame;
  /**
   * About a call (or Africa's Talking session) we hold no record of. Each caller kind renders this
   * its own way: a Twilio voice webhook with the harmless TwiML its endpoint chose (200, see
   * twilio-function.ts and carriers/twilio/unknown-call-twiml.ts), because a 4xx there makes
   * Twilio speak "an application error has occurred" to whoever is on the line; Studio widgets,
   * Africa's Talking and the dashboard get the 404 with its message.
   */
  unknownCall: boolean;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface ErrorRow {
  kind: ErrorClass;
  status: number;
  blame: Blame;
  /** What the caller reads; the error's own message when absent (never for a bug). */
  message?: (error: Error) => string;
  unknownCall?: true;
}

const INTERNAL = 'internal error';
const internal = () => INTERNAL;

/**
 * Every error class in src/ and what the caller sees; the first row that matches wins, so a
 * subclass (UnknownSessionError is an UnknownCallError; the store's errors are StoreErrors) comes
 * before its base. An error no row names is a bug: 500, logged with the path and the stack.
 */
export const ERROR_TABLE: readonly ErrorRow[] = [
  { kind: InvalidInputError, status: 400, blame: 'caller' },
  { kind: InvalidPhoneNumberError, status: 400, blame: 'caller' },
  // A key built from request input (an agent id, a session id) that cannot name a Sync item.
  { kind: InvalidKeyError, status: 400, blame: 'caller' },
  { kind: UnauthenticatedError, status: 401, blame: 'caller' },
  { kind: UnverifiedSenderError, status: 403, blame: 'caller' },
  { kind: UnknownCallError, status: 404, blame: 'caller', unknownCall: true },
  { kind: UnknownAgentError, status: 404, blame: 'caller' },
  { kind: UnknownTicketError, status: 404, blame: 'caller' },
  { kind: NoCustomerNumberError, status: 422, blame: 'caller' },
  { kind: AgentUnavailableError, status: 409, blame: 'caller' },
  { kind: FeatureOffError, status: 409, blame: 'outside' },
  { kind: SoftphoneNotSetUpError, status: 409, blame: 'outside' },
  { kind: AtTokenError, status: 502, blame: 'outside', message: (e) => `${e.message}; check AT_USERNAME, AT_API_KEY and AT_PHONE_NUMBER` },
  { kind: AtCallError, status: 502, blame: 'outside', message: (e) => `${e.message}; check AT_USERNAME, AT_API_KEY and the numbers` },
  { kind: TwilioCallError, status: 502, blame: 'outside', message: (e) => `${e.message}; check the agent's number and OUTBOUND_CALLER_ID (a verified or owned number)` },
  { kind: ZammadDirectoryError, status: 502, blame: 'outside', message: (e) => `Zammad did not give the agents: ${e.message}; check ZAMMAD_URL and ZAMMAD_API_TOKEN` },
  { kind: FreshdeskDirectoryError, status: 502, blame: 'outside', message: (e) => `Freshdesk did not give the agents: ${e.message}; check FRESHDESK_URL and FRESHDESK_API_KEY` },
  { kind: ZammadError, status: 502, blame: 'outside', message: (e) => `${e.message}; check ZAMMAD_URL and ZAMMAD_API_TOKEN` },
  { kind: FreshdeskError, status: 502, blame: 'outside', message: (e) => `${e.message}; check FRESHDESK_URL and FRESHDESK_API_KEY` },
  { kind: ServiceError, status: 502, blame: 'outside', message: (e) => e.message },
  // The outbox keeps what a helpdesk refused; should one escape, the helpdesk refused, not us.
  { kind: DeliveryError, status: 502, blame: 'outside', message: (e) => `the helpdesk did not take an event: ${e.message}; POST /outbox/flush retries it` },
  { kind: StoreUnavailableError, status: 503, blame: 'outside', message: () => 'agent state store unavailable, try again' },
  { kind: ConfigError, status: 500, blame: 'outside', message: (e) => `server misconfigured: ${e.message}` },
  { kind: AgentsFileError, status: 500, blame: 'outside', message: (e) => `server misconfigured: ${e.message}` },
  { kind: BusinessHoursError, status: 500, blame: 'outside', message: (e) => `server misconfigured: ${e.message}` },
  { kind: LinesError, status: 500, blame: 'outside', message: (e) => `server misconfigured: ${e.message}` },
  // The store's own answers are the domain's to translate (a missing call record is an
  // UnknownCallError, a taken key a lost claim); one that gets this far was not, which is a bug.
  { kind: ItemNotFoundError, status: 500, blame: 'bug', message: internal },
  { kind: ItemExistsError, status: 500, blame: 'bug', message: internal },
  { kind: RevisionMismatchError, status: 500, blame: 'bug', message: internal },
  { kind: StoreError, status: 500, blame: 'bug', message: internal },
];

/** The one place where errors become statuses; anything unrecognised is a 500 bug. */
export function mapError(error: unknown): ErrorReply {
  const row = ERROR_TABLE.find((r) => error instanceof r.kind);
  if (!row || !(error instanceof Error)) return { status: 500, message: INTERNAL, blame: 'bug', unknownCall: false };
  return { status: row.status, message: (row.message ?? ((e) => e.message))(error), blame: row.blame, unknownCall: row.unknownCall ?? false };
}
