/**
 * Deploy records, `.twilioserverless/flows.<environment>.json` (committed; SIDs only, no secrets):
 *
 *   { "<flow name>": { "sid": "FW…", "revision": 3, "friendlyName": "…", "numbers": { "+1…": "PN…" } } }
 *
 * Written with the same stable key order as the flow files, so a deploy that changes nothing leaves
 * the file byte-identical.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { FlowToolError, messageOf } from './errors';
import { stableJson } from './stable-json';

const flowRecord = z.object({
  sid: z.string().regex(/^FW[0-9a-fA-F]{32}$/, 'must be a Flow SID (FW…)'),
  revision: z.number().int().min(0),
  friendlyName: z.string().min(1),
  numbers: z.record(z.string(), z.string().regex(/^PN[0-9a-fA-F]{32}$/, 'must be a phone number SID (PN…)')).default({}),
});

const deployRecords = z.record(z.string(), flowRecord);

export type FlowRecord = z.infer<typeof flowRecord>;
export type DeployRecords = Record<string, FlowRecord>;

const ENVIRONMENT_NAME = /^[A-Za-z0-9_-]+$/;

export function recordsPath(root: string, environment: string): string {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new FlowToolError(`environment "${environment}" must be letters, digits, - or _ (it names .twilioserverless/flows.<environment>.json)`);
  }
  return join(root, '.twilioserverless', `flows.${environment}.json`);
}

/** The records of one environment; none yet is an empty object. */
export function readRecords(root: string, environment: string): DeployRecords {
  const path = recordsPath(root, environment);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FlowToolError(`${path}: not valid JSON (${messageOf(error)})`);
  }
  const result = deployRecords.safeParse(parsed);
  if (!result.success) {
    throw new FlowToolError(
      `${path}: not a deploy record`,
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

export function writeRecords(root: string, environment: string, records: DeployRecords): void {
  const path = recordsPath(root, environment);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stableJson(records));
}
