import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor.js';

/** The program from its sources, `node --import tsx src/start.ts`, in a child process with its own env. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every variable the program reads, so a developer's `.env` in the project root cannot fill a gap. */
export const ALL_VARS = [
  'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_MODE', 'PORT', 'SLACK_API_URL', 'TEAM_CHANNEL_ID',
  'TEAM_TIMEZONE', 'LOCALE', 'APPROVALS_REQUIRED', 'APPROVE_REACTIONS', 'REJECT_REACTIONS', 'TWITTER_API_KEY',
  'TWITTER_API_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET', 'TWITTER_API_URL', 'TWEET_MAX_LENGTH',
  'FOLLOWUP_REMIND_EVERY', 'FOLLOWUP_ESCALATE_AFTER', 'SHIFT_CHANGES', 'DATABASE_PATH', 'LOG_LEVEL', 'MASTODON_URL',
  'MASTODON_TOKEN', 'BLUESKY_HANDLE', 'BLUESKY_APP_PASSWORD', 'BLUESKY_SERVICE', 'DRY_RUN', 'THREAD_NUMBERING', 'REPORT_AT',
  'METRICS_PORT',
];

export interface Program {
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** The JSON log lines written so far. */
  logs(): Array<Record<string, any>>;
  /** Resolves with the "comcell ready" line (its `port` is the HTTP port). */
  ready(): Promise<Record<string, any>>;
}

/**
 * The environment of a child program: PATH, and every variable it reads set from `vars` or empty.
 * Empty is unset for every variable but REPORT_AT, where empty disables the weekly report: a child
 * program has no weekly report unless a test sets one.
 */
export function programEnv(vars: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const name of ALL_VARS) env[name] = vars[name] ?? '';
  return env;
}

export function startProgram(vars: Record<string, string>): Program {
  const env = programEnv(vars);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const program: Program = {
    stdout: '',
    stderr: '',
    exited: new Promise((done) => child.on('exit', (code) => done(code))),
    kill: (signal) => child.kill(signal),
    logs: () =>
      program.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, any>;
          } catch {
            return {}; // a line still being written
          }
        }),
    ready: () => waitFor(() => program.logs().find((e) => String(e.msg ?? '').startsWith('comcell ready')), 'the ready log line', 20_000),
  };
  child.stdout.on('data', (chunk) => (program.stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (program.stderr += String(chunk)));
  return program;
}
