/**
 * JSON resources exactly as the specs' schemas name them (twilio_studio_v2.json `studio.v2.flow`,
 * `studio.v2.flow.flow_revision`; twilio_serverless_v1.json service, environment, build, function;
 * twilio_api_v2010.json `api.v2010.account.incoming_phone_number`): every declared property, null when
 * empty. v1/v2 URLs are absolute on the real origins (the twilio client rewrites them like any other);
 * 2010 `uri`s are relative to https://api.twilio.com.
 */
import { iso8601, rfc2822 } from './dates';
import type { BuildRecord, EnvironmentRecord, FlowRecord, FunctionRecord, PhoneNumberRecord, ServiceRecord } from './store';
import type { EmulatedRevision } from './types';

export const STUDIO_ORIGIN = 'https://studio.twilio.com';
export const SERVERLESS_ORIGIN = 'https://serverless.twilio.com';
export const API_VERSION = '2010-04-01';

export const flowsUrl = `${STUDIO_ORIGIN}/v2/Flows`;
const flowUrl = (sid: string): string => `${flowsUrl}/${sid}`;

/** Where a number's calls go to start a flow (research 6.1; the spec's examples spell it with http://). */
export function flowWebhookUrl(accountSid: string, flowSid: string): string {
  return `https://webhooks.twilio.com/v1/Accounts/${accountSid}/Flows/${flowSid}`;
}

const STUDIO_AUTHOR = `US${'a'.repeat(32)}`;

/** `summary`: as the list endpoint shows flows (the spec's example: no definition, valid, errors or warnings). */
export function renderFlow(flow: FlowRecord, summary = false): Record<string, unknown> {
  const latest = flow.revisions[flow.revisions.length - 1];
  return {
    sid: flow.sid,
    account_sid: flow.accountSid,
    author_sid: latest?.author === 'ui' ? STUDIO_AUTHOR : null,
    friendly_name: flow.friendlyName,
    definition: summary ? null : flow.definition,
    status: flow.status,
    revision: flow.revision,
    commit_message: flow.commitMessage,
    valid: summary ? null : flow.valid,
    errors: summary ? null : flow.errors,
    warnings: summary ? null : [],
    date_created: iso8601(flow.createdAt),
    date_updated: flow.revision > 1 ? iso8601(flow.updatedAt) : null,
    webhook_url: flowWebhookUrl(flow.accountSid, flow.sid),
    url: flowUrl(flow.sid),
    links: {
      test_users: `${flowUrl(flow.sid)}/TestUsers`,
      revisions: `${flowUrl(flow.sid)}/Revisions`,
      executions: `${flowUrl(flow.sid)}/Executions`,
    },
  };
}

export function renderRevision(flow: FlowRecord, revision: EmulatedRevision, summary = false): Record<string, unknown> {
  return {
    sid: flow.sid,
    account_sid: flow.accountSid,
    author_sid: revision.author === 'ui' ? STUDIO_AUTHOR : null,
    friendly_name: revision.friendlyName,
    definition: summary ? null : revision.definition,
    status: revision.status,
    revision: revision.revision,
    commit_message: revision.commitMessage,
    valid: summary ? null : revision.valid,
    errors: summary ? null : revision.errors,
    date_created: iso8601(revision.createdAt),
    date_updated: iso8601(revision.createdAt),
    url: `${flowUrl(flow.sid)}/Revisions/${revision.revision}`,
  };
}

const serviceUrl = (sid: string): string => `${SERVERLESS_ORIGIN}/v1/Services/${sid}`;

export function renderService(accountSid: string, service: ServiceRecord): Record<string, unknown> {
  const url = serviceUrl(service.sid);
  return {
    sid: service.sid,
    account_sid: accountSid,
    friendly_name: service.friendlyName,
    unique_name: service.uniqueName,
    include_credentials: true,
    ui_editable: false,
    domain_base: service.domainBase,
    date_created: iso8601(service.createdAt),
    date_updated: iso8601(service.updatedAt),
    url,
    links: {
      functions: `${url}/Functions`,
      assets: `${url}/Assets`,
      environments: `${url}/Environments`,
      builds: `${url}/Builds`,
    },
  };
}

export function renderEnvironment(accountSid: string, environment: EnvironmentRecord): Record<string, unknown> {
  const url = `${serviceUrl(environment.serviceSid)}/Environments/${environment.sid}`;
  return {
    sid: environment.sid,
    account_sid: accountSid,
    service_sid: environment.serviceSid,
    build_sid: environment.buildSid,
    unique_name: environment.uniqueName,
    domain_suffix: environment.domainSuffix,
    domain_name: environment.domainName,
    date_created: iso8601(environment.createdAt),
    date_updated: iso8601(environment.updatedAt),
    url,
    links: { variables: `${url}/Variables`, deployments: `${url}/Deployments`, logs: `${url}/Logs` },
  };
}

export function renderBuild(accountSid: string, build: BuildRecord): Record<string, unknown> {
  const url = `${serviceUrl(build.serviceSid)}/Builds/${build.sid}`;
  return {
    sid: build.sid,
    account_sid: accountSid,
    service_sid: build.serviceSid,
    status: 'completed',
    asset_versions: [],
    // Items as the spec's FetchBuild example shows them.
    function_versions: Object.entries(build.functions).map(([path, fn]) => ({
      sid: fn.versionSid,
      account_sid: accountSid,
      service_sid: build.serviceSid,
      function_sid: fn.functionSid,
      date_created: iso8601(build.createdAt),
      path,
      visibility: fn.visibility,
    })),
    dependencies: [],
    runtime: 'node22',
    date_created: iso8601(build.createdAt),
    date_updated: iso8601(build.updatedAt),
    url,
    links: { build_status: `${url}/Status` },
  };
}

export function renderFunction(accountSid: string, fn: FunctionRecord): Record<string, unknown> {
  const url = `${serviceUrl(fn.serviceSid)}/Functions/${fn.sid}`;
  return {
    sid: fn.sid,
    account_sid: accountSid,
    service_sid: fn.serviceSid,
    friendly_name: fn.friendlyName,
    date_created: iso8601(fn.createdAt),
    date_updated: iso8601(fn.updatedAt),
    url,
    links: { function_versions: `${url}/Versions` },
  };
}

export const phoneNumbersUri = (accountSid: string): string => `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers.json`;

export function renderPhoneNumber(accountSid: string, number: PhoneNumberRecord): Record<string, unknown> {
  return {
    account_sid: accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: API_VERSION,
    beta: false,
    capabilities: { mms: false, sms: true, voice: true, fax: false },
    date_created: rfc2822(number.createdAt),
    date_updated: rfc2822(number.updatedAt),
    friendly_name: number.friendlyName,
    identity_sid: null,
    phone_number: number.phoneNumber,
    origin: 'twilio',
    sid: number.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: number.trunkSid,
    uri: `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: number.voiceApplicationSid,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: number.voiceMethod,
    voice_url: number.voiceUrl,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
  };
}
