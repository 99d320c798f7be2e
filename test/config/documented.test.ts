import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localSchema, runtimeSchema } from '../../src/config/schema';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const variables = [...Object.keys(runtimeSchema.shape), ...Object.keys(localSchema.shape)];
/** Read by the flow tooling itself (scripts/flows/deploy.ts), not by the Functions. */
const FLOW_TOOLING = ['SERVICE_SID', 'TWILIO_REGION'];

describe('every variable the code reads is documented', () => {
  it.each(variables)('%s is in .env.example', (name) => {
    expect(read('.env.example')).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it.each(variables)('%s is in the README configuration table', (name) => {
    expect(read('README.md')).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'));
  });

  it('.env.example names no variable the code does not read', () => {
    const documented = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(documented.filter((name) => !variables.includes(name) && !FLOW_TOOLING.includes(name))).toEqual([]);
  });

  it.each(FLOW_TOOLING)('%s is read by the flow tooling', (name) => {
    expect(read('scripts/flows/deploy.ts')).toContain(`env.${name}`);
  });
});
