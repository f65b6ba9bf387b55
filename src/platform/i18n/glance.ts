import type { Locale } from '../config.js';
import { escapeForSlack } from '../slackText.js';
import type { Catalogue, Texts } from './index.js';
import { duration, late, when, whenPhrase } from './when.js';

/**
 * How the cell reads a message at one moment: its words, times relative to that moment in the cell's
 * zone ("14:30", "hier 22:10", "en retard de 1 h 40 (prévu à 00:27)"), and people by their names. Built
 * per rendering, so a message rendered again later speaks of its own moment.
 */
export interface Glance {
  t: Catalogue;
  texts: Texts;
  locale: Locale;
  now: Date;
  /** "14:30", "hier 22:10", "lun. 30 nov. 14:30". */
  when(at: Date): string;
  /** After a verb: "à 14:30", "hier à 22:10" (English: as `when`). */
  whenPhrase(at: Date): string;
  /** "en retard de 1 h 40 (prévu à 00:27)", or "prévu à 14:30 (dans 25 min)" before it is due. */
  late(due: Date): string;
  /** "1 h 40", "25 min". */
  duration(seconds: number): string;
  /** A person as the team knows them, without notifying them (escaped for mrkdwn); a mention until the name is known. */
  name(userId: string): string;
}

/** What a glance is made from: fixed for the bot's life. */
export interface GlanceSource {
  texts: Texts;
  locale: Locale;
  timeZone: string;
  /** The stored name of a person (`People.name`): a `<@U…>` mention when not known yet. */
  name?: (userId: string) => string;
}

export function glance(source: GlanceSource, now: Date): Glance {
  const { locale, timeZone: zone } = source;
  return {
    t: source.texts.t,
    texts: source.texts,
    locale,
    now,
    when: (at) => when(at, now, zone, locale),
    whenPhrase: (at) => whenPhrase(at, now, zone, locale),
    late: (due) => late(due, now, zone, locale),
    duration: (seconds) => duration(seconds, locale),
    name: (userId) => personName(userId, source.name),
  };
}

/** A stored name is what a person typed in their profile: escaped, so `<`, `&` show as typed and notify nobody. */
function personName(userId: string, lookup?: (userId: string) => string): string {
  const mention = `<@${userId}>`;
  const name = lookup?.(userId) ?? mention;
  return name === mention ? mention : escapeForSlack(name);
}
