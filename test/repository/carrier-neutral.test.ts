import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const NEUTRAL = ['src/calls', 'src/routing'];
const CARRIER_NAME = /twilio|africa'?s ?talking|africastalking/i;
/** Africa's Talking's short name, in capitals only ("at" is a word). */
const SHORT_NAME = /\bAT\b/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('the domain knows carriers only by their profiles', () => {
  it.each(NEUTRAL)('no carrier is named in %s', (dir) => {
    const hits = files(dir).flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (CARRIER_NAME.test(line) || SHORT_NAME.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
