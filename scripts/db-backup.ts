/**
 * `npm run db:backup -- FILE`: a consistent copy of the database, safe while the bot runs.
 * Reads only DATABASE_PATH (from the environment or .env), so it runs where the Slack tokens are not.
 */
import 'dotenv/config';
import { backupDatabase } from '../src/platform/backup.js';
import { DEFAULT_DATABASE_PATH } from '../src/platform/config.js';

const USAGE = `usage: npm run db:backup -- FILE   (copies DATABASE_PATH, default ${DEFAULT_DATABASE_PATH}, to FILE)`;

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [target] = args;
  if (args.length !== 1 || !target || target.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  // The same rule as the bot's configuration: unset or blank means the default.
  const source = process.env.DATABASE_PATH?.trim() ? process.env.DATABASE_PATH : DEFAULT_DATABASE_PATH;
  try {
    const { pages } = await backupDatabase(source, target);
    process.stdout.write(`comcell: ${source} copied to ${target} (${pages} pages, integrity check ok)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`comcell: backup of ${source} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
