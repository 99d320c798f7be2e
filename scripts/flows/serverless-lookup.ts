/**
 * Where the Functions of an environment live, read from Twilio after `twilio serverless:deploy` /
 * `npm run deploy`: the service (from SERVICE_SID or twilio-run's `.twiliodeployinfo`), the environment
 * (by SID, unique name or domain suffix), its domain, and the SID of the Function behind each path.
 *
 * Functions are listed per service and carry no path of their own; the path → SID mapping is in the
 * function versions of the build the environment runs (GET …/Builds/{build_sid}: `function_versions`,
 * each with `path`, `function_sid` and `visibility`).
 */
import { getDeployInfoCache } from 'twilio-run/dist/utils/deployInfoCache';
import type twilio from 'twilio';
import { FlowToolError } from './errors';
import type { FunctionVisibility } from './function-paths';
import type { DeploymentValues } from './placeholders';
import { isRecord } from './stable-json';

export type TwilioClient = twilio.Twilio;

export interface DeployedFunction {
  sid: string;
  visibility: FunctionVisibility;
}

export interface Deployment {
  serviceSid: string;
  serviceName: string;
  environmentSid: string;
  /** The environment's unique name, e.g. "dev-environment". */
  environmentName: string;
  domain: string;
  buildSid: string;
  /** Function path → deployed Function. */
  functions: ReadonlyMap<string, DeployedFunction>;
}

const SERVICE_SID = /^ZS[0-9a-fA-F]{32}$/;

/**
 * The service SID twilio-run recorded for this account, read with twilio-run's own reader of
 * `.twiliodeployinfo` ("<ACCOUNT_SID>:<region>", older files "<ACCOUNT_SID>"); region us1 as in twilio-run.
 */
export function readDeployInfoServiceSid(root: string, accountSid: string, region = 'us1'): string | undefined {
  const cache = getDeployInfoCache(root);
  return (cache[`${accountSid}:${region}`] ?? cache[accountSid])?.serviceSid;
}

export interface ServiceSource {
  root: string;
  accountSid: string;
  /** SERVICE_SID from the environment, when set: wins over .twiliodeployinfo. */
  serviceSid?: string;
  region?: string;
}

export function resolveServiceSid(source: ServiceSource): string {
  if (source.serviceSid !== undefined) {
    if (!SERVICE_SID.test(source.serviceSid)) throw new FlowToolError(`SERVICE_SID "${source.serviceSid}" is not a service SID (ZS…)`);
    return source.serviceSid;
  }
  const recorded = readDeployInfoServiceSid(source.root, source.accountSid, source.region);
  if (recorded) return recorded;
  throw new FlowToolError(
    `no Functions service known for account ${source.accountSid}: deploy the Functions first (npm run deploy), ` +
      'which writes .twiliodeployinfo, or set SERVICE_SID',
  );
}

/** Looks up one environment of the service and what it runs; every miss is a FlowToolError saying what to do. */
export async function findDeployment(client: TwilioClient, serviceSid: string, environment: string): Promise<Deployment> {
  const service = client.serverless.v1.services(serviceSid);
  const serviceInfo = await service.fetch().catch((error: unknown) => {
    throw notFoundAs(error, `service ${serviceSid} does not exist on this account (stale .twiliodeployinfo or SERVICE_SID?)`);
  });
  const environments = await service.environments.list();
  const env = pickEnvironment(environments, environment);
  if (!env) {
    const known = environments.map((e) => e.domainSuffix || 'production').join(', ') || 'none';
    throw new FlowToolError(
      `service ${serviceInfo.uniqueName} (${serviceSid}) has no environment "${environment}" (it has: ${known}); ` +
        `deploy to it first: npm run deploy -- --environment ${environment}`,
    );
  }
  if (!env.buildSid) {
    throw new FlowToolError(`nothing is deployed to environment ${env.uniqueName} yet; run npm run deploy first`);
  }
  const build = await service.builds(env.buildSid).fetch();
  const existing = new Set((await service.functions.list()).map((fn) => fn.sid));
  const functions = new Map<string, DeployedFunction>();
  for (const version of build.functionVersions ?? []) {
    if (!isRecord(version)) continue;
    const { path, function_sid: sid, visibility } = version;
    if (typeof path !== 'string' || typeof sid !== 'string' || !existing.has(sid)) continue;
    functions.set(path, { sid, visibility: readVisibility(visibility) });
  }
  return {
    serviceSid,
    serviceName: serviceInfo.uniqueName,
    environmentSid: env.sid,
    environmentName: env.uniqueName,
    domain: env.domainName,
    buildSid: env.buildSid,
    functions,
  };
}

export function deploymentValues(deployment: Deployment): DeploymentValues {
  return {
    domain: deployment.domain,
    serviceSid: deployment.serviceSid,
    environmentSid: deployment.environmentSid,
    functionSids: new Map([...deployment.functions].map(([path, fn]) => [path, fn.sid])),
  };
}

interface EnvironmentLike {
  sid: string;
  uniqueName: string;
  domainSuffix: string | null;
}

/**
 * By SID, unique name or domain suffix; "production" (or "*", twilio-run's name for it) is the
 * environment without a suffix. When several share a suffix, twilio-run's own naming ("<suffix>-environment") wins.
 */
export function pickEnvironment<E extends EnvironmentLike>(environments: readonly E[], wanted: string): E | undefined {
  if (/^ZE[0-9a-fA-F]{32}$/.test(wanted)) return environments.find((e) => e.sid === wanted);
  const production = wanted === 'production' || wanted === '*';
  const matches = environments.filter(
    (e) => e.uniqueName === wanted || e.domainSuffix === wanted || (production && !e.domainSuffix),
  );
  return matches.find((e) => e.uniqueName === `${wanted}-environment`) ?? matches[0];
}

function readVisibility(value: unknown): FunctionVisibility {
  const lower = typeof value === 'string' ? value.toLowerCase() : '';
  return lower === 'public' || lower === 'private' ? lower : 'protected';
}

function notFoundAs(error: unknown, message: string): unknown {
  return isRecord(error) && error.status === 404 ? new FlowToolError(message) : error;
}
