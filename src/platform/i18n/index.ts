import { DateTime } from 'luxon';
import type { Locale } from '../config.js';
import { en } from './en.js';
import { fr, type Catalogue } from './fr.js';

export type { Catalogue };

export const catalogues: Record<Locale, Catalogue> = { fr, en };

/** The words the bot uses, plus how it writes times and lists, for one team. */
export interface Texts {
  t: Catalogue;
  /** A moment as the team reads it, in its time zone: `sam. 21 nov. 14:30`. */
  time(at: Date): string;
  /** A moment as the composer's time field takes it back: `2026-11-21 14:30`. */
  wallClock(at: Date): string;
  /** `a, b et c` */
  list(items: readonly string[]): string;
}

export function texts(locale: Locale, timeZone: string): Texts {
  const t = catalogues[locale];
  return {
    t,
    time: (at) =>
      DateTime.fromJSDate(at, { zone: timeZone }).setLocale(t.localeTag).toFormat(locale === 'fr' ? "ccc d LLL HH'h'mm" : 'ccc d LLL HH:mm'),
    wallClock: (at) => DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm'),
    list: (items) =>
      items.length <= 1
        ? (items[0] ?? '')
        : `${items.slice(0, -1).join(t.listSeparator)}${t.lastSeparator}${items[items.length - 1]}`,
  };
}
