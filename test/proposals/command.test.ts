import { describe, expect, it } from 'vitest';
import { parseTweetCommand, TWEET_OPTIONS, type CommandProblem, type Draft } from '../../src/proposals/command.js';

// 12:00 in Paris (summer time, UTC+2).
const NOON = new Date('2026-06-15T10:00:00Z');
const ctx = { maxLength: 280, timeZone: 'Europe/Paris', now: NOON };
const KNOWN = ['--followup', '--suivi', '--at', '--a', '--reply', '--on', '--sur', '--template', '--modele'];

function draft(text: string, at: Partial<typeof ctx> = {}): Draft {
  const result = parseTweetCommand(text, { ...ctx, ...at });
  if (result.kind !== 'draft') throw new Error(`expected a draft, got ${JSON.stringify(result)}`);
  return result.draft;
}

function problems(text: string, at: Partial<typeof ctx> = {}): CommandProblem[] {
  const result = parseTweetCommand(text, { ...ctx, ...at });
  if (result.kind !== 'invalid') throw new Error(`expected problems, got ${JSON.stringify(result)}`);
  return result.problems;
}

describe('what to do', () => {
  it('opens the composer for a blank text', () => {
    for (const text of ['', '   ', '\n']) expect(parseTweetCommand(text, ctx)).toEqual({ kind: 'composer' });
  });

  it('shows help for help or aide alone, in any case', () => {
    for (const text of ['help', 'aide', ' AIDE ', 'Help', '--help']) {
      expect(parseTweetCommand(text, ctx)).toEqual({ kind: 'help' });
    }
    expect(draft('aide aux victimes : 116 006').text).toBe('aide aux victimes : 116 006');
  });

  it('makes a draft of a plain text, with its weighted length and no options', () => {
    expect(draft('Accident sur l’A9 à Montpellier, évitez le secteur.')).toEqual({
      text: 'Accident sur l’A9 à Montpellier, évitez le secteur.',
      parts: ['Accident sur l’A9 à Montpellier, évitez le secteur.'],
      numbered: false,
      weightedLength: 51,
      followupSeconds: null,
      publishAt: null,
      replyToRef: null,
      networks: null,
    });
  });
});

describe('the text', () => {
  it('is what the person typed, not Slack’s encoding', () => {
    expect(draft('Vols &amp; cambriolages').text).toBe('Vols & cambriolages');
    expect(draft('Infos : <https://x.fr/a>').text).toBe('Infos : https://x.fr/a');
    expect(draft('&lt;!channel&gt; reste du texte').text).toBe('<!channel> reste du texte');
    expect(draft('T &lt; 0 °C').text).toBe('T < 0 °C');
  });

  it('keeps its lines and inner spacing, trimming only around it', () => {
    const text = 'Ligne 1\n\n  - point A\n  - point B\tfin';
    expect(draft(`--followup 2h \n${text}  \n`).text).toBe(text);
    expect(draft(`Ligne 1\r\nLigne 2`).text).toBe('Ligne 1\nLigne 2');
  });

  it('may begin with -- after a lone --', () => {
    expect(draft('-- --- ALERTE ---').text).toBe('--- ALERTE ---');
    const text = '--followup n’est pas une option ici';
    expect(draft(`--at 14:00 -- ${text}`)).toMatchObject({ text, followupSeconds: null });
  });

  it('may begin with a single dash or a dash sentence', () => {
    expect(draft('- Routes glissantes').text).toBe('- Routes glissantes');
    expect(draft('-5°C ce matin').text).toBe('-5°C ce matin');
    expect(draft('— Point de situation').text).toBe('— Point de situation');
    expect(draft('—Alerte météo').text).toBe('—Alerte météo');
  });

  it('is refused when empty after the options', () => {
    expect(problems('--followup 2h')).toEqual([{ code: 'empty' }]);
    expect(problems('--followup 2h   \n ')).toEqual([{ code: 'empty' }]);
  });

  it('is refused when too long, with the count, against the configured limit', () => {
    expect(problems('a'.repeat(281))).toEqual([{ code: 'too_long', network: 'x', weightedLength: 281, max: 280, over: 1, others: [] }]);
    expect(problems('a'.repeat(101), { maxLength: 100 })).toEqual([
      { code: 'too_long', network: 'x', weightedLength: 101, max: 100, over: 1, others: [] },
    ]);
  });

  it('is refused with control characters', () => {
    expect(problems('Alerte\u0007')).toEqual([{ code: 'control_chars', chars: ['U+0007'] }]);
  });
});

describe('options', () => {
  it('are read in any order, before the text', () => {
    const d = draft('--reply #12 --followup 1h30m --at 14:30 Intervention terminée');
    expect(d).toMatchObject({
      text: 'Intervention terminée',
      replyToRef: 12,
      followupSeconds: 5_400,
      publishAt: new Date('2026-06-15T12:30:00Z'),
    });
  });

  it('have aliases, any case, and a --name=value form', () => {
    expect(draft('--suivi 45m T').followupSeconds).toBe(2_700);
    expect(draft('--FOLLOWUP=2h T').followupSeconds).toBe(7_200);
    expect(draft('--a 14:30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--à 14:30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--a\u0300 14:30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--reply=7 T').replyToRef).toBe(7);
  });

  it('survive the em and en dashes phones and Macs put in place of --', () => {
    expect(draft('—followup 2h T')).toMatchObject({ followupSeconds: 7_200, text: 'T' });
    expect(draft('–suivi 2h —at 14:30 T')).toMatchObject({ followupSeconds: 7_200, text: 'T' });
    expect(draft('—reply=3 T').replyToRef).toBe(3);
  });

  it('are only read before the text', () => {
    expect(draft('Bilan --followup 2h').text).toBe('Bilan --followup 2h');
  });

  it('refuses an unknown option, naming it and the known ones, and never publishes it', () => {
    expect(problems('--folowup 2h texte')).toEqual([{ code: 'unknown_option', option: '--folowup', known: KNOWN }]);
    expect(problems('--suivi 2h --Repyl=3 texte')).toEqual([{ code: 'unknown_option', option: '--Repyl', known: KNOWN }]);
    expect(TWEET_OPTIONS.flatMap((o) => o.names)).toEqual(KNOWN);
  });

  it('reports every problem at once', () => {
    expect(problems(`--folowup 2h --at 25:00 --reply x ${'a'.repeat(300)}`)).toEqual([
      { code: 'unknown_option', option: '--folowup', known: KNOWN },
      { code: 'bad_time', value: '25:00' },
      { code: 'bad_ref', value: 'x' },
      { code: 'too_long', network: 'x', weightedLength: 300, max: 280, over: 20, others: [] },
    ]);
    // Without options after it, the unknown option's word may be the text's first: kept as text.
    expect(problems(`--folowup 2h ${'a'.repeat(280)}`)).toEqual([
      { code: 'unknown_option', option: '--folowup', known: KNOWN },
      { code: 'too_long', network: 'x', weightedLength: 283, max: 280, over: 3, others: [] },
    ]);
  });

  it('refuses a missing value', () => {
    expect(problems('--followup')).toEqual([{ code: 'missing_value', option: '--followup' }, { code: 'empty' }]);
    expect(problems('--followup= T')).toEqual([{ code: 'missing_value', option: '--followup' }]);
    expect(problems('--followup --at 14:00 T')).toEqual([{ code: 'missing_value', option: '--followup' }]);
  });

  it('refuses the same option twice, aliases included', () => {
    expect(problems('--followup 1h --suivi 2h T')).toEqual([{ code: 'duplicate_option', option: '--suivi' }]);
    expect(problems('--at 14:00 --a 15:00 T')).toEqual([{ code: 'duplicate_option', option: '--a' }]);
    expect(problems('--reply 1 --reply 2 T')).toEqual([{ code: 'duplicate_option', option: '--reply' }]);
  });
});

describe('--followup DURATION', () => {
  it.each([
    ['90s', 90],
    ['45m', 2_700],
    ['1d', 86_400],
  ])('%s', (value, seconds) => {
    expect(draft(`--followup ${value} T`).followupSeconds).toBe(seconds);
  });

  it('refuses what is not a DURATION, and zero', () => {
    expect(problems('--followup 1.5h T')).toEqual([{ code: 'bad_duration', option: '--followup', value: '1.5h' }]);
    expect(problems('--suivi -2m T')).toEqual([{ code: 'bad_duration', option: '--suivi', value: '-2m' }]);
    expect(problems('--suivi 0m T')).toEqual([{ code: 'zero_duration', option: '--suivi', value: '0m' }]);
  });
});

describe('--reply REF', () => {
  it('takes #12 or 12', () => {
    expect(draft('--reply #12 T').replyToRef).toBe(12);
    expect(draft('--reply 12 T').replyToRef).toBe(12);
  });

  it.each(['#0', '0', '-3', '12a', '#', '1.5', '99999999999999999999'])('refuses %s', (value) => {
    expect(problems(`--reply ${value} T`)).toEqual([{ code: 'bad_ref', value }]);
  });
});

describe('--at TIME', () => {
  it('takes HH:MM, H:MM and 14h30 in the team zone, today when still ahead', () => {
    expect(draft('--at 14:30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--at 14h30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--at 14H30 T').publishAt).toEqual(new Date('2026-06-15T12:30:00Z'));
    expect(draft('--at 9:05 T').publishAt).toEqual(new Date('2026-06-16T07:05:00Z'));
    expect(draft('--at 12:00 T').publishAt).toEqual(NOON);
    // The minute under way is not past: publish now rather than tomorrow.
    expect(draft('--at 12:00 T', { now: new Date('2026-06-15T10:00:40Z') }).publishAt).toEqual(NOON);
    expect(draft('--at 2026-06-15 12:00 T', { now: new Date('2026-06-15T10:00:40Z') }).publishAt).toEqual(NOON);
  });

  it('means tomorrow for a bare time already past today', () => {
    expect(draft('--at 11:59 T').publishAt).toEqual(new Date('2026-06-16T09:59:00Z'));
    expect(draft('--at 00:00 T').publishAt).toEqual(new Date('2026-06-15T22:00:00Z'));
  });

  it('takes a full date and time, two tokens', () => {
    expect(draft('--at 2026-07-14 10:00 Défilé').publishAt).toEqual(new Date('2026-07-14T08:00:00Z'));
    expect(draft('--at=2026-12-24 18:00 Réveillon')).toMatchObject({
      publishAt: new Date('2026-12-24T17:00:00Z'),
      text: 'Réveillon',
    });
  });

  it('refuses a full date and time in the past', () => {
    expect(problems('--at 2026-06-15 11:59 T')).toEqual([{ code: 'past_time', value: '2026-06-15 11:59' }]);
  });

  const badTimes = ['25:00', '12:60', '14h', '1430', '2026-13-01 10:00', '2026-02-30 10:00', 'demain'];
  it.each(badTimes)('refuses %s', (value) => {
    expect(problems(`--at ${value} T`)).toEqual([{ code: 'bad_time', value }]);
  });

  it('refuses a date without a time, leaving the next word as text', () => {
    expect(problems('--at 2026-07-14')).toEqual([{ code: 'bad_time', value: '2026-07-14' }, { code: 'empty' }]);
    expect(problems('--at 2026-07-14 Défilé')).toEqual([{ code: 'bad_time', value: '2026-07-14' }]);
  });

  describe('around daylight-saving changes in Europe/Paris', () => {
    it('refuses a time in the spring-forward gap (2026-03-29 02:00–03:00 does not exist)', () => {
      const now = new Date('2026-03-28T12:00:00Z');
      expect(problems('--at 2026-03-29 02:30 T', { now })).toEqual([
        { code: 'nonexistent_time', value: '2026-03-29 02:30' },
      ]);
      // Asked at 01:00 that night, a bare 02:30 is today's, which does not exist.
      expect(problems('--at 02:30 T', { now: new Date('2026-03-29T00:00:00Z') })).toEqual([
        { code: 'nonexistent_time', value: '02:30' },
      ]);
      expect(draft('--at 2026-03-29 03:00 T', { now }).publishAt).toEqual(new Date('2026-03-29T01:00:00Z'));
    });

    it('resolves a bare time across the change to the right instant', () => {
      // 23:00 in Paris (UTC+1) on the eve of the change: 01:30 is tomorrow, still UTC+1.
      const eve = new Date('2026-03-28T22:00:00Z');
      expect(draft('--at 01:30 T', { now: eve }).publishAt).toEqual(new Date('2026-03-29T00:30:00Z'));
      // 04:00 is after the change: UTC+2.
      expect(draft('--at 04:00 T', { now: eve }).publishAt).toEqual(new Date('2026-03-29T02:00:00Z'));
      // Asked at 03:30 (after the gap), a bare 02:30 is past today and means the next day's.
      expect(draft('--at 02:30 T', { now: new Date('2026-03-29T01:30:00Z') }).publishAt).toEqual(
        new Date('2026-03-30T00:30:00Z'),
      );
    });

    it('takes the first occurrence of the autumn hour that happens twice, unless it is past', () => {
      const now = new Date('2026-10-24T12:00:00Z');
      expect(draft('--at 2026-10-25 02:30 T', { now }).publishAt).toEqual(new Date('2026-10-25T00:30:00Z'));
      expect(draft('--at 2026-10-25 03:30 T', { now }).publishAt).toEqual(new Date('2026-10-25T02:30:00Z'));
      // 23:00 on the eve (UTC+2): a bare 02:30 is the first one too.
      expect(draft('--at 02:30 T', { now: new Date('2026-10-24T21:00:00Z') }).publishAt).toEqual(
        new Date('2026-10-25T00:30:00Z'),
      );
      // At 02:10 the second time round (UTC+1), the next 02:30 is the second one, 20 minutes on.
      const secondPass = new Date('2026-10-25T01:10:00Z');
      expect(draft('--at 02:30 T', { now: secondPass }).publishAt).toEqual(new Date('2026-10-25T01:30:00Z'));
      expect(draft('--at 2026-10-25 02:30 T', { now: secondPass }).publishAt).toEqual(
        new Date('2026-10-25T01:30:00Z'),
      );
      expect(problems('--at 2026-10-25 02:30 T', { now: new Date('2026-10-25T01:31:00Z') })).toEqual([
        { code: 'past_time', value: '2026-10-25 02:30' },
      ]);
    });
  });
});
