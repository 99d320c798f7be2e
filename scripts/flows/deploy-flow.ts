/**
 * `flows:deploy`: put the flow files into Studio for one environment of the deployed Functions.
 *
 * For each flow: lint it, replace the placeholders with the environment's domain and SIDs, create the
 * flow or update the recorded one (published, with a commit message), and record its SID and revision
 * in `.twilioserverless/flows.<environment>.json`. With numbers, point each number's Voice URL at the
 * flow's webhook and record the number too. Nothing is sent to Studio when any flow fails the lint.
 */
import { join } from 'node:path';
import { readRecords, writeRecords, type FlowRecord } from './deploy-records';
import { FlowToolError } from './errors';
import { flowFilePath, listFlowNames, readFlowFile, type FlowFile } from './flow-files';
import { functionPathMap, listFunctionPaths } from './function-paths';
import { formatProblem, validateFlow } from './lint';
import { domainUrlPaths, fillPlaceholders, MissingFunctionError } from './placeholders';
import {
  deploymentValues,
  findDeployment,
  resolveServiceSid,
  type Deployment,
  type TwilioClient,
} from './serverless-lookup';
import { sameJson } from './stable-json';
import { asRestFailure, describeFailure, detailLines } from './twilio-errors';

export interface DeployOptions {
  /** The project root (holding studio-flows/, functions/, .twilioserverless/). */
  root: string;
  client: TwilioClient;
  accountSid: string;
  /** Environment unique name, domain suffix or SID; default "dev". */
  environment?: string;
  /** Flow names; default every studio-flows/*.json. */
  flows?: readonly string[];
  /** E.164 numbers to wire to the flow (only with a single flow). */
  numbers?: readonly string[];
  /** Commit message of the new revision. */
  message?: string;
  /** SERVICE_SID from the environment; else .twiliodeployinfo. */
  serviceSid?: string;
  region?: string;
  log?: (line: string) => void;
}

export type DeployAction = 'created' | 'updated' | 'unchanged';

export interface DeployedFlow {
  name: string;
  sid: string;
  revision: number;
  friendlyName: string;
  action: DeployAction;
  webhookUrl: string;
  /** Numbers wired in this run: number → PN SID. */
  numbers: Record<string, string>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

export async function deployFlows(options: DeployOptions): Promise<DeployedFlow[]> {
  const environment = options.environment ?? 'dev';
  const log = options.log ?? (() => undefined);
  const names = options.flows?.length ? [...options.flows] : listFlowNames(options.root);
  if (names.length === 0) throw new FlowToolError('no flow files in studio-flows/; nothing to deploy');
  const numbers = options.numbers ?? [];
  if (numbers.length > 0 && names.length !== 1) {
    throw new FlowToolError(`--number wires one flow, but ${names.length} would be deployed; add --flow <name>`);
  }
  for (const number of numbers) {
    if (!E164.test(number)) throw new FlowToolError(`--number ${number} must be in E.164, e.g. +14155550100`);
  }
  readRecords(options.root, environment); // a broken record file stops us before anything changes

  const files = names.map((name) => readFlowFile(flowFilePath(options.root, name)));
  lintOrRefuse(options.root, files);

  const serviceSid = resolveServiceSid(options);
  const deployment = await findDeployment(options.client, serviceSid, environment);
  log(
    `environment ${deployment.environmentName}: https://${deployment.domain} ` +
      `(service ${deployment.serviceName} ${serviceSid}, build ${deployment.buildSid})`,
  );

  const deployed: DeployedFlow[] = [];
  for (const file of files) {
    const definition = concreteDefinition(file, deployment, environment);
    const result = await putFlow(options, environment, file, definition, log);
    if (numbers.length > 0) result.numbers = await wireNumbers(options, environment, result, numbers, log);
    deployed.push(result);
  }
  return deployed;
}

export function webhookUrl(accountSid: string, flowSid: string): string {
  return `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${flowSid}`;
}

export function defaultFriendlyName(name: string, environment: string): string {
  return `helpdesk-voice ${name} (${environment})`;
}

function lintOrRefuse(root: string, files: readonly FlowFile[]): void {
  const functionPaths = functionPathMap(listFunctionPaths(join(root, 'functions')));
  const problems = files.flatMap((file) =>
    validateFlow(file.definition, { functionPaths }).map((problem) => `${file.path}: ${formatProblem(problem)}`),
  );
  if (problems.length > 0) throw new FlowToolError('the flows do not pass the lint; nothing was deployed', problems);
}

/** The flow with placeholders filled; every Function it calls must be deployed in this environment. */
function concreteDefinition(file: FlowFile, deployment: Deployment, environment: string): unknown {
  const urlPaths = domainUrlPaths(file.definition);
  const notDeployed = [...urlPaths].filter((path) => !deployment.functions.has(path));
  const privateOnes = [...urlPaths].filter((path) => deployment.functions.get(path)?.visibility === 'private');
  let definition: unknown;
  try {
    definition = fillPlaceholders(file.definition, deploymentValues(deployment));
  } catch (error) {
    if (!(error instanceof MissingFunctionError)) throw error;
    notDeployed.push(...error.paths.filter((path) => !notDeployed.includes(path)));
  }
  if (notDeployed.length > 0) {
    throw new FlowToolError(
      `${file.path} calls Functions that environment ${environment} does not run (build ${deployment.buildSid}): ` +
        `${notDeployed.sort().join(', ')}; deploy the Functions first (npm run deploy -- --environment ${environment})`,
    );
  }
  if (privateOnes.length > 0) {
    throw new FlowToolError(`${file.path} calls private Functions, which Studio cannot reach: ${privateOnes.join(', ')}`);
  }
  return definition;
}

async function putFlow(
  options: DeployOptions,
  environment: string,
  file: FlowFile,
  definition: unknown,
  log: (line: string) => void,
): Promise<DeployedFlow> {
  const records = readRecords(options.root, environment);
  const record: FlowRecord | undefined = records[file.name];
  const friendlyName = record?.friendlyName ?? defaultFriendlyName(file.name, environment);
  const commitMessage = options.message ?? `flows:deploy ${file.name} to ${environment}`;
  const flows = options.client.studio.v2.flows;

  let sid = record?.sid;
  if (sid === undefined) {
    const namesakes = (await flows.list()).filter((flow) => flow.friendlyName === friendlyName);
    if (namesakes.length > 1) {
      throw new FlowToolError(
        `${namesakes.length} Studio flows are named "${friendlyName}" (${namesakes.map((f) => f.sid).join(', ')}); ` +
          `record the right one in .twilioserverless/flows.${environment}.json or rename the others`,
      );
    }
    sid = namesakes[0]?.sid;
    if (sid) log(`${file.name}: adopting the existing flow ${sid} named "${friendlyName}"`);
  }

  let action: DeployAction;
  let instance;
  try {
    if (sid === undefined) {
      instance = await flows.create({ friendlyName, status: 'published', definition, commitMessage });
      action = 'created';
    } else {
      const current = await flows(sid)
        .fetch()
        .catch((error: unknown) => {
          if (asRestFailure(error)?.status !== 404) throw error;
          throw new FlowToolError(
            `the flow ${sid} recorded for ${file.name} no longer exists in Studio; remove "${file.name}" from ` +
              `.twilioserverless/flows.${environment}.json to create it anew`,
          );
        });
      if (current.status === 'published' && current.friendlyName === friendlyName && sameJson(current.definition, definition)) {
        instance = current;
        action = 'unchanged';
      } else {
        instance = await flows(sid).update({ status: 'published', friendlyName, definition, commitMessage });
        action = 'updated';
      }
    }
  } catch (error) {
    const failure = asRestFailure(error);
    if (!failure) throw error;
    throw new FlowToolError(`Studio refused ${file.name}: ${describeFailure(failure)}`, detailLines(failure.details));
  }

  const next: FlowRecord = { sid: instance.sid, revision: instance.revision, friendlyName, numbers: record?.numbers ?? {} };
  writeRecords(options.root, environment, { ...readRecords(options.root, environment), [file.name]: next });
  log(`${file.name}: ${action} ${instance.sid} revision ${instance.revision} ("${friendlyName}")`);
  return {
    name: file.name,
    sid: instance.sid,
    revision: instance.revision,
    friendlyName,
    action,
    webhookUrl: webhookUrl(options.accountSid, instance.sid),
    numbers: {},
  };
}

/** Points each number's Voice URL (POST) at the flow's webhook and records it. */
async function wireNumbers(
  options: DeployOptions,
  environment: string,
  flow: DeployedFlow,
  numbers: readonly string[],
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const wired: Record<string, string> = {};
  for (const number of numbers) {
    // PhoneNumber filters by pattern (partial numbers match too), so keep the exact one.
    const found = (await options.client.incomingPhoneNumbers.list({ phoneNumber: number })).filter(
      (candidate) => candidate.phoneNumber === number,
    );
    const owned = found[0];
    if (!owned) throw new FlowToolError(`${number} is not a phone number of account ${options.accountSid}`);
    if (owned.voiceApplicationSid || owned.trunkSid) {
      log(
        `${number}: warning: it is also set to ${owned.voiceApplicationSid ? `TwiML app ${owned.voiceApplicationSid}` : `trunk ${owned.trunkSid}`}, ` +
          'which Twilio uses instead of the Voice URL; clear that in the Console',
      );
    }
    await options.client.incomingPhoneNumbers(owned.sid).update({ voiceUrl: flow.webhookUrl, voiceMethod: 'POST' });
    wired[number] = owned.sid;
    const records = readRecords(options.root, environment);
    const record = records[flow.name];
    if (record) writeRecords(options.root, environment, { ...records, [flow.name]: { ...record, numbers: { ...record.numbers, [number]: owned.sid } } });
    log(`${number} (${owned.sid}): Voice URL → ${flow.webhookUrl}`);
  }
  return wired;
}
