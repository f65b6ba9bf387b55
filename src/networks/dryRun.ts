import { randomUUID } from 'node:crypto';
import type { Network } from './network.js';

/** What a dry-run post's id starts with: it exists on no network. */
export const DRY_RUN_PREFIX = 'dryrun-';

/**
 * A network in dry run: the same rules (length, images), everything happens except the call to it.
 * Its posts get an id marked as such and no link.
 */
export function dryRun(network: Omit<Network, 'dryRun'>): Network {
  return {
    name: network.name,
    dryRun: true,
    length: network.length,
    images: network.images,
    start: async () => {},
    newKey: () => randomUUID(),
    post: async () => ({ kind: 'posted', remote: { id: `${DRY_RUN_PREFIX}${randomUUID()}`, url: '' } }),
    find: async () => ({ kind: 'absent' }),
  };
}
