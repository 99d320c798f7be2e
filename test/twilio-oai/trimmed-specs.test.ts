/**
 * The committed copies under test/contract/twilio-oai/ are what trim.ts writes for kept-paths.ts: no
 * path more or less, every local $ref resolvable, the licence and the source beside them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEPT_PATHS } from '../../scripts/twilio-oai/kept-paths';
import { TRIMMED_SPECS_DIR } from '../../scripts/twilio-oai/trim';

type Spec = { info: { version: string }; paths: Record<string, unknown>; components: Record<string, Record<string, unknown>> };

const read = (fileName: string): string => readFileSync(join(TRIMMED_SPECS_DIR, fileName), 'utf8');

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((value) => refsIn(value, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe.each(Object.entries(KEPT_PATHS))('test/contract/twilio-oai/%s', (fileName, keptPaths) => {
  const spec = JSON.parse(read(fileName)) as Spec;

  it('documents exactly the kept paths', () => {
    expect(Object.keys(spec.paths).sort()).toEqual([...keptPaths].sort());
  });

  it('resolves every $ref inside itself', () => {
    const unresolved = refsIn(spec).filter((ref) => {
      const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
      return section === undefined || name === undefined || spec.components[section]?.[name] === undefined;
    });
    expect(unresolved).toEqual([]);
  });

  it("is named in the README with its info.version", () => {
    expect(read('README.md')).toContain(`| \`${fileName}\` | ${spec.info.version} |`);
  });
});

it("keeps twilio-oai's MIT licence and names the commit the copies came from", () => {
  expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(C\) \d{4}, Twilio, Inc\./);
  expect(read('README.md')).toMatch(/github\.com\/twilio\/twilio-oai.*\n.*commit `[0-9a-f]{40}`/);
});
