import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../../src/config';
import { AgentsFileError, UnknownAgentError } from '../../src/agents';
import { AgentUnavailableError } from '../../src/calls/outbound-calls';
import { UnknownCallError } from '../../src/calls/call-store';
import { DeliveryError } from '../../src/calls/outbox';
import { AtCallError } from '../../src/carriers/africastalking/at-dialer';
import { UnknownSessionError } from '../../src/carriers/africastalking/voice-callback';
import { TwilioCallError } from '../../src/carriers/twilio/twilio-agent-dialer';
import { ZammadDirectoryError } from '../../src/helpdesks/zammad/zammad-agent-directory';
import { ZammadError } from '../../src/helpdesks/zammad/zammad-api';
import { ServiceError } from '../../src/http/service-error';
import { InvalidInputError } from '../../src/invalid-input';
import { InvalidPhoneNumberError } from '../../src/phone/phone-number';
import { BusinessHoursError } from '../../src/routing/business-hours';
import { ERROR_TABLE, mapError } from '../../src/runtime/error-mapping';
import { FeatureOffError, UnauthenticatedError, UnverifiedSenderError } from '../../src/runtime/request-errors';
import { InvalidKeyError, ItemExistsError, ItemNotFoundError, RevisionMismatchError, StoreError, StoreUnavailableError } from '../../src/store';

const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every exported class in src/ that extends an Error class, with the module that defines it. */
function errorClassesInSource(): Array<{ file: string; name: string }> {
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/export class (\w+) extends (\w*Error)\b/g)].map((m) => ({ file, name: m[1] })),
  );
}

describe('the error table', () => {
  const CALL = 'CA' + '1'.repeat(32);
  it.each([
    ['InvalidInputError', new InvalidInputError('From is missing'), 400, 'caller'],
    ['InvalidPhoneNumberError', new InvalidPhoneNumberError('12'), 400, 'caller'],
    ['InvalidKeyError', new InvalidKeyError('a/b'), 400, 'caller'],
    ['UnauthenticatedError', new UnauthenticatedError('no token'), 401, 'caller'],
    ['UnverifiedSenderError', new UnverifiedSenderError('bad signature'), 403, 'caller'],
    ['UnknownCallError', new UnknownCallError(CALL), 404, 'caller'],
    ['UnknownSessionError', new UnknownSessionError('ATVId_1'), 404, 'caller'],
    ['UnknownAgentError', new UnknownAgentError('nobody'), 404, 'caller'],
    ['AgentUnavailableError', new AgentUnavailableError('alice', 'busy'), 409, 'caller'],
    ['FeatureOffError', new FeatureOffError('Zammad is not configured'), 409, 'outside'],
    ['AtCallError', new AtCallError('InvalidPhoneNumber'), 502, 'outside'],
    ['TwilioCallError', new TwilioCallError('The number is unverified', 21219), 502, 'outside'],
    ['ZammadDirectoryError', new ZammadDirectoryError('HTTP 401'), 502, 'outside'],
    ['ZammadError', new ZammadError('Zammad POST /api/v1/tickets: HTTP 422', 422, false), 502, 'outside'],
    ['ServiceError', new ServiceError('a helpdesk API: HTTP 500', 500, false), 502, 'outside'],
    ['DeliveryError', new DeliveryError('HTTP 500', false), 502, 'outside'],
    ['StoreUnavailableError', new StoreUnavailableError('down'), 503, 'outside'],
    ['ConfigError', new ConfigError(['AUTH_TOKEN missing']), 500, 'outside'],
    ['AgentsFileError', new AgentsFileError('agents.json', 'not JSON'), 500, 'outside'],
    ['BusinessHoursError', new BusinessHoursError('BUSINESS_HOURS', 'not JSON'), 500, 'outside'],
    ['ItemNotFoundError', new ItemNotFoundError('no item record'), 500, 'bug'],
    ['ItemExistsError', new ItemExistsError('claim taken'), 500, 'bug'],
    ['RevisionMismatchError', new RevisionMismatchError('stale'), 500, 'bug'],
    ['StoreError', new StoreError('odd answer'), 500, 'bug'],
  ] as const)('%s → %i (%s)', (_name, error, status, blame) => {
    expect(mapError(error)).toMatchObject({ status, blame });
  });

  it('names every error class in src/, so a new one cannot fall through to a 500 unnoticed', () => {
    const classes = errorClassesInSource();
    expect(classes.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const { file, name } of classes) {
      // The module as jest loads it, so its classes are the ones the table imported.
      const kind = (require(file) as Record<string, unknown>)[name];
      // A subclass with no row of its own is covered by its base's row (UnknownSessionError).
      const covered = typeof kind === 'function' && ERROR_TABLE.some((row) => kind === row.kind || kind.prototype instanceof row.kind);
      if (!covered) missing.push(`${name} (${relative(SRC, file)})`);
    }
    expect(missing).toEqual([]);
  });

  it('tells the caller what to check when a carrier or helpdesk refused', () => {
    expect(mapError(new TwilioCallError('The number is unverified', 21219)).message).toBe(
      'Twilio did not place the call: The number is unverified (Twilio error 21219); check the agent\'s number and OUTBOUND_CALLER_ID (a verified or owned number)',
    );
    expect(mapError(new ZammadDirectoryError('HTTP 401')).message).toMatch(/check ZAMMAD_URL and ZAMMAD_API_TOKEN$/);
  });

  it('says which errors are about a call we do not know', () => {
    expect(mapError(new UnknownCallError(CALL)).unknownCall).toBe(true);
    expect(mapError(new UnknownSessionError('ATVId_1')).unknownCall).toBe(true);
    expect(mapError(new UnknownAgentError('nobody')).unknownCall).toBe(false);
  });

  it('anything else is our fault: 500 without its message, and so is a store error a domain module did not translate', () => {
    expect(mapError(new TypeError('x is undefined'))).toEqual({ status: 500, message: 'internal error', blame: 'bug', unknownCall: false });
    expect(mapError('a thrown string')).toMatchObject({ status: 500, blame: 'bug' });
    expect(mapError(new ItemNotFoundError('no item record in map call-CA1'))).toEqual({ status: 500, message: 'internal error', blame: 'bug', unknownCall: false });
  });
});
