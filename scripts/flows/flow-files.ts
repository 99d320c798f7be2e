/** Flow files: `studio-flows/<name>.json`, one Studio flow definition each, named by the file. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FlowToolError, messageOf } from './errors';

export const FLOWS_DIR = 'studio-flows';
const FLOW_NAME = /^[A-Za-z0-9_-]+$/;

export interface FlowFile {
  name: string;
  path: string;
  /** The file as it is on disk. */
  text: string;
  definition: unknown;
}

export function flowFilePath(root: string, name: string): string {
  return join(root, FLOWS_DIR, `${checkFlowName(name)}.json`);
}

export function checkFlowName(name: string): string {
  if (!FLOW_NAME.test(name)) throw new FlowToolError(`flow name "${name}" must be letters, digits, - or _ (the file studio-flows/<name>.json)`);
  return name;
}

/** The names of every `studio-flows/*.json`, sorted. */
export function listFlowNames(root: string): string[] {
  let files: string[];
  try {
    files = readdirSync(join(root, FLOWS_DIR));
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((name) => FLOW_NAME.test(name))
    .sort();
}

/** Reads and parses a flow file; a missing file or bad JSON is a FlowToolError naming it. */
export function readFlowFile(path: string): FlowFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new FlowToolError(`${path}: no such flow file`);
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw new FlowToolError(`${path}: not valid JSON (${messageOf(error)})`);
  }
  return { name: basename(path).replace(/\.json$/, ''), path, text, definition };
}
