import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import { BLUESKY_IMAGES, BLUESKY_LENGTH } from './bluesky/rules.js';
import { dryRun } from './dryRun.js';
import { createMastodon } from './mastodon.js';
import { DEFAULT_LIMITS } from './mastodon/instance.js';
import { countMastodon } from './mastodon/length.js';
import type { Network, NetworkName } from './network.js';
import { createX, xRules } from './x.js';

/** A network's rules without an account: what a dry run on a network not configured keeps. */
function rulesOf(name: NetworkName, config: Config): Omit<Network, 'dryRun'> {
  const none = { start: async () => {}, newKey: () => '', post: async () => ({ kind: 'unknown' as const, detail: 'not configured' }), find: async () => ({ kind: 'absent' as const }) };
  switch (name) {
    case 'x':
      return xRules(config.tweetMaxLength);
    case 'mastodon':
      return { ...none, name, length: { max: DEFAULT_LIMITS.maxCharacters, count: (t) => countMastodon(t, DEFAULT_LIMITS.charactersPerUrl) }, images: DEFAULT_LIMITS.images };
    case 'bluesky':
      return { ...none, name, length: BLUESKY_LENGTH, images: BLUESKY_IMAGES };
  }
}

/**
 * The networks the cell publishes on, from the configuration (SPEC "Networks"): each one configured, in
 * dry run when `DRY_RUN` names it. A network named in `DRY_RUN` without an account runs dry too, so a cell
 * can try a network before it has one. With none at all, the bot runs dry on X.
 */
export async function createNetworks(config: Config, deps: { clock: Clock; log: Logger }): Promise<Map<NetworkName, Network>> {
  // @atproto/api costs about 15 MiB once loaded: only a cell that has a Bluesky account loads it.
  const createBluesky = config.bluesky ? (await import('./bluesky/index.js')).createBluesky : null;
  const real: Partial<Record<NetworkName, Network>> = {
    ...(config.x ? { x: createX(config.x, { apiUrl: config.xApiUrl, maxLength: config.tweetMaxLength }) } : {}),
    ...(config.mastodon ? { mastodon: createMastodon(config.mastodon, { clock: deps.clock }) } : {}),
    ...(config.bluesky && createBluesky ? { bluesky: createBluesky(config.bluesky, { clock: deps.clock, langs: [config.locale], logger: deps.log.child({ network: 'bluesky' }) }) } : {}),
  };
  const networks = new Map<NetworkName, Network>();
  for (const name of ['x', 'mastodon', 'bluesky'] as const) {
    const network = real[name];
    if (network && !config.dryRun.has(name)) networks.set(name, network);
    else if (network || config.dryRun.has(name)) networks.set(name, dryRun(network ?? rulesOf(name, config)));
  }
  if (networks.size === 0) networks.set('x', dryRun(rulesOf('x', config)));
  return networks;
}
