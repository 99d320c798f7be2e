/**
 * The URL path and visibility twilio-run gives each Function, derived from functions/ the way
 * @twilio-labs/serverless-api's getPathAndAccessFromFileInfo does: the folder path, the base name with
 * `.protected` / `.private` removed (which sets the visibility), no extension, whitespace as `-`.
 * Our sources are TypeScript, bundled to `.js` under dist/functions by `npm run build`, so `.ts` is the
 * extension dropped here (`.js` too, should one appear).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type FunctionVisibility = 'public' | 'protected' | 'private';

export interface FunctionPath {
  /** URL path, e.g. "/studio/agents". */
  path: string;
  visibility: FunctionVisibility;
  /** The source file, relative to the functions folder. */
  file: string;
}

/** path → visibility, what the lint needs. */
export type FunctionPaths = ReadonlyMap<string, FunctionVisibility>;

const EXTENSIONS = ['.ts', '.js'];

export function functionPathOf(relativeFile: string): FunctionPath | undefined {
  const file = relativeFile.split(sep).join('/');
  if (file.endsWith('.d.ts')) return undefined;
  const extension = EXTENSIONS.find((ext) => file.endsWith(ext));
  if (!extension) return undefined;
  let base = file.slice(0, -extension.length);
  let visibility: FunctionVisibility = 'public';
  for (const suffix of ['protected', 'private'] as const) {
    if (base.endsWith(`.${suffix}`)) {
      visibility = suffix;
      base = base.slice(0, -(suffix.length + 1));
    }
  }
  return { path: `/${base}`.replace(/\s/g, '-'), visibility, file };
}

/** Every Function under `functionsDir`, sorted by path. A missing folder has none. */
export function listFunctionPaths(functionsDir: string): FunctionPath[] {
  let entries;
  try {
    entries = readdirSync(functionsDir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  const found: FunctionPath[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const described = functionPathOf(relative(functionsDir, join(entry.parentPath, entry.name)));
    if (described) found.push(described);
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function functionPathMap(functions: readonly FunctionPath[]): FunctionPaths {
  return new Map(functions.map((fn) => [fn.path, fn.visibility]));
}
