import 'dotenv/config';
import { readConfig, secretsOf } from './platform/config.js';
import { maskSecrets } from './platform/logger.js';
import { startBot } from './main.js';

/** The program: read the configuration, refuse to start on any problem, run until SIGTERM / SIGINT. */
const result = readConfig(process.env);
if (!result.ok) {
  process.stderr.write(`comcell: configuration refused, nothing was started:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(2);
}

try {
  const bot = await startBot(result.config);
  const stop = (signal: string) => {
    bot.log.info({ signal }, 'stopping');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        bot.log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (error) => bot.log.error({ err: error }, 'unhandled rejection'));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`comcell: could not start: ${maskSecrets(message, secretsOf(result.config))}\n`);
  process.exit(1);
}
