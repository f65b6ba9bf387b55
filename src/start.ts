import 'dotenv/config';
import type { Bot } from './main.js';
import { readConfig, secretsOf, type Config } from './platform/config.js';
import { maskSecrets } from './platform/logger.js';
import { describeStartupFailure } from './platform/startupFailure.js';

/**
 * The program: read the configuration, refuse to start on any problem, run until SIGTERM / SIGINT.
 * A start that fails, whatever fails, ends with one line on stderr (what failed, what to check; secrets
 * masked, no stack trace) and exit code 1; a refused configuration with one line per problem and code 2.
 */
let config: Config | null = null;
let bot: Bot | null = null;
let stopRequested: string | null = null;

function startFailed(error: unknown): never {
  const line = config ? describeStartupFailure(error, config) : error instanceof Error ? error.message : String(error);
  const secrets = config ? secretsOf(config) : [];
  process.stderr.write(`comcell: could not start: ${maskSecrets(line.replace(/\s*\n\s*/g, ' '), secrets)}\n`);
  process.exit(1);
}

// Installed before anything else runs: a rejection or an exception nobody caught during the start ends it
// with its one line, not with Node's stack trace; once running, it is logged.
process.on('unhandledRejection', (error) => {
  if (!bot) startFailed(error);
  bot.log.error({ err: error }, 'unhandled rejection');
});
process.on('uncaughtException', (error) => {
  if (!bot) startFailed(error);
  // The process may be in any state now: say so and leave; the supervisor starts a clean one.
  bot.log.fatal({ err: error }, 'uncaught exception: exiting');
  bot.log.flush(() => process.exit(1));
});

function stop(signal: string): void {
  if (!bot) {
    stopRequested = signal; // still starting: stopped as soon as it has started
    return;
  }
  const running = bot;
  running.log.info({ signal }, 'stopping');
  running.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      running.log.error({ err: error }, 'stop failed');
      process.exit(1);
    },
  );
}
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));

const result = readConfig(process.env);
if (!result.ok) {
  process.stderr.write(`comcell: configuration refused, nothing was started:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(2);
}
config = result.config;

try {
  // Imported once the handlers above are in place: loading it opens native modules that can fail too.
  const { startBot } = await import('./main.js');
  bot = await startBot(config);
} catch (error) {
  startFailed(error);
}
if (stopRequested) stop(stopRequested);
