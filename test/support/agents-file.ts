import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';

export interface FileAgent {
  id: string;
  /** Empty for an agent reachable only through an Africa's Talking browser client. */
  number: string;
  presence?: 'available' | 'away' | 'offline';
  atClientName?: string;
  languages?: string[];
  teams?: string[];
}

/** Writes an agents file (the documented format) and returns its path. */
export async function writeAgentsFile(agents: FileAgent[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agents-'));
  const path = join(dir, 'agents.json');
  const body = {
    agents: agents.map(({ id, number, presence, atClientName, languages, teams }) => ({
      id,
      name: `Agent ${id}`,
      phoneNumbers: number ? [number] : [],
      presence,
      atClientName,
      languages,
      teams,
    })),
  };
  await writeFile(path, JSON.stringify(body));
  return path;
}

/** n agents with distinct US numbers, ids a01, a02, … (so key order is ring order). */
export function manyAgents(n: number): FileAgent[] {
  return Array.from({ length: n }, (_, i) => ({ id: `a${String(i + 1).padStart(2, '0')}`, number: `+1415555${String(2000 + i)}` }));
}

/** A local runtime serving these agents (and env), closed after `body`. */
export async function withAgentsRuntime(agents: FileAgent[], env: Record<string, string>, body: (runtime: LocalRuntime) => Promise<void>): Promise<void> {
  const runtime = await startLocalRuntime({ env: { AGENTS_FILE: await writeAgentsFile(agents), ...env } });
  try {
    await body(runtime);
  } finally {
    await runtime.close();
  }
}
