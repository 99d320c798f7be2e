import { z } from 'zod';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { ConfigError } from './errors';
import { isTimeZone } from '../time/time-zone';
import { languageTags } from '../routing/languages';

const countries = new Set<string>(getCountries());

const region = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => countries.has(s), { message: 'must be an ISO 3166 two-letter country code such as US, GB or KE' })
  .transform((s) => s as CountryCode);

/** "KE,UG": ISO regions, comma-separated. */
const regionList = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(z.array(region).min(1, 'must name at least one ISO 3166 country code'));

/** "+1900,+44870": E.164 prefixes, comma-separated. */
const prefixList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\+\d{1,14}$/, 'must be E.164 prefixes such as +1900 or +44870')));

const secret = z.string().min(8, 'must be at least 8 characters');

const optionalUrl = z
  .string()
  .optional()
  .transform((s) => (s ? s.replace(/\/+$/, '') : undefined))
  .refine((s) => s === undefined || /^https?:\/\/[^/\s]+(\/\S*)?$/.test(s), { message: 'must be an http(s) URL' });

const seconds = (min: number, max: number) =>
  z.coerce.number().int(`must be whole seconds`).min(min, `must be at least ${min} seconds`).max(max, `must be at most ${max} seconds`);

const onOff = z.enum(['on', 'off']);

/** "en-US,fr-FR": the Studio language menu's choices, key 1 for the first. */
const languageList = z
  .string()
  .transform((s) => s.split(',').map((tag) => tag.trim()).filter(Boolean))
  .pipe(languageTags);

/** What every Function reads. Deployed, these come from the service's environment variables. */
export const runtimeSchema = z.object({
  ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an account SID (AC followed by 32 hex digits)'),
  AUTH_TOKEN: secret,
  DASHBOARD_TOKEN: secret,
  DEFAULT_REGION: region.default('US'),
  SYNC_SERVICE_SID: z
    .string()
    .regex(/^(default|IS[0-9a-fA-F]{32})$/, 'must be "default" or a Sync service SID (IS…)')
    .default('default'),
  SYNC_AGENT_MAP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .default('agents'),
  SYNC_CALLS_INDEX_MAP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .default('calls-index'),
  SYNC_API_URL: optionalUrl,
  PUBLIC_BASE_URL: optionalUrl,
  ROUTING_MODE: z.enum(['ring-all', 'queue']).default('ring-all'),
  RING_TIMEOUT: seconds(5, 600).default(20),
  VOICEMAIL: onOff.default('on'),
  VOICEMAIL_MAX_LENGTH: seconds(5, 3600).default(120),
  TICKET_OWNER_FIRST: onOff.default('on'),
  LANGUAGES: languageList.default([]),
  OWNER_RING_TIMEOUT: seconds(5, 600).default(15),
  QUEUE_NAME: z.string().min(1).max(64, 'must be at most 64 characters (Twilio queue names)').default('support'),
  QUEUE_AGENT_TIMEOUT: seconds(5, 600).default(15),
  QUEUE_MAX_WAIT: seconds(30, 14400).default(300),
  OUTBOUND_CALLER_ID: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number on your Twilio account, e.g. +14155550100')
    .optional(),
  TWILIO_API_URL: optionalUrl,
  ZAMMAD_URL: optionalUrl,
  ZAMMAD_CTI_TOKEN: z.string().min(1).optional(),
  ZAMMAD_API_TOKEN: z.string().min(1).optional(),
  ZAMMAD_NUMBER_FORMAT: z.enum(['digits', 'e164']).default('digits'),
  ZAMMAD_WEBHOOK_SECRET: secret.optional(),
  ZAMMAD_TIMEZONE: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
    .default('UTC'),
  ZAMMAD_AGENT_CACHE: seconds(10, 86400).default(300),
  ZAMMAD_TICKET_GROUP: z.string().trim().min(1).max(160).default('Users'),
  ZAMMAD_ATTACHMENT_MAX_BYTES: z.coerce.number().int('must be whole bytes').min(0, 'must be 0 or more bytes').max(50 * 1024 * 1024, 'must be at most 52428800 bytes (50 MB)').default(5 * 1024 * 1024),
  ZAMMAD_MISSED_CALL_TICKETS: z.enum(['off', 'new', 'always']).default('off'),
  FRESHDESK_URL: optionalUrl,
  FRESHDESK_API_KEY: z.string().min(1).optional(),
  FRESHDESK_APP_SECRET: secret.optional(),
  FRESHDESK_REUSE_TICKET_DAYS: z.coerce.number().int('must be whole days').min(0, 'must be 0 or more days').max(365, 'must be at most 365 days').default(7),
  FRESHDESK_ANSWERED_STATUS: z.enum(['open', 'pending', 'resolved', 'closed']).default('resolved'),
  FRESHDESK_AGENT_CACHE: seconds(10, 86400).default(300),
  TRANSCRIPT_WAIT: seconds(0, 3600).default(180),
  CARRIER: z.enum(['twilio', 'africastalking']).default('twilio'),
  BUSINESS_HOURS: z.string().min(2).optional(),
  LINES: z.string().min(2).optional(),
  WRAP_UP_SECONDS: z.coerce.number().int('must be whole seconds').min(0, 'must be 0 or more seconds').max(3600, 'must be at most 3600 seconds').default(0),
  AT_USERNAME: z.string().min(1).optional(),
  AT_API_KEY: z.string().min(1).optional(),
  AT_PHONE_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be your Africa\'s Talking number in E.164, e.g. +254711082000')
    .optional(),
  AT_CALLBACK_SECRET: secret.optional(),
  AT_DEFAULT_REGION: region.default('KE'),
  AT_RECORD_CALLS: onOff.default('off'),
  AT_API_URL: optionalUrl,
  AT_WEBRTC_URL: optionalUrl,
  TWILIO_API_KEY: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be an API key SID (SK followed by 32 hex digits)').optional(),
  TWILIO_API_SECRET: secret.optional(),
  TWIML_APP_SID: z.string().regex(/^AP[0-9a-fA-F]{32}$/, 'must be a TwiML App SID (AP followed by 32 hex digits)').optional(),
  SOFTPHONE_TOKEN_TTL: seconds(300, 86400).default(3600),
  SOFTPHONE_RING: z.enum(['browser', 'phone', 'both']).default('browser'),
  REQUIRE_SIGN_IN: onOff.default('off'),
  SYNC_SOFTPHONE_MAP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .default('softphones'),
  OUTBOUND_ALLOWED_COUNTRIES: regionList.optional(),
  OUTBOUND_BLOCKED_PREFIXES: prefixList.default([]),
  SOFTPHONE_LINK_HOURS: z.coerce.number().int('must be whole hours').min(1, 'must be at least 1 hour').max(720, 'must be at most 720 hours').default(12),
}).superRefine((config, ctx) => {
  if (config.ZAMMAD_URL && !config.ZAMMAD_CTI_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['ZAMMAD_CTI_TOKEN'], message: 'is required when ZAMMAD_URL is set (the token in Zammad\'s Generic CTI endpoint URL)' });
  }
  if (config.AT_USERNAME) {
    for (const key of ['AT_API_KEY', 'AT_PHONE_NUMBER', 'AT_CALLBACK_SECRET'] as const) {
      if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when AT_USERNAME is set' });
    }
  }
  if (config.CARRIER === 'africastalking' && !config.AT_USERNAME) {
    ctx.addIssue({ code: 'custom', path: ['AT_USERNAME'], message: 'is required when CARRIER is africastalking' });
  }
  if (config.FRESHDESK_URL && !config.FRESHDESK_API_KEY) {
    ctx.addIssue({ code: 'custom', path: ['FRESHDESK_API_KEY'], message: 'is required when FRESHDESK_URL is set (Profile settings → API key in Freshdesk)' });
  }
  if (config.TWILIO_API_KEY && !config.TWILIO_API_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TWILIO_API_SECRET'], message: 'is required when TWILIO_API_KEY is set (the secret shown once when the key was made)' });
  }
  if (config.ZAMMAD_URL && !config.ZAMMAD_API_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['ZAMMAD_API_TOKEN'], message: 'is required when ZAMMAD_URL is set (agents are read from Zammad)' });
  }
});

export type RuntimeConfig = z.infer<typeof runtimeSchema>;

/** What only the local tooling (npm start, seeding) reads. */
export const localSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SYNC_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  SYNC_EMULATOR_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  VOICE_API_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  DATA_DIR: z.string().min(1).default('.data'),
  AGENTS_FILE: z.string().min(1).default('agents.example.json'),
});

export type LocalConfig = z.infer<typeof localSchema>;

export type Env = Record<string, string | undefined>;

/**
 * Parses the schema's variables out of `env`; empty strings count as unset, like an empty line
 * in a .env file. Only the schema's own keys are read: the Functions context has getters that
 * warn when touched (SERVICE_SID locally).
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (typeof value === 'string' && value.trim() !== '') cleaned[key] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(root)';
      const message = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
      return `${name} ${message}`;
    }),
  );
}

/** The settings that are credentials: never written to a log (src/logging/masked-log.ts). */
export const SECRET_SETTINGS = [
  'AUTH_TOKEN',
  'DASHBOARD_TOKEN',
  'ZAMMAD_CTI_TOKEN',
  'ZAMMAD_API_TOKEN',
  'ZAMMAD_WEBHOOK_SECRET',
  'FRESHDESK_API_KEY',
  'FRESHDESK_APP_SECRET',
  'AT_API_KEY',
  'AT_CALLBACK_SECRET',
  'TWILIO_API_SECRET',
] as const satisfies ReadonlyArray<keyof RuntimeConfig>;

export function loadRuntimeConfig(env: Env): RuntimeConfig {
  return parseEnv(runtimeSchema, env);
}

export function loadLocalConfig(env: Env): LocalConfig {
  return parseEnv(localSchema, env);
}
