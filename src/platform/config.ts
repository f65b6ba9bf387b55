import { z } from 'zod';
import { parseDuration } from './duration.js';

/** Defaults shared with the scripts that read the database without the rest of the configuration. */
export const DEFAULT_DATABASE_PATH = './data/comcell.sqlite';
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

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
    PORT: z
      .preprocess(emptyToUndefined, z.string().trim().regex(/^\d+$/, { message: 'expected a port number' }).optional())
      .transform((v) => (v === undefined ? 3000 : Number(v)))
      .refine((n) => n >= 0 && n <= 65535, { message: 'expected a port number from 0 to 65535' }),
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

/** Rules across variables, checked on the raw environment so they are reported even when a field is also wrong. */
function crossProblems(env: Record<string, string | undefined>): string[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  const given = X_KEYS.filter(has);
  if (given.length > 0 && given.length < X_KEYS.length) {
    for (const name of X_KEYS.filter((k) => !has(k))) {
      problems.push(`${name}: required when any X key is set (all four or none; none means dry run); set: ${given.join(', ')}`);
    }
  }
  const mode = (env.SLACK_MODE ?? '').trim() || (has('SLACK_APP_TOKEN') ? 'socket' : 'http');
  if (mode === 'socket' && !has('SLACK_APP_TOKEN')) {
    problems.push('SLACK_APP_TOKEN: required in socket mode: the xapp- app-level token');
  }
  if (mode === 'http' && !has('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET: required in http mode: the app signing secret');
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
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
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
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        appToken: e.SLACK_APP_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        mode: e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? 'socket' : 'http'),
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
  return [config.slack.botToken, config.slack.appToken, config.slack.signingSecret, ...Object.values(config.x ?? {})].filter(
    (s): s is string => typeof s === 'string',
  );
}
