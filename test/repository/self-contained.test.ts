import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Paths that would read outside a clone: a notebook beside the repository, or one machine's folders. */
export const OUTSIDE = [/\.\.\/shared\b/, /(^|[\s'"`(])shared\/(specs|research)\//, /\/work\/(shared|main)\b/];

export function reachesOutside(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (OUTSIDE.some((p) => p.test(line)) ? [i + 1] : []));
}

describe('the repository is whole on its own', () => {
  it('knows a line that reaches outside when it sees one', () => {
    expect(reachesOutside("const spec = '../shared/specs/twilio/x.json';\nok\nsee /work/shared/research/a.md")).toEqual([1, 3]);
    expect(reachesOutside("import { x } from '../support/shared-helper';")).toEqual([]);
  });

  it('no tracked file names a path outside the repository', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const self = 'test/repository/self-contained.test.ts';
    const found = files
      .filter((f) => f !== self && !f.endsWith('package-lock.json'))
      .flatMap((f) => {
        let text: string;
        try {
          text = readFileSync(join(ROOT, f), 'utf8');
        } catch {
          return [];
        }
        return reachesOutside(text).map((line) => `${f}:${line}`);
      });
    expect(found).toEqual([]);
  });
});
