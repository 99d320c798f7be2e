/**
 * Cuts an OpenAPI 3.0 document down to some of its paths without changing what they say: each kept
 * path item is copied as published, and so is every component it reaches through local `$ref`s,
 * transitively. Validating against the trimmed document therefore gives the same answer as against
 * the full one, for those paths.
 */

type JsonRecord = Record<string, unknown>;

export interface OpenApiDocument extends JsonRecord {
  paths: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
}

export function trimSpec(spec: OpenApiDocument, keptPaths: readonly string[]): OpenApiDocument {
  const missing = keptPaths.filter((path) => !(path in spec.paths));
  if (missing.length > 0) throw new Error(`the spec documents no ${missing.join(', ')}`);

  const paths: Record<string, unknown> = {};
  // Source order, so a re-run on the same spec writes the same bytes.
  for (const path of Object.keys(spec.paths)) if (keptPaths.includes(path)) paths[path] = spec.paths[path];

  const reached = reachedComponents(spec, Object.values(paths));
  const components: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of Object.entries(spec.components ?? {})) {
    // Security schemes are named by `security`, never by `$ref`: kept whole, as the operations use them.
    if (section === 'securitySchemes') {
      components[section] = entries;
      continue;
    }
    const kept = Object.fromEntries(Object.entries(entries).filter(([name]) => reached.has(`${section}/${name}`)));
    if (Object.keys(kept).length > 0) components[section] = kept;
  }

  const trimmed: JsonRecord = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'paths') trimmed.paths = paths;
    else if (key === 'components') trimmed.components = components;
    else if (key === 'tags') trimmed.tags = usedTags(value, Object.values(paths));
    else trimmed[key] = value;
  }
  return trimmed as OpenApiDocument;
}

/** `section/name` of every component reached from `roots`, following refs inside components too. */
function reachedComponents(spec: OpenApiDocument, roots: unknown[]): Set<string> {
  const reached = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    for (const ref of localRefs(pending.pop())) {
      const [section, name] = ref;
      const key = `${section}/${name}`;
      if (reached.has(key)) continue;
      const target = spec.components?.[section]?.[name];
      if (target === undefined) throw new Error(`dangling $ref #/components/${key}`);
      reached.add(key);
      pending.push(target);
    }
  }
  return reached;
}

function localRefs(node: unknown, found: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) {
    for (const value of node) localRefs(value, found);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value);
        if (!match) throw new Error(`unsupported $ref ${value}: only #/components/<section>/<name> is followed`);
        found.push([match[1]!, match[2]!]);
      } else {
        localRefs(value, found);
      }
    }
  }
  return found;
}

/** The document's tag list, reduced to the tags the kept operations carry. */
function usedTags(tags: unknown, pathItems: unknown[]): unknown {
  if (!Array.isArray(tags)) return tags;
  const used = new Set<string>();
  for (const item of pathItems) {
    for (const operation of Object.values(item as JsonRecord)) {
      const operationTags = (operation as JsonRecord | null)?.tags;
      if (Array.isArray(operationTags)) for (const tag of operationTags) used.add(String(tag));
    }
  }
  return tags.filter((tag) => used.has(String((tag as JsonRecord).name)));
}
