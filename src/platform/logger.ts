import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log line. Tokens, the signing secret, the X keys, the
 * Mastodon token, the Bluesky app password and its session tokens must never reach a log, even when a
 * whole config, request or session object is logged by mistake.
 */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'appKey',
  'appSecret',
  'accessToken',
  'accessSecret',
  '*.appKey',
  '*.appSecret',
  '*.accessToken',
  '*.accessSecret',
  'x.*',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.x',
  'config.mastodon.token',
  'config.bluesky.appPassword',
  'appPassword',
  '*.appPassword',
  'password',
  '*.password',
  'accessJwt',
  'refreshJwt',
  '*.accessJwt',
  '*.refreshJwt',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'authorization',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'TWITTER_API_KEY',
  'TWITTER_API_SECRET',
  'TWITTER_ACCESS_TOKEN',
  'TWITTER_ACCESS_SECRET',
  'MASTODON_TOKEN',
  'BLUESKY_APP_PASSWORD',
];

/** Strings that look like secrets are also masked inside free text (error messages, URLs). */
const SECRET_PATTERN = /\b(xox[abprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_PATTERN, '[Redacted]');
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[Redacted]');
  return out;
}

export function createLogger(level: string, options: { destination?: DestinationStream; secrets?: readonly string[] } = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level,
      base: { app: 'comcell' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Error messages from libraries can quote a token or a secret: mask the final line as a last resort.
        streamWrite: (line) => maskSecrets(line, secrets),
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
