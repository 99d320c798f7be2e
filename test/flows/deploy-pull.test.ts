/**
 * flows:deploy and flows:pull through the official twilio client against the Studio API emulator:
 * a flow deployed and pulled unchanged comes back byte for byte, a Studio edit comes back as just that
 * edit, numbers get wired, and nothing reaches Twilio without real credentials or a clean lint.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DEFAULTS } from '../../src/config';
import { runDeploy } from '../../scripts/flows/deploy';
import { deployFlows, webhookUrl } from '../../scripts/flows/deploy-flow';
import { readRecords, recordsPath } from '../../scripts/flows/deploy-records';
import { runPull } from '../../scripts/flows/pull';
import { pullFlows } from '../../scripts/flows/pull-flow';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  REAL_ENV,
  cliContext,
  fixtureText,
  makeProject,
  readText,
  removeProjects,
  startFakeTwilio,
  type FakeTwilio,
} from './helpers';

let twilio: FakeTwilio;

// A fresh fake per test: flows from one test would otherwise be adopted by name in the next.
beforeEach(async () => {
  twilio = await startFakeTwilio();
});

afterEach(async () => {
  removeProjects();
  await twilio.fake.close();
});

const FLOW = fixtureText('inbound.json');

function project(flows: Record<string, string> = { inbound: FLOW }): string {
  return makeProject({ flows, serviceSid: twilio.service.sid });
}

const flowFile = (root: string, name = 'inbound'): string => join(root, 'studio-flows', `${name}.json`);

async function deploy(root: string, extra: Partial<Parameters<typeof deployFlows>[0]> = {}) {
  return deployFlows({ root, client: twilio.client, accountSid: ACCOUNT_SID, environment: 'dev', ...extra });
}

async function pull(root: string, extra: Partial<Parameters<typeof pullFlows>[0]> = {}) {
  return pullFlows({ root, client: twilio.client, accountSid: ACCOUNT_SID, environment: 'dev', ...extra });
}

describe('flows:deploy', () => {
  it('creates the flow published, with the environment domain and SIDs in place of the placeholders, and records it', async () => {
    const root = project();
    const [deployed] = await deploy(root, { message: 'first deploy' });

    expect(deployed).toMatchObject({ name: 'inbound', action: 'created', revision: 1, friendlyName: 'helpdesk-voice inbound (dev)' });
    const flow = twilio.fake.flow(deployed?.sid ?? '');
    expect(flow).toMatchObject({ status: 'published', revision: 1, commitMessage: 'first deploy', valid: true });
    const sent = JSON.stringify(flow?.definition);
    expect(sent).not.toMatch(/__(DOMAIN|SERVICE_SID|ENVIRONMENT_SID|FUNCTION_SID)/);
    expect(sent).toContain(`"url":"https://${twilio.dev.domainName}/studio/agents"`);
    expect(sent).toContain(`"function_sid":"${twilio.functionSids['/studio/agents']}"`);
    expect(sent).toContain(`"service_sid":"${twilio.service.sid}"`);
    expect(sent).toContain(`"environment_sid":"${twilio.dev.sid}"`);
    expect(sent).toContain('{{widgets.get_agents.parsed.count}}');

    expect(readRecords(root, 'dev')).toEqual({
      inbound: { sid: deployed?.sid, revision: 1, friendlyName: 'helpdesk-voice inbound (dev)', numbers: {} },
    });
    expect(readText(recordsPath(root, 'dev'))).toMatch(/^\{\n {2}"inbound": \{\n {4}"friendlyName"/);
    expect(deployed?.webhookUrl).toBe(`https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/${deployed?.sid}`);
  });

  it('round-trips: deploy then pull gives the identical bytes, and a second deploy changes nothing', async () => {
    const root = project();
    const [first] = await deploy(root);
    const recordText = readText(recordsPath(root, 'dev'));

    const [pulled] = await pull(root);
    expect(pulled).toMatchObject({ name: 'inbound', changed: false, revision: 1, problems: [], unknownSids: [] });
    expect(readText(flowFile(root))).toBe(FLOW);
    expect(readText(recordsPath(root, 'dev'))).toBe(recordText);

    const [again] = await deploy(root);
    expect(again).toMatchObject({ sid: first?.sid, action: 'unchanged', revision: 1 });
    expect(twilio.fake.flow(first?.sid ?? '')?.revisions).toHaveLength(1);
  });

  it('pulls a Studio edit back as exactly that edit, and records the new revision', async () => {
    const root = project();
    const [deployed] = await deploy(root);
    const sid = deployed?.sid ?? '';
    twilio.fake.editFlow(sid, (definition) => {
      const states = (definition as { states: Array<{ name: string; properties: Record<string, unknown> }> }).states;
      const apologise = states.find((s) => s.name === 'apologise');
      if (apologise) apologise.properties.voice = 'Polly.Amy';
      return definition;
    }, { commitMessage: 'edited in Studio' });

    const [pulled] = await pull(root);
    expect(pulled).toMatchObject({ changed: true, revision: 2, status: 'published' });
    const before = FLOW.split('\n');
    const after = readText(flowFile(root)).split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.map((line, i) => [before[i], line]).filter(([was, now]) => was !== now);
    expect(changed).toEqual([['        "voice": "Polly.Joanna"', '        "voice": "Polly.Amy"']]);
    expect(readRecords(root, 'dev').inbound?.revision).toBe(2);

    // The pulled file is what Studio holds, so deploying it changes nothing.
    expect((await deploy(root))[0]).toMatchObject({ action: 'unchanged', revision: 2 });
  });

  it('updates the recorded flow with a new revision and the commit message when the file changed', async () => {
    const root = project();
    const [created] = await deploy(root);
    writeFileSync(flowFile(root), FLOW.replace('"timeout": 20', '"timeout": 25'));
    const [updated] = await deploy(root, { message: 'ring longer' });
    expect(updated).toMatchObject({ sid: created?.sid, action: 'updated', revision: 2 });
    expect(twilio.fake.flow(created?.sid ?? '')).toMatchObject({ revision: 2, commitMessage: 'ring longer' });
    expect(readRecords(root, 'dev').inbound?.revision).toBe(2);
  });

  it('with --number sets that number\'s Voice URL to the flow webhook and records the number', async () => {
    const number = twilio.fake.addPhoneNumber({ phoneNumber: '+14155550100', voiceUrl: 'https://example.com/old' });
    const other = twilio.fake.addPhoneNumber({ phoneNumber: '+14155550101' });
    const root = project();
    const [deployed] = await deploy(root, { numbers: ['+14155550100'] });

    const hook = webhookUrl(ACCOUNT_SID, deployed?.sid ?? '');
    expect(deployed?.numbers).toEqual({ '+14155550100': number.sid });
    const numbers = twilio.fake.phoneNumbers();
    expect(numbers.find((n) => n.sid === number.sid)).toMatchObject({ voiceUrl: hook, voiceMethod: 'POST' });
    expect(numbers.find((n) => n.sid === other.sid)).toMatchObject({ voiceUrl: null, updates: [] });
    expect(readRecords(root, 'dev').inbound?.numbers).toEqual({ '+14155550100': number.sid });

    // A later deploy without --number keeps the recorded number.
    await deploy(root);
    expect(readRecords(root, 'dev').inbound?.numbers).toEqual({ '+14155550100': number.sid });
    await expect(deploy(root, { numbers: ['+14155559999'] })).rejects.toThrow(/\+14155559999 is not a phone number of account/);
  });

  it('adopts an existing flow of the same name when there is no record, rather than making a second one', async () => {
    const [first] = await deploy(project());
    const [second] = await deploy(project());
    expect(second).toMatchObject({ sid: first?.sid, action: 'unchanged' });
    expect(twilio.fake.flows()).toHaveLength(1);
  });

  it('refuses before sending anything: lint failures, Functions the environment does not run, unknown environments', async () => {
    const broken = project({ inbound: FLOW.replace('"next": "take_message"', '"next": "take_a_message"') });
    const before = twilio.fake.stats().requests;
    await expect(deploy(broken)).rejects.toMatchObject({
      message: 'the flows do not pass the lint; nothing was deployed',
      details: expect.arrayContaining([
        expect.stringMatching(/inbound\.json: widget "apologise": the "audioComplete" transition goes to "take_a_message"/),
      ]),
    });
    expect(twilio.fake.stats().requests).toBe(before);

    // /studio/queue exists in this project's functions/ but was never deployed to dev.
    const ahead = makeProject({
      flows: { inbound: FLOW.replace(/\/studio\/events/g, '/studio/queue') },
      functions: ['studio/agents.protected.ts', 'studio/queue.protected.ts', 'voice/recording.protected.ts', 'voice/transcription.protected.ts'],
      serviceSid: twilio.service.sid,
    });
    await expect(deploy(ahead)).rejects.toThrow(/calls Functions that environment dev does not run .*: \/studio\/queue; deploy the Functions first/);
    expect(twilio.fake.flows().some((flow) => JSON.stringify(flow.definition).includes('/studio/queue'))).toBe(false);

    await expect(deploy(project(), { environment: 'stage' })).rejects.toThrow(/has no environment "stage" \(it has: dev\)/);
    const noService = makeProject({ flows: { inbound: FLOW } });
    await expect(deploy(noService)).rejects.toThrow(/no Functions service known for account .*\.twiliodeployinfo, or set SERVICE_SID/);
    await expect(deploy(noService, { serviceSid: twilio.service.sid })).resolves.toHaveLength(1);
  });
});

describe('the flows:deploy and flows:pull commands', () => {
  it('refuse the development credentials and missing ones, naming them, and call nothing', async () => {
    const root = project();
    const before = twilio.fake.stats().requests;
    for (const env of [
      { ACCOUNT_SID: DEV_DEFAULTS.ACCOUNT_SID, AUTH_TOKEN: DEV_DEFAULTS.AUTH_TOKEN },
      { ACCOUNT_SID, AUTH_TOKEN: DEV_DEFAULTS.AUTH_TOKEN },
      {},
    ]) {
      for (const run of [runDeploy, runPull]) {
        const cli = cliContext(root, twilio.fake, env);
        expect(await run([], cli.ctx)).toBe(1);
        expect(cli.err[0]).toMatch(/^error: refusing to run flows:(deploy|pull): .*(development defaults|ACCOUNT_SID and AUTH_TOKEN are not set)/);
        expect(cli.clients).toEqual([]);
      }
    }
    expect(twilio.fake.stats().requests).toBe(before);
    expect(existsSync(recordsPath(root, 'dev'))).toBe(false);
  });

  it('deploy and pull from the command line, with credentials from .env and flags', async () => {
    const number = twilio.fake.addPhoneNumber({ phoneNumber: '+14155550177' });
    const root = makeProject({
      flows: { inbound: FLOW },
      serviceSid: twilio.service.sid,
      dotenv: `ACCOUNT_SID=${ACCOUNT_SID}\nAUTH_TOKEN=${AUTH_TOKEN}\n`,
    });
    const deploying = cliContext(root, twilio.fake, {});
    const code = await runDeploy(['--environment', 'dev', '--flow', 'inbound', '--number', '+14155550177', '--message', 'from the CLI'], deploying.ctx);
    expect(deploying.err).toEqual([]);
    expect(code).toBe(0);
    expect(deploying.clients).toEqual([{ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }]);
    const sid = readRecords(root, 'dev').inbound?.sid ?? '';
    expect(deploying.out).toContain(`inbound: ${sid} revision 1, webhook ${webhookUrl(ACCOUNT_SID, sid)}`);
    expect(twilio.fake.phoneNumbers().find((n) => n.sid === number.sid)?.voiceUrl).toBe(webhookUrl(ACCOUNT_SID, sid));

    writeFileSync(flowFile(root), '{}\n');
    const pulling = cliContext(root, twilio.fake, REAL_ENV);
    expect(await runPull(['--flow', 'inbound'], pulling.ctx)).toBe(0);
    expect(readFileSync(flowFile(root), 'utf8')).toBe(FLOW);
    expect(pulling.err).toEqual([]);

    const unknown = cliContext(root, twilio.fake, REAL_ENV);
    expect(await runDeploy(['--flows', 'inbound'], unknown.ctx)).toBe(1);
    expect(unknown.err[0]).toMatch(/^error: Unknown option '--flows'/);
  });

  it('pull --published takes the live revision when Studio holds a newer draft', async () => {
    const root = project();
    const [deployed] = await deploy(root);
    twilio.fake.editFlow(deployed?.sid ?? '', (definition) => ({ ...(definition as object), description: 'draft in progress' }), { status: 'draft' });

    const cli = cliContext(root, twilio.fake, REAL_ENV);
    expect(await runPull(['--published'], cli.ctx)).toBe(0);
    expect(readText(flowFile(root))).toBe(FLOW);
    expect(await runPull([], cli.ctx)).toBe(0);
    expect(readText(flowFile(root))).toContain('"description": "draft in progress"');
    expect(cli.out).toContainEqual(expect.stringMatching(/inbound: note: revision 2 is an unpublished draft/));
  });
});
