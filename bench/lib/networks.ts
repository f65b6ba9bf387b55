/**
 * The three networks side by side: the fake Mastodon instance and the fake Bluesky PDS of `test/support/`
 * beside the fake X, the bot's variables for them (as `test/support/harness.ts` sets them), and where each
 * fake shows a post: the request that created it, with the moment the fake received it.
 */
import { startFakeBluesky, type FakeBluesky } from '../../test/support/fakeBluesky.js';
import { startFakeMastodon, type FakeMastodon } from '../../test/support/fakeMastodon.js';
import type { FakeX } from '../../test/support/fakeX.js';

import { NETWORKS, type NetworkName } from '../../src/networks/network.js';

export { NETWORKS, type NetworkName };

export interface OtherNetworks {
  mastodon: FakeMastodon;
  bluesky: FakeBluesky;
  /** MASTODON_URL, MASTODON_TOKEN, BLUESKY_HANDLE, BLUESKY_APP_PASSWORD, BLUESKY_SERVICE for the bot. */
  env: Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startOtherNetworks(): Promise<OtherNetworks> {
  // The fakes hold the real limits (Mastodon: 300 posts per 3 hours and 300 requests per 5 minutes; a
  // Bluesky PDS: 5,000 write points an hour, 3 a post); the bench posts hundreds in a minute, and
  // measures the bot, not the networks' limits (a cell posts a few dozen a day).
  const mastodon = await startFakeMastodon({
    rateLimits: { account: { limit: 1_000_000, periodSeconds: 300 }, statuses: { limit: 1_000_000, periodSeconds: 10_800 } },
  });
  const bluesky = await startFakeBluesky({ writePointsPerHour: 1_000_000 });
  return {
    mastodon,
    bluesky,
    env: {
      MASTODON_URL: mastodon.origin,
      MASTODON_TOKEN: 'mastodon-token',
      BLUESKY_HANDLE: bluesky.handle,
      BLUESKY_APP_PASSWORD: bluesky.appPassword,
      BLUESKY_SERVICE: bluesky.origin,
    },
    // Requests and posts forgotten; Bluesky's accounts and sessions stay (the bot's login stays valid).
    reset() {
      mastodon.reset();
      bluesky.reset();
    },
    close: () => Promise.all([mastodon.close(), bluesky.close()]).then(() => undefined),
  };
}

/** Per network, how many of its fake's requests have been looked at already. */
type Cursors = Record<NetworkName, number>;

export function cursorsNow(x: FakeX, others: OtherNetworks): Cursors {
  return { x: x.requests.length, mastodon: others.mastodon.requests.length, bluesky: others.bluesky.requests.length };
}

/**
 * When the fake of `network` received the post whose text contains `marker` (`performance.now()` of this
 * process), looking at its requests from `from` on; null while none did. A post is `POST /2/tweets` on X,
 * `POST /api/v1/statuses` on Mastodon, `com.atproto.repo.createRecord` on Bluesky.
 */
export function postReceivedAt(network: NetworkName, x: FakeX, others: OtherNetworks, marker: string, from: number): number | null {
  switch (network) {
    case 'x':
      for (let i = from; i < x.requests.length; i++) {
        const r = x.requests[i]!;
        if (r.method === 'POST' && r.path === '/2/tweets' && typeof r.body?.text === 'string' && r.body.text.includes(marker)) return r.receivedAt;
      }
      return null;
    case 'mastodon':
      for (let i = from; i < others.mastodon.requests.length; i++) {
        const r = others.mastodon.requests[i]!;
        if (r.method === 'POST' && r.path === '/api/v1/statuses' && typeof r.body.status === 'string' && r.body.status.includes(marker)) return r.receivedAt;
      }
      return null;
    case 'bluesky':
      for (let i = from; i < others.bluesky.requests.length; i++) {
        const r = others.bluesky.requests[i]!;
        if (r.nsid === 'com.atproto.repo.createRecord' && typeof r.body?.record?.text === 'string' && r.body.record.text.includes(marker)) return r.receivedAt;
      }
      return null;
  }
}

/** A five-part thread, realistic in length and wording; each part ends with `<tag> pK` (K = 1..5). */
export function threadText(tag: string): string {
  const parts = [
    `\u26a0\ufe0f Incendie de v\u00e9g\u00e9tation \u00e0 Vendargues : une quarantaine d\u2019hectares parcourus, 120 sapeurs-pompiers engag\u00e9s. ${tag} p1`,
    `La RD 613 est ferm\u00e9e entre Vendargues et Castries dans les deux sens. D\u00e9viation par l\u2019A709, sortie 28. ${tag} p2`,
    `Les habitants du lotissement des Garrigues sont invit\u00e9s \u00e0 rester chez eux, portes et fen\u00eatres ferm\u00e9es. ${tag} p3`,
    `Deux bombardiers d\u2019eau et un h\u00e9licopt\u00e8re sont en appui. Ne vous approchez pas du secteur, laissez passer les secours. ${tag} p4`,
    `Prochain point de situation \u00e0 18 h. Infos : https://www.example.gouv.fr/incendie-vendargues ${tag} p5`,
  ];
  return parts.join('\n---\n');
}
