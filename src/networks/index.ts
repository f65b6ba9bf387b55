import type { Config } from '../platform/config.js';
import { dryRun } from './dryRun.js';
import type { Network, NetworkName } from './network.js';
import { createX, xRules } from './x.js';

/**
 * The networks the cell publishes on, from the configuration: each one configured, in dry run when asked.
 * With none configured, the bot runs dry on X (SPEC "Networks").
 */
export function createNetworks(config: Config): Map<NetworkName, Network> {
  const networks = new Map<NetworkName, Network>();
  const x = config.x ? createX(config.x, { apiUrl: config.xApiUrl, maxLength: config.tweetMaxLength }) : dryRun(xRules(config.tweetMaxLength));
  networks.set('x', x);
  return networks;
}
