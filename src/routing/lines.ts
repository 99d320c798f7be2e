import { parseJsonSetting } from '../config/json-setting';
import { z } from 'zod';
import type { RoutingSettings } from './planner';
import { scheduleSchema } from './business-hours';
import { languageTags } from './languages';

const E164 = /^\+[1-9]\d{6,14}$/;

const lineSchema = z
  .object({
    name: z.string().min(1).max(64).optional(),
    /** A helpdesk group or a `teams` entry of the agents file: only its members are rung. */
    team: z.string().min(1).max(64).optional(),
    routingMode: z.enum(['ring-all', 'queue']).optional(),
    ringTimeout: z.number().int().min(5).max(600).optional(),
    voicemail: z.enum(['on', 'off']).optional(),
    wrapUp: z.number().int().min(0).max(3600).optional(),
    /** The Studio flow's language menu on this line, key 1 for the first; without it, LANGUAGES. */
    languages: languageTags.optional(),
    /** The line's own business hours; without them, the business hours file's. */
    hours: scheduleSchema.optional(),
  })
  .strict();

export const linesSchema = z
  .object({ lines: z.record(z.string(), lineSchema) })
  .strict()
  .superRefine(({ lines }, ctx) => {
    for (const number of Object.keys(lines)) {
      if (!E164.test(number)) ctx.addIssue({ code: 'custom', path: ['lines', number], message: 'must be a called number in E.164, e.g. +14155550100' });
    }
  });

export type LineEntry = z.infer<typeof lineSchema>;
export type Lines = Record<string, LineEntry>;

/** A called number with the settings its calls are routed by. */
export interface Line extends RoutingSettings {
  number: string;
  /** For people: logs, the simulator's transcript. */
  name: string;
  /** The language menu's choices (none below two). */
  languages: string[];
}

export type LineDefaults = RoutingSettings & { languages: string[] };

export class LinesError extends Error {
  constructor(source: string, detail: string) {
    super(`lines (${source}): ${detail}`);
    this.name = 'LinesError';
  }
}

export function parseLines(json: string, source: string): Lines {
  return parseJsonSetting(json, linesSchema, (detail) => new LinesError(source, detail)).lines;
}

/** The line of a called number: its own settings where it has them, the deployment's defaults (environment) for the rest. */
export function lineFor(lines: Lines, number: string, defaults: LineDefaults): Line {
  const entry = lines[number] ?? {};
  return {
    number,
    name: entry.name ?? (lines[number] ? number : 'default'),
    team: entry.team ?? defaults.team,
    routingMode: entry.routingMode ?? defaults.routingMode,
    ringTimeoutSeconds: entry.ringTimeout ?? defaults.ringTimeoutSeconds,
    preferredRingSeconds: defaults.preferredRingSeconds,
    voicemail: entry.voicemail === undefined ? defaults.voicemail : entry.voicemail === 'on',
    wrapUpSeconds: entry.wrapUp ?? defaults.wrapUpSeconds,
    languages: entry.languages ?? defaults.languages,
    requireSignIn: defaults.requireSignIn ?? false,
  };
}
