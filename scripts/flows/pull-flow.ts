/**
 * `flows:pull`: bring a flow edited in the Studio UI back into `studio-flows/<name>.json`.
 *
 * Fetches each recorded flow, turns the environment's domain and SIDs back into placeholders (the
 * reverse of deploy), and writes it in the stable form (sorted keys, two spaces, trailing newline): a
 * flow deployed and pulled unchanged gives back the same bytes, and an edit shows as just that edit.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readRecords, writeRecords } from './deploy-records';
import { FlowToolError } from './errors';
import { flowFilePath } from './flow-files';
import { functionPathMap, listFunctionPaths } from './function-paths';
import { validateFlow, type FlowProblem } from './lint';
import { restorePlaceholders, unknownSidsIn } from './placeholders';
import { deploymentValues, findDeployment, resolveServiceSid, type TwilioClient } from './serverless-lookup';
import { stableJson } from './stable-json';
import { asRestFailure, describeFailure } from './twilio-errors';

export interface PullOptions {
  root: string;
  client: TwilioClient;
  accountSid: string;
  /** Environment unique name, domain suffix or SID; default "dev". */
  environment?: string;
  /** Flow names; default every flow recorded for the environment. */
  flows?: readonly string[];
  /** Pull the latest published revision instead of the latest revision (which may be an unpublished draft). */
  published?: boolean;
  serviceSid?: string;
  region?: string;
  log?: (line: string) => void;
}

export interface PulledFlow {
  name: string;
  sid: string;
  revision: number;
  status: string;
  path: string;
  /** Whether the file's bytes changed. */
  changed: boolean;
  /** Lint problems of the pulled flow (it is written anyway: it is what Studio holds). */
  problems: FlowProblem[];
  /** Service/environment/Function SIDs of no Function this environment runs, left as they are. */
  unknownSids: string[];
}

export async function pullFlows(options: PullOptions): Promise<PulledFlow[]> {
  const environment = options.environment ?? 'dev';
  const log = options.log ?? (() => undefined);
  const records = readRecords(options.root, environment);
  const names = options.flows?.length ? [...options.flows] : Object.keys(records).sort();
  if (names.length === 0) {
    throw new FlowToolError(`no flows are recorded for environment ${environment} (.twilioserverless/flows.${environment}.json); deploy one first`);
  }
  for (const name of names) {
    if (!records[name]) throw new FlowToolError(`flow "${name}" is not recorded for environment ${environment}; deploy it first`);
  }

  const deployment = await findDeployment(options.client, resolveServiceSid(options), environment);
  const values = deploymentValues(deployment);
  const functionPaths = functionPathMap(listFunctionPaths(join(options.root, 'functions')));

  const pulled: PulledFlow[] = [];
  for (const name of names) {
    const record = records[name];
    if (!record) continue;
    const fetched = await fetchFlow(options.client, record.sid, options.published === true, name);
    const definition = restorePlaceholders(parseDefinition(fetched.definition, name), values);
    const path = flowFilePath(options.root, name);
    const text = stableJson(definition);
    const changed = readText(path) !== text;
    if (changed) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    if (record.revision !== fetched.revision) {
      const latest = readRecords(options.root, environment);
      writeRecords(options.root, environment, { ...latest, [name]: { ...record, revision: fetched.revision } });
    }
    const result: PulledFlow = {
      name,
      sid: record.sid,
      revision: fetched.revision,
      status: fetched.status,
      path,
      changed,
      problems: validateFlow(definition, { functionPaths }),
      unknownSids: unknownSidsIn(definition),
    };
    log(`${name}: ${changed ? 'wrote' : 'unchanged'} ${path} from ${record.sid} revision ${fetched.revision} (${fetched.status})`);
    if (fetched.status !== 'published') {
      log(`${name}: note: revision ${fetched.revision} is an unpublished draft (--published pulls the live one)`);
    }
    for (const sid of result.unknownSids) {
      log(`${name}: warning: ${sid} is no service, environment or Function of ${deployment.environmentName}; left as it is`);
    }
    pulled.push(result);
  }
  return pulled;
}

interface FetchedFlow {
  definition: unknown;
  revision: number;
  status: string;
}

async function fetchFlow(client: TwilioClient, sid: string, published: boolean, name: string): Promise<FetchedFlow> {
  try {
    const flow = published
      ? await client.studio.v2.flows(sid).revisions('LatestPublished').fetch()
      : await client.studio.v2.flows(sid).fetch();
    return { definition: flow.definition, revision: flow.revision, status: flow.status };
  } catch (error) {
    const failure = asRestFailure(error);
    if (!failure) throw error;
    if (failure.status === 404) throw new FlowToolError(`the flow ${sid} recorded for ${name} does not exist in Studio (${describeFailure(failure)})`);
    throw new FlowToolError(`could not fetch ${name} (${sid}): ${describeFailure(failure)}`);
  }
}

/** The API gives the definition as JSON; should it ever come as a string, it is parsed. */
function parseDefinition(definition: unknown, name: string): unknown {
  if (typeof definition !== 'string') return definition;
  try {
    return JSON.parse(definition);
  } catch {
    throw new FlowToolError(`Studio returned a definition for ${name} that is not JSON`);
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
