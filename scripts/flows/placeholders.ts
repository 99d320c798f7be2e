/**
 * Placeholders in flow files, and the deployment values they stand for.
 *
 *   __DOMAIN__                      the environment's domain, e.g. helpdesk-voice-1234-dev.twil.io
 *   __SERVICE_SID__                 the Serverless service (ZS…)
 *   __ENVIRONMENT_SID__             the environment (ZE…)
 *   __FUNCTION_SID:/studio/agents__ the Function at that path (ZH…)
 *
 * They never look like Liquid, so Studio's own `{{…}}` templates pass through untouched. Only string
 * values are rewritten; keys never are.
 */
import { isRecord } from './stable-json';

export const DOMAIN = '__DOMAIN__';
export const SERVICE_SID = '__SERVICE_SID__';
export const ENVIRONMENT_SID = '__ENVIRONMENT_SID__';

export function functionSidPlaceholder(path: string): string {
  return `__FUNCTION_SID:${path}__`;
}

/** `__FUNCTION_SID:/path__`; the path runs to the first `__` (Function paths never hold one). */
const FUNCTION_SID = /__FUNCTION_SID:(\/[^\s"]*?)__/g;
/** Anything spelled like one of ours, known or not: `__UPPER_CASE__` or `__UPPER_CASE:argument__`. */
const PLACEHOLDER_LIKE = /__[A-Z][A-Z0-9_]*?(?::[^\s"]*?)?__/g;
const SIMPLE = new Set([DOMAIN, SERVICE_SID, ENVIRONMENT_SID]);

/** What the placeholders of one environment are replaced with. */
export interface DeploymentValues {
  domain: string;
  serviceSid: string;
  environmentSid: string;
  /** Function path → Function SID (ZH…). */
  functionSids: ReadonlyMap<string, string>;
}

export interface PlaceholderUse {
  /** Function paths named by `__FUNCTION_SID:…__`. */
  functionPaths: Set<string>;
  /** Placeholder-looking strings that are none of ours, e.g. a misspelt `__DOMIAN__`. */
  unknown: Set<string>;
}

export function placeholdersIn(definition: unknown): PlaceholderUse {
  const use: PlaceholderUse = { functionPaths: new Set(), unknown: new Set() };
  forEachString(definition, (text) => {
    for (const match of text.matchAll(PLACEHOLDER_LIKE)) {
      const token = match[0];
      const fn = /^__FUNCTION_SID:(\/[^\s"]*?)__$/.exec(token);
      if (fn?.[1]) use.functionPaths.add(fn[1]);
      else if (!SIMPLE.has(token)) use.unknown.add(token);
    }
  });
  return use;
}

export class MissingFunctionError extends Error {
  constructor(readonly paths: string[]) {
    super(`no Function SID for ${paths.join(', ')}`);
    this.name = 'MissingFunctionError';
  }
}

/** The definition with every placeholder replaced; throws MissingFunctionError for an unknown Function path. */
export function fillPlaceholders(definition: unknown, values: DeploymentValues): unknown {
  const missing = new Set<string>();
  const filled = mapStrings(definition, (text) =>
    text
      .replace(FUNCTION_SID, (token, path: string) => {
        const sid = values.functionSids.get(path);
        if (sid === undefined) missing.add(path);
        return sid ?? token;
      })
      .split(DOMAIN)
      .join(values.domain)
      .split(SERVICE_SID)
      .join(values.serviceSid)
      .split(ENVIRONMENT_SID)
      .join(values.environmentSid),
  );
  if (missing.size > 0) throw new MissingFunctionError([...missing].sort());
  return filled;
}

/**
 * The inverse of fillPlaceholders for a definition fetched from Studio: each SID becomes its
 * placeholder again, and so does the domain wherever it stands as a whole host name (not inside a
 * longer one). SIDs this deployment does not know are left alone; see unknownSidsIn.
 */
export function restorePlaceholders(definition: unknown, values: DeploymentValues): unknown {
  const sids: Array<[string, string]> = [
    ...[...values.functionSids].map(([path, sid]): [string, string] => [sid, functionSidPlaceholder(path)]),
    [values.serviceSid, SERVICE_SID],
    [values.environmentSid, ENVIRONMENT_SID],
  ];
  const domain = hostPattern(values.domain);
  return mapStrings(definition, (text) => {
    let out = text;
    for (const [sid, placeholder] of sids) out = out.split(sid).join(placeholder);
    return out.replace(domain, DOMAIN);
  });
}

/** The paths of `https://__DOMAIN__/<path>` URLs anywhere in a definition (query and fragment dropped). */
export function domainUrlPaths(definition: unknown): Set<string> {
  const paths = new Set<string>();
  forEachString(definition, (text) => {
    for (const match of text.matchAll(/https:\/\/__DOMAIN__(\/[^?#\s"]*)/g)) if (match[1]) paths.add(match[1]);
  });
  return paths;
}

/** Service, environment and Function SIDs (ZS/ZE/ZH) left in a definition after restorePlaceholders. */
export function unknownSidsIn(definition: unknown): string[] {
  const found = new Set<string>();
  forEachString(definition, (text) => {
    for (const match of text.matchAll(/\bZ[SEH][0-9a-fA-F]{32}\b/g)) found.add(match[0]);
  });
  return [...found].sort();
}

/**
 * Stand-ins for validating a flow online without a deployment: well-formed SIDs (all zeros, one per
 * Function path with its index) and a twil.io-shaped domain.
 */
export function dummyValues(functionPaths: Iterable<string>): DeploymentValues {
  const hex = (n: number): string => n.toString(16).padStart(32, '0');
  return {
    domain: 'helpdesk-voice-0000-dev.twil.io',
    serviceSid: `ZS${hex(0)}`,
    environmentSid: `ZE${hex(0)}`,
    functionSids: new Map([...functionPaths].sort().map((path, index) => [path, `ZH${hex(index + 1)}`])),
  };
}

function hostPattern(domain: string): RegExp {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9.-])${escaped}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'g');
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, map);
    return out;
  }
  return value;
}

function forEachString(value: unknown, visit: (text: string) => void): void {
  mapStrings(value, (text) => {
    visit(text);
    return text;
  });
}
