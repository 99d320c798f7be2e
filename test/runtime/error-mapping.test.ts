import { ConfigError } from '../../src/config';
import { AgentsFileError, UnknownAgentError } from '../../src/agents';
import { AgentUnavailableError } from '../../src/calls/outbound-calls';
import { UnknownCallError } from '../../src/calls/call-store';
import { AtCallError } from '../../src/carriers/africastalking/at-dialer';
import { UnknownSessionError } from '../../src/carriers/africastalking/voice-callback';
import { ZammadDirectoryError } from '../../src/helpdesks/zammad/zammad-agent-directory';
import { InvalidInputError } from '../../src/invalid-input';
import { InvalidPhoneNumberError } from '../../src/phone/phone-number';
import { BusinessHoursError } from '../../src/routing/business-hours';
import { mapError } from '../../src/runtime/error-mapping';
import { HttpError } from '../../src/runtime/http-errors';
import { InvalidKeyError, ItemNotFoundError, StoreUnavailableError } from '../../src/store';

describe('the error table', () => {
  const CALL = 'CA' + '1'.repeat(32);
  it.each([
    ['InvalidInputError', new InvalidInputError('From is missing'), 400, false],
    ['InvalidPhoneNumberError', new InvalidPhoneNumberError('12'), 400, false],
    ['InvalidKeyError', new InvalidKeyError('a/b'), 400, false],
    ['UnknownCallError', new UnknownCallError(CALL), 404, false],
    ['UnknownSessionError', new UnknownSessionError('ATVId_1'), 404, false],
    ['UnknownAgentError', new UnknownAgentError('nobody'), 404, false],
    ['AgentUnavailableError', new AgentUnavailableError('alice', 'busy'), 409, false],
    ['AtCallError', new AtCallError('InvalidPhoneNumber'), 502, false],
    ['ZammadDirectoryError', new ZammadDirectoryError('HTTP 401'), 502, false],
    ['StoreUnavailableError', new StoreUnavailableError('down'), 503, true],
    ['ConfigError', new ConfigError(['AUTH_TOKEN missing']), 500, true],
    ['AgentsFileError', new AgentsFileError('agents.json', 'not JSON'), 500, true],
    ['BusinessHoursError', new BusinessHoursError('BUSINESS_HOURS', 'not JSON'), 500, true],
    ['HttpError 403', new HttpError(403, 'bad signature'), 403, false],
  ] as const)('%s → %i', (_name, error, status, serverFault) => {
    expect(mapError(error)).toMatchObject({ status, serverFault });
  });

  it('says which errors are about a call we do not know', () => {
    expect(mapError(new UnknownSessionError('ATVId_1')).unknownCall).toBe(true);
    expect(mapError(new UnknownAgentError('nobody')).unknownCall).toBeFalsy();
  });

  it('anything else is our fault: 500 without its message, and a raw store miss is one too', () => {
    expect(mapError(new TypeError('x is undefined'))).toEqual({ status: 500, message: 'internal error', serverFault: true });
    expect(mapError(new ItemNotFoundError('no item'))).toMatchObject({ status: 500, serverFault: true });
  });
});
