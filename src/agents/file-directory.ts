import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { toE164 } from '../phone/phone-number';
import { AGENT_ID_PATTERN, PRESENCES } from './agent';
import type { AgentDirectory, DirectoryEntry } from './directory';
import { isLanguageTag } from '../routing/languages';

const languageTag = z.string().refine(isLanguageTag, { message: 'must be a language tag such as "fr" or "pt-BR"' });

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date or time' });

const entrySchema = z.object({
  id: z.string().regex(AGENT_ID_PATTERN, 'must be 1-64 letters, digits, _ . or -'),
  name: z.string().min(1),
  phoneNumbers: z.array(z.string()).default([]),
  helpdeskIds: z.object({ zammad: z.string().optional(), freshdesk: z.string().optional() }).default({}),
  atClientName: z.string().min(1).nullable().default(null),
  phoneSwitch: z.boolean().default(true),
  languages: z.array(languageTag).default([]),
  teams: z.array(z.string().min(1).max(64)).default([]),
  email: z.email().transform((e) => e.toLowerCase()).nullable().default(null),
  outOfOffice: z
    .object({ start: isoInstant, end: isoInstant })
    .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'start must be before end' })
    .nullable()
    .default(null),
  presence: z.enum(PRESENCES).default('available'),
});

const fileSchema = z.object({ agents: z.array(entrySchema) }).refine(
  (file) => new Set(file.agents.map((a) => a.id)).size === file.agents.length,
  { message: 'agent ids must be unique' },
);

export class AgentsFileError extends Error {
  constructor(path: string, detail: string) {
    super(`agents file ${path}: ${detail}`);
    this.name = 'AgentsFileError';
  }
}

/** Parses the agents file format documented in the README; numbers become E.164. */
export function parseAgentsFile(json: unknown, defaultRegion: CountryCode, path = '(agents file)'): DirectoryEntry[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
    throw new AgentsFileError(path, detail);
  }
  return parsed.data.agents.map(({ presence, outOfOffice, phoneNumbers, ...rest }, index) => {
    let numbers: string[];
    try {
      numbers = phoneNumbers.map((n) => toE164(n, defaultRegion));
    } catch (error) {
      throw new AgentsFileError(path, `agents.${index}.phoneNumbers: ${(error as Error).message}`);
    }
    const window = outOfOffice && {
      start: new Date(outOfOffice.start).toISOString(),
      end: new Date(outOfOffice.end).toISOString(),
    };
    return { profile: { ...rest, phoneNumbers: numbers, outOfOffice: window }, initialPresence: presence };
  });
}

export class FileAgentDirectory implements AgentDirectory {
  constructor(
    private readonly path: string,
    private readonly defaultRegion: CountryCode,
  ) {}

  async entries(): Promise<DirectoryEntry[]> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (error) {
      throw new AgentsFileError(this.path, (error as Error).message);
    }
    return parseAgentsFile(json, this.defaultRegion, this.path);
  }
}
