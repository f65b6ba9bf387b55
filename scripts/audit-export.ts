/**
 * `npm run audit:export -- [--since YYYY-MM-DD] [--raw] [FILE]`: the audit log as CSV, in FILE or on stdout.
 * Reads only DATABASE_PATH (and TEAM_TIMEZONE, the zone of --since's day) from the environment or .env,
 * and opens the database read-only: it runs beside the bot, without the Slack tokens.
 * `npm run` prints its own banner on stdout: to pipe the CSV, use `npm run --silent audit:export`, or give FILE.
 */
import 'dotenv/config';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAuditCsv } from '../src/audit/export.js';
import { isDatabaseFile } from '../src/platform/backup.js';
import { DEFAULT_DATABASE_PATH, DEFAULT_TIME_ZONE } from '../src/platform/config.js';

const USAGE = 'usage: npm run audit:export -- [--since YYYY-MM-DD] [--raw] [FILE]   (CSV on stdout without FILE; --raw: no formula guard)';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { since: { type: 'string' }, raw: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 1) return usage(`one FILE at most, got ${args.positionals.length}`);
  const file = args.positionals[0];

  let since: Date | undefined;
  if (args.values.since !== undefined) {
    // A day as the cell counts days: midnight in the team's time zone, not in UTC.
    const zone = process.env.TEAM_TIMEZONE?.trim() || DEFAULT_TIME_ZONE;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(args.values.since) ? DateTime.fromISO(args.values.since, { zone }) : null;
    if (!day?.isValid) return usage(`--since expects a day YYYY-MM-DD in ${zone}, got "${args.values.since}"`);
    since = day.startOf('day').toJSDate();
  }

  // The same rule as the bot's configuration: unset or blank means the default.
  const databasePath = process.env.DATABASE_PATH?.trim() ? process.env.DATABASE_PATH : DEFAULT_DATABASE_PATH;
  if (file && isDatabaseFile(databasePath, file)) return fail(`refusing to write the CSV over the database itself (${file})`);

  let db: Database.Database;
  try {
    db = new Database(databasePath, { readonly: true, fileMustExist: true });
  } catch (error) {
    return fail(`cannot open the database ${databasePath}: ${message(error)}`);
  }
  try {
    if (file) mkdirSync(dirname(file), { recursive: true });
    const out = file ? createWriteStream(file) : process.stdout;
    const { rows } = await writeAuditCsv(db, out, { since, escapeFormulas: !args.values.raw });
    if (file) process.stdout.write(`comcell: ${rows} audit entries written to ${file}\n`);
    return 0;
  } catch (error) {
    // The reader went away (`| head`): what it wanted was written.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    return fail(`audit export failed: ${message(error)}`);
  } finally {
    db.close();
  }
}

function usage(problem: string): number {
  process.stderr.write(`comcell: ${problem}\n${USAGE}\n`);
  return 2;
}

function fail(problem: string): number {
  process.stderr.write(`comcell: ${problem}\n`);
  return 1;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.exitCode = await main();
