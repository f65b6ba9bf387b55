import { z } from 'zod';
import { NETWORKS, type NetworkName } from '../networks/network.js';
import { parseDuration } from './duration.js';

/** Defaults shared with the scripts that read the database without the rest of the configuration. */
export const DEFAULT_DATABASE_PATH = './data/comcell.sqlite';
export const DEFAULT_TIME_ZONE = 'Europe/Paris';
export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

/**
 * The environment, as the spec's "Configuration" table, in one schema.
 * Every problem is reported on its own line before anything is contacted.
 */

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

const positiveInt = (fallback: number, min: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+$/, { message: 'expected a whole number' })
      .transform(Number)
      .refine((n) => n >= min, { message: `expected a whole number >= ${min}` })
      .optional(),
  ).transform((n) => n ?? fallback);

const emojiList = (fallback: string) =>
  z
    .preprocess(emptyToUndefined, z.string().optional())
    .transform((raw) =>
      (raw ?? fallback)
        .split(',')
        .map((name) => name.trim().replace(/^:|:$/g, ''))
        .filter(Boolean),
    )
    .refine((names) => names.length > 0, { message: 'expected at least one emoji name' })
    .refine((names) => names.every((name) => /^[a-z0-9_+'-]+$/.test(name)), {
      message: 'expected comma-separated emoji names such as white_check_mark,+1',
    });

const duration = (fallback: string) =>
  z
    .preprocess(emptyToUndefined, z.string().optional())
    .transform((raw, ctx) => {
      const seconds = parseDuration(raw ?? fallback);
      if (seconds === null || seconds <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a DURATION such as 30m, 1h or 1h30m' });
        return z.NEVER;
      }
      return seconds;
    });

const url = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), { message: 'expected an http:// or https:// URL' })
    .optional(),
);

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

const port = (message: string) =>
  z
    .preprocess(emptyToUndefined, z.string().trim().regex(/^\d+$/, { message }).optional())
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .refine((n) => n === undefined || n <= 65535, { message: `${message} from 0 to 65535` });

/** A base URL kept without its trailing slash, so paths can be appended to it. */
const baseUrl = url.transform((v) => v?.replace(/\/+$/, ''));

/**
 * A Bluesky handle is a domain name (atproto.com/specs/handle: ASCII letters, digits and hyphens in
 * dot-separated labels of 1 to 63, no label starting or ending with a hyphen, at least two labels, a last
 * label not starting with a digit, 253 characters at most); a DID (`did:plc:…`) names the account too.
 */
const handlePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const didPattern = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/;
const blueskyHandle = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .refine((v) => handlePattern.test(v) || didPattern.test(v), {
      message: 'expected the account handle, such as cellule-com.bsky.social (or its did:plc:… identifier)',
    })
    .optional(),
);

const dryRun = z
  .preprocess(emptyToUndefined, z.string().optional())
  .transform((raw, ctx) => {
    const names = (raw ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
    const unknown = names.filter((n) => !(NETWORKS as readonly string[]).includes(n));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown network ${unknown.join(', ')}: expected comma-separated names among ${NETWORKS.join(', ')}` });
      return z.NEVER;
    }
    return new Set(names as NetworkName[]);
  });

const onOff = z
  .preprocess(emptyToUndefined, z.string().trim().toLowerCase().optional())
  .refine((v) => v === undefined || v === 'on' || v === 'off', { message: 'expected on or off' })
  .transform((v) => v === 'on');

export interface WeeklyTime {
  /** ISO weekday, as luxon counts it: 1 is Monday, 7 is Sunday. */
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  hour: number;
  minute: number;
}

/** Days in English and in French (the cell's language), abbreviated or in full. */
const WEEKDAYS: Record<string, WeeklyTime['weekday']> = {
  mon: 1, monday: 1, lun: 1, lundi: 1,
  tue: 2, tuesday: 2, mar: 2, mardi: 2,
  wed: 3, wednesday: 3, mer: 3, mercredi: 3,
  thu: 4, thursday: 4, jeu: 4, jeudi: 4,
  fri: 5, friday: 5, ven: 5, vendredi: 5,
  sat: 6, saturday: 6, sam: 6, samedi: 6,
  sun: 7, sunday: 7, dim: 7, dimanche: 7,
};

/** `mon 08:00`; unset means the default, set but blank means no weekly report. */
const reportAt = z
  .string()
  .optional()
  .transform((raw, ctx): WeeklyTime | null => {
    if (raw === undefined) return { weekday: 1, hour: 8, minute: 0 };
    if (raw.trim() === '') return null;
    const match = /^([a-z]+)\s+([01]\d|2[0-3]):([0-5]\d)$/.exec(raw.trim().toLowerCase());
    const weekday = match ? WEEKDAYS[match[1]!] : undefined;
    if (!match || weekday === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a day (mon…sun or lun…dim) and a time HH:MM, such as mon 08:00; empty disables the weekly report' });
      return z.NEVER;
    }
    return { weekday, hour: Number(match[2]), minute: Number(match[3]) };
  });

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ message: 'required: the xoxb- bot token' })
      .trim()
      .refine((v) => v.startsWith('xoxb-'), { message: 'expected a bot token starting with xoxb-' }),
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'expected an app-level token starting with xapp-',
    }),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_MODE: z.preprocess(emptyToUndefined, z.enum(['socket', 'http'], { message: 'expected socket or http' }).optional()),
    PORT: port('expected a port number').transform((n) => n ?? 3000),
    SLACK_API_URL: url,
    TEAM_CHANNEL_ID: z
      .string({ message: 'required: the id of the team channel, such as C0123ABCD' })
      .trim()
      .regex(/^[CG][A-Z0-9]{2,}$/, { message: 'expected a channel id such as C0123ABCD' }),
    TEAM_TIMEZONE: z
      .preprocess(emptyToUndefined, z.string().trim().optional())
      .transform((v) => v ?? DEFAULT_TIME_ZONE)
      .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris' }),
    LOCALE: z.preprocess(emptyToUndefined, z.enum(['fr', 'en'], { message: 'expected fr or en' }).optional()).transform((v) => v ?? 'fr'),
    APPROVALS_REQUIRED: positiveInt(1, 1),
    APPROVE_REACTIONS: emojiList('white_check_mark'),
    REJECT_REACTIONS: emojiList('x'),
    TWITTER_API_KEY: optionalString,
    TWITTER_API_SECRET: optionalString,
    TWITTER_ACCESS_TOKEN: optionalString,
    TWITTER_ACCESS_SECRET: optionalString,
    TWITTER_API_URL: url,
    TWEET_MAX_LENGTH: positiveInt(280, 1),
    MASTODON_URL: baseUrl,
    MASTODON_TOKEN: optionalString,
    BLUESKY_HANDLE: blueskyHandle,
    BLUESKY_APP_PASSWORD: optionalString,
    BLUESKY_SERVICE: baseUrl.transform((v) => v ?? DEFAULT_BLUESKY_SERVICE),
    DRY_RUN: dryRun,
    THREAD_NUMBERING: onOff,
    REPORT_AT: reportAt,
    METRICS_PORT: port('expected a port number'),
    FOLLOWUP_REMIND_EVERY: duration('30m'),
    FOLLOWUP_ESCALATE_AFTER: positiveInt(3, 0),
    SHIFT_CHANGES: z
      .preprocess(emptyToUndefined, z.string().optional())
      .transform((v) => (v ?? '06:00,14:00,22:00').split(',').map((t) => t.trim()))
      .refine((times) => times.length > 0 && times.every((t) => timeOfDay.test(t)), {
        message: 'expected comma-separated times HH:MM or HH:MM:SS, such as 06:00,14:00,22:00',
      }),
    DATABASE_PATH: z
      .preprocess(emptyToUndefined, z.string().optional())
      .transform((v) => v ?? DEFAULT_DATABASE_PATH),
    LOG_LEVEL: z
      .preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected a pino level: fatal, error, warn, info, debug, trace or silent' }).optional())
      .transform((v) => v ?? 'info'),
  })
  ;

const X_KEYS = ['TWITTER_API_KEY', 'TWITTER_API_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'] as const;

/** Variables that go together: each network is all of its variables or none. */
const GROUPS: Array<{ names: readonly string[]; rule: string }> = [
  { names: X_KEYS, rule: 'required when any X key is set (all four or none; none means dry run)' },
  { names: ['MASTODON_URL', 'MASTODON_TOKEN'], rule: 'required when the other Mastodon variable is set (both or none)' },
  { names: ['BLUESKY_HANDLE', 'BLUESKY_APP_PASSWORD'], rule: 'required when the other Bluesky variable is set (both or none)' },
];

/** Rules across variables, checked on the raw environment so they are reported even when a field is also wrong. */
function crossProblems(env: Record<string, string | undefined>): string[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  for (const { names, rule } of GROUPS) {
    const given = names.filter(has);
    if (given.length === 0 || given.length === names.length) continue;
    for (const name of names.filter((k) => !has(k))) problems.push(`${name}: ${rule}; set: ${given.join(', ')}`);
  }
  const mode = (env.SLACK_MODE ?? '').trim() || (has('SLACK_APP_TOKEN') ? 'socket' : 'http');
  if (mode === 'socket' && !has('SLACK_APP_TOKEN')) {
    problems.push('SLACK_APP_TOKEN: required in socket mode: the xapp- app-level token');
  }
  if (mode === 'http' && !has('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET: required in http mode: the app signing secret');
  }
  // Said rather than ignored: a scraper pointed at METRICS_PORT would otherwise find nothing there, silently.
  if (mode === 'http' && has('METRICS_PORT')) {
    problems.push('METRICS_PORT: only used in socket mode; in http mode GET /metrics is served on PORT: remove METRICS_PORT');
  }
  return problems;
}

/** What each secret or identity variable holds, for the line that says it still holds a placeholder. */
const EXPECTED: Record<string, string> = {
  SLACK_BOT_TOKEN: 'the bot token (xoxb-…, OAuth & Permissions → Bot User OAuth Token)',
  SLACK_APP_TOKEN: 'the app-level token (xapp-…, Basic Information → App-Level Tokens), or remove the line for http mode',
  SLACK_SIGNING_SECRET: 'the signing secret (Basic Information → App Credentials)',
  TEAM_CHANNEL_ID: 'the id of the team channel (channel details, at the bottom), such as C0123ABCD',
  TWITTER_API_KEY: 'the X API key, or remove the four X lines for a dry run',
  TWITTER_API_SECRET: 'the X API key secret, or remove the four X lines for a dry run',
  TWITTER_ACCESS_TOKEN: 'the X access token, or remove the four X lines for a dry run',
  TWITTER_ACCESS_SECRET: 'the X access token secret, or remove the four X lines for a dry run',
  MASTODON_URL: 'the Mastodon instance URL, or remove both Mastodon lines',
  MASTODON_TOKEN: 'a Mastodon access token, or remove both Mastodon lines',
  BLUESKY_HANDLE: 'the Bluesky handle, or remove both Bluesky lines',
  BLUESKY_APP_PASSWORD: 'a Bluesky app password, or remove both Bluesky lines',
};

/** Token prefixes that are only a beginning: what is left when a value was not pasted after them. */
const PREFIXES = ['xoxb-', 'xoxp-', 'xapp-'];

/**
 * A value copied from `.env.example` without being filled in: an ellipsis, `change-me`, a bare token
 * prefix, or `<…>`. Refused by name, so a first start says which line to fill instead of failing at Slack.
 */
function isPlaceholder(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.includes('…') || v.includes('...') || /change-?me/.test(v) || PREFIXES.includes(v) || /^<.*>$/.test(v);
}

function placeholderProblems(env: Record<string, string | undefined>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const value = env[name];
    if (value === undefined || value.trim() === '' || !isPlaceholder(value)) continue;
    const what = PREFIXES.includes(value.trim().toLowerCase()) ? `only the prefix ${value.trim()}` : 'still the placeholder from .env.example';
    problems.set(name, `${name}: ${what}: set ${expected}`);
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Locale = 'fr' | 'en';

export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface MastodonAccount {
  /** The instance's base URL, without a trailing slash. */
  url: string;
  token: string;
}

export interface BlueskyAccount {
  /** Without a leading `@`. */
  handle: string;
  appPassword: string;
  /** The account's PDS, without a trailing slash. */
  service: string;
}

export interface Config {
  slack: {
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    mode: 'socket' | 'http';
    port: number;
    apiUrl?: string;
  };
  teamChannelId: string;
  timeZone: string;
  locale: Locale;
  approvalsRequired: number;
  approveReactions: string[];
  rejectReactions: string[];
  /** Absent: dry run, nothing is sent to X. */
  x?: XCredentials;
  xApiUrl?: string;
  tweetMaxLength: number;
  /** Absent: not a network of the cell. */
  mastodon?: MastodonAccount;
  bluesky?: BlueskyAccount;
  /** Networks that run dry even when configured. */
  dryRun: Set<NetworkName>;
  /** Appends ` (1/N)` to each part of a thread. */
  threadNumbering: boolean;
  /** The weekly report's time in the team's time zone; null: no weekly report. */
  reportAt: WeeklyTime | null;
  /** Socket Mode: the port of GET /metrics; null: no metrics server (and always null in http mode). */
  metricsPort: number | null;
  followupRemindEverySeconds: number;
  followupEscalateAfter: number;
  shiftChanges: string[];
  databasePath: string;
  logLevel: string;
}

type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads the configuration from an environment; never throws, never connects. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const placeholders = placeholderProblems(env);
  const problems = [
    ...placeholders.values(),
    ...(parsed.success
      ? []
      : parsed.error.issues
          .filter((issue) => !placeholders.has(String(issue.path[0])))
          .map((issue) => {
            const name = String(issue.path[0] ?? 'configuration');
            const message = issue.code === 'invalid_type' && env[name] === undefined ? requiredMessage(issue.message) : issue.message;
            return `${name}: ${message}`;
          })),
    ...crossProblems(env),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const e = parsed.data;
  const x =
    e.TWITTER_API_KEY && e.TWITTER_API_SECRET && e.TWITTER_ACCESS_TOKEN && e.TWITTER_ACCESS_SECRET
      ? {
          appKey: e.TWITTER_API_KEY,
          appSecret: e.TWITTER_API_SECRET,
          accessToken: e.TWITTER_ACCESS_TOKEN,
          accessSecret: e.TWITTER_ACCESS_SECRET,
        }
      : undefined;
  const mode = e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? 'socket' : 'http');
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        appToken: e.SLACK_APP_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        mode,
        port: e.PORT,
        apiUrl: e.SLACK_API_URL,
      },
      teamChannelId: e.TEAM_CHANNEL_ID,
      timeZone: e.TEAM_TIMEZONE,
      locale: e.LOCALE,
      approvalsRequired: e.APPROVALS_REQUIRED,
      approveReactions: e.APPROVE_REACTIONS,
      rejectReactions: e.REJECT_REACTIONS,
      x,
      xApiUrl: e.TWITTER_API_URL,
      tweetMaxLength: e.TWEET_MAX_LENGTH,
      mastodon: e.MASTODON_URL && e.MASTODON_TOKEN ? { url: e.MASTODON_URL, token: e.MASTODON_TOKEN } : undefined,
      bluesky:
        e.BLUESKY_HANDLE && e.BLUESKY_APP_PASSWORD
          ? { handle: e.BLUESKY_HANDLE, appPassword: e.BLUESKY_APP_PASSWORD, service: e.BLUESKY_SERVICE }
          : undefined,
      dryRun: e.DRY_RUN,
      threadNumbering: e.THREAD_NUMBERING,
      reportAt: e.REPORT_AT,
      metricsPort: mode === 'socket' ? (e.METRICS_PORT ?? null) : null,
      followupRemindEverySeconds: e.FOLLOWUP_REMIND_EVERY,
      followupEscalateAfter: e.FOLLOWUP_ESCALATE_AFTER,
      shiftChanges: e.SHIFT_CHANGES,
      databasePath: e.DATABASE_PATH,
      logLevel: e.LOG_LEVEL,
    },
  };
}

function requiredMessage(message: string): string {
  return message.startsWith('required') ? message : 'required';
}

/** Every secret of a configuration, for the logger to mask wherever one would appear. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    ...Object.values(config.x ?? {}),
    config.mastodon?.token,
    config.bluesky?.appPassword,
  ].filter((s): s is string => typeof s === 'string');
}
