/** The gallery, built: both locales' nights played against the fakes, and the page drawn from them. */
import type { Locale } from '../../src/platform/config.js';
import { TEAM } from '../../test/support/harness.js';
import { type Night, PEOPLE, playNight } from './night.js';
import { galleryHtml } from './page.js';

export const LOCALES: readonly Locale[] = ['fr', 'en'];

export async function buildGallery(locales: readonly Locale[] = LOCALES): Promise<{ html: string; nights: Night[] }> {
  // One night after the other: each is its own bot, fakes and database, and the page reads them in order.
  const nights: Night[] = [];
  for (const locale of locales) nights.push(await playNight(locale));
  return { html: galleryHtml(nights, { people: PEOPLE, channels: { [TEAM]: 'cellule-com' } }), nights };
}
