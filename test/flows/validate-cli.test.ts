/**
 * flows:validate: our lint always; Twilio's POST /v2/Flows/Validate only with real-looking credentials
 * (here the emulator stands in for Twilio), with the placeholders replaced by stand-in values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DEFAULTS } from '../../src/config';
import { runValidate } from '../../scripts/flows/validate';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  REAL_ENV,
  cliContext,
  fixtureText,
  makeProject,
  removeProjects,
  startFakeTwilio,
  type FakeTwilio,
} from './helpers';

let twilio: FakeTwilio;

beforeAll(async () => {
  twilio = await startFakeTwilio();
});

afterAll(async () => {
  removeProjects();
  await twilio.fake.close();
});

const FLOW = fixtureText('inbound.json');

describe('flows:validate', () => {
  it('lints every flow file and skips Twilio with the development credentials, or none', async () => {
    const root = makeProject({ flows: { inbound: FLOW, copy: FLOW } });
    for (const env of [{ ACCOUNT_SID: DEV_DEFAULTS.ACCOUNT_SID, AUTH_TOKEN: DEV_DEFAULTS.AUTH_TOKEN }, {}]) {
      const before = twilio.fake.stats().requests;
      const cli = cliContext(root, twilio.fake, env);
      expect(await runValidate([], cli.ctx)).toBe(0);
      expect(cli.out.slice(0, 2)).toEqual([join('studio-flows', 'copy.json') + ': lint ok', join('studio-flows', 'inbound.json') + ': lint ok']);
      expect(cli.out[2]).toMatch(/^Twilio's validator: skipped \((ACCOUNT_SID and AUTH_TOKEN are not set|.*development defaults)/);
      expect(cli.clients).toEqual([]);
      expect(twilio.fake.stats().requests).toBe(before);
    }
  });

  it("asks Twilio's validator with real-looking credentials, sending no placeholders", async () => {
    const root = makeProject({ flows: { inbound: FLOW } });
    const before = twilio.fake.stats().validations;
    const cli = cliContext(root, twilio.fake, REAL_ENV);
    expect(await runValidate([], cli.ctx)).toBe(0);
    expect(cli.err).toEqual([]);
    expect(cli.out).toEqual([`${join('studio-flows', 'inbound.json')}: lint ok`, `${join('studio-flows', 'inbound.json')}: Twilio: valid`]);
    expect(cli.clients).toEqual([{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }]);
    expect(twilio.fake.stats().validations).toBe(before + 1);
    const sent = JSON.stringify(twilio.fake.validated().at(-1));
    expect(sent).not.toMatch(/__(DOMAIN|SERVICE_SID|ENVIRONMENT_SID|FUNCTION_SID)/);
    expect(sent).toContain('"url":"https://helpdesk-voice-0000-dev.twil.io/studio/agents"');
    expect(sent).toContain('{{widgets.get_agents.parsed.count}}');
    expect(twilio.fake.flows()).toEqual([]); // validating saves nothing

    const offline = cliContext(root, twilio.fake, REAL_ENV);
    expect(await runValidate(['--offline'], offline.ctx)).toBe(0);
    expect(offline.out).toContain("Twilio's validator: skipped (--offline)");
    expect(twilio.fake.stats().validations).toBe(before + 1);
  });

  it("reports the lint's problems and Twilio's answer for a broken flow, and exits 1", async () => {
    const root = makeProject({
      flows: { inbound: FLOW.replace('"next": "report_ended"\n', '"next": "report_end"\n') },
      dotenv: `ACCOUNT_SID=${ACCOUNT_SID}\nAUTH_TOKEN=${AUTH_TOKEN}\n`,
    });
    const cli = cliContext(root, twilio.fake, {});
    expect(await runValidate([join('studio-flows', 'inbound.json')], cli.ctx)).toBe(1);
    const file = join('studio-flows', 'inbound.json');
    expect(cli.err).toEqual([
      `${file}: widget "ring_agents": the "callCompleted" transition goes to "report_end", which is not a widget`,
      `${file}: Twilio: #/states/4/transitions/0/next: refers to a widget that does not exist: report_end`,
    ]);
    expect(cli.out).toEqual([`${file}: 1 problem(s)`, `${file}: Twilio: not valid`]);
  });

  it('fails with what Twilio answered when it refuses the credentials', async () => {
    const root = makeProject({ flows: { inbound: FLOW } });
    const cli = cliContext(root, twilio.fake, { ACCOUNT_SID, AUTH_TOKEN: 'not-the-token' });
    expect(await runValidate([], cli.ctx)).toBe(1);
    expect(cli.err).toEqual(['error: Twilio answered Authenticate (HTTP 401, Twilio error 20003)']);
  });

  it('names files that are missing or not JSON, and notes a file not in the stable key order', async () => {
    const root = makeProject({ flows: { inbound: FLOW } });
    writeFileSync(join(root, 'studio-flows', 'bad.json'), '{ "states": [ }');
    writeFileSync(join(root, 'studio-flows', 'unsorted.json'), JSON.stringify(JSON.parse(FLOW), null, 2));
    const cli = cliContext(root, twilio.fake, {});
    expect(await runValidate(['studio-flows/bad.json', 'studio-flows/none.json', 'studio-flows/unsorted.json'], cli.ctx)).toBe(1);
    expect(cli.err[0]).toMatch(/bad\.json: not valid JSON/);
    expect(cli.err[1]).toMatch(/none\.json: no such flow file/);
    expect(cli.out).toContain(`${join('studio-flows', 'unsorted.json')}: note: not in the stable key order flows:pull writes; the next pull will reformat it`);
  });
});
