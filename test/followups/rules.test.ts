/**
 * The pure rules of follow-ups: the `/followup` command's grammar (every sub-command, alias and
 * problem), who a reminder mentions, when `@here` is added, and when a follow-up is due.
 */
import { describe, expect, it } from 'vitest';
import { dueAt, escalates, parseFollowupCommand, reminderTarget } from '../../src/followups/rules.js';

const MAX = 280;
const parse = (text: string, max = MAX) => parseFollowupCommand(text, max);

describe('parseFollowupCommand', () => {
  it('shows the help for an empty text, `help` and `aide`', () => {
    expect(parse('')).toEqual({ kind: 'help' });
    expect(parse('   \n ')).toEqual({ kind: 'help' });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('aide')).toEqual({ kind: 'help' });
    expect(parse('HELP')).toEqual({ kind: 'help' });
  });

  it('lists with `list` and `liste`, in any case', () => {
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('liste')).toEqual({ kind: 'list' });
    expect(parse('  List  ')).toEqual({ kind: 'list' });
  });

  it('refuses words after `list` and `help`', () => {
    expect(parse('list tout')).toEqual({ kind: 'invalid', problem: { code: 'too_many_words', subcommand: 'list', extra: 'tout' } });
    expect(parse('aide moi vite')).toEqual({
      kind: 'invalid',
      problem: { code: 'too_many_words', subcommand: 'aide', extra: 'moi vite' },
    });
  });

  it('opens with `open` and `ouvrir`, a REF written `#12` or `12`, and a DURATION', () => {
    expect(parse('open #12 2h')).toEqual({ kind: 'open', ref: 12, seconds: 7200 });
    expect(parse('ouvrir 12 1h30m')).toEqual({ kind: 'open', ref: 12, seconds: 5400 });
    expect(parse('OPEN #3 90s')).toEqual({ kind: 'open', ref: 3, seconds: 90 });
    expect(parse('open #3 1d')).toEqual({ kind: 'open', ref: 3, seconds: 86_400 });
  });

  it('snoozes with `snooze` and `reporter`', () => {
    expect(parse('snooze #4 30m')).toEqual({ kind: 'snooze', ref: 4, seconds: 1800 });
    expect(parse('reporter 4 45m')).toEqual({ kind: 'snooze', ref: 4, seconds: 2700 });
    expect(parse('Snooze   #4\t15m')).toEqual({ kind: 'snooze', ref: 4, seconds: 900 });
  });

  it('closes with `done` and `clore`, the reason optional and kept as written (decoded from Slack)', () => {
    expect(parse('done #5')).toEqual({ kind: 'done', ref: 5, reason: null });
    expect(parse('clore 5   ')).toEqual({ kind: 'done', ref: 5, reason: null });
    expect(parse('done #5 fausse   alerte, RAS')).toEqual({ kind: 'done', ref: 5, reason: 'fausse   alerte, RAS' });
    expect(parse('clore #5 fin &amp; levée &lt;du&gt; dispositif')).toEqual({ kind: 'done', ref: 5, reason: 'fin & levée <du> dispositif' });
    // The REF's digits appearing again in the reason do not confuse where the reason starts.
    expect(parse('done 5 5 véhicules dégagés')).toEqual({ kind: 'done', ref: 5, reason: '5 véhicules dégagés' });
  });

  it('proposes the closing tweet with `REF text`, decoding what Slack encoded', () => {
    expect(parse('#12 Intervention terminée, circulation rétablie.')).toEqual({
      kind: 'propose',
      ref: 12,
      text: 'Intervention terminée, circulation rétablie.',
      weightedLength: 44,
    });
    const decoded = parse('12 Merci &lt;3 à <@U123|bob> &amp; <https://exemple.fr|exemple.fr>');
    expect(decoded).toMatchObject({ kind: 'propose', ref: 12, text: 'Merci <3 à @bob & exemple.fr' });
    // Line breaks inside the text are kept.
    expect(parse('#2 Fin.\nMerci.')).toMatchObject({ kind: 'propose', ref: 2, text: 'Fin.\nMerci.' });
  });

  it('checks the closing text like a tweet: empty, control characters, too long', () => {
    expect(parse('#12')).toEqual({ kind: 'invalid', problem: { code: 'empty' } });
    expect(parse('#12    ')).toEqual({ kind: 'invalid', problem: { code: 'empty' } });
    expect(parse('#12 Fin\u0007')).toEqual({ kind: 'invalid', problem: { code: 'control_chars', chars: ['U+0007'] } });
    expect(parse(`#12 ${'a'.repeat(21)}`, 20)).toEqual({
      kind: 'invalid',
      problem: { code: 'too_long', network: 'x', weightedLength: 21, max: 20, over: 1, others: [] },
    });
    expect(parse(`#12 ${'a'.repeat(20)}`, 20)).toMatchObject({ kind: 'propose', weightedLength: 20 });
  });

  it('names an unknown sub-command', () => {
    expect(parse('close #1')).toEqual({ kind: 'invalid', problem: { code: 'unknown_subcommand', word: 'close' } });
    expect(parse('snoze #1 30m')).toEqual({ kind: 'invalid', problem: { code: 'unknown_subcommand', word: 'snoze' } });
    expect(parse('#abc texte')).toEqual({ kind: 'invalid', problem: { code: 'unknown_subcommand', word: '#abc' } });
    // Decoded first: the word is what the person typed.
    expect(parse('&lt;b&gt;')).toEqual({ kind: 'invalid', problem: { code: 'unknown_subcommand', word: '<b>' } });
  });

  it('wants a REF after open, snooze and done', () => {
    expect(parse('open')).toEqual({ kind: 'invalid', problem: { code: 'missing_ref', subcommand: 'open' } });
    expect(parse('reporter')).toEqual({ kind: 'invalid', problem: { code: 'missing_ref', subcommand: 'reporter' } });
    expect(parse('done   ')).toEqual({ kind: 'invalid', problem: { code: 'missing_ref', subcommand: 'done' } });
  });

  it('refuses a REF that is not a positive number', () => {
    expect(parse('snooze abc 30m')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: 'abc' } });
    expect(parse('open #0 1h')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '#0' } });
    expect(parse('done #-1')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '#-1' } });
    expect(parse('clore ##1')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '##1' } });
    // Beyond what a number holds exactly, it would be echoed as another REF than the one typed.
    expect(parse('snooze #99999999999999999999 30m')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '#99999999999999999999' } });
    expect(parse('#99999999999999999999 Fin.')).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '#99999999999999999999' } });
  });

  it('wants a DURATION after the REF of open and snooze', () => {
    expect(parse('open #1')).toEqual({ kind: 'invalid', problem: { code: 'missing_duration', subcommand: 'open' } });
    expect(parse('snooze 1')).toEqual({ kind: 'invalid', problem: { code: 'missing_duration', subcommand: 'snooze' } });
  });

  it('refuses a DURATION that does not parse', () => {
    for (const value of ['demain', '1.5h', '-2m', '30', 'h', '30min', '2 h']) {
      const parsed = parse(`snooze #1 ${value}`);
      // `2 h` splits into a duration `2` (unparsable) and extra words: the duration is reported first.
      expect(parsed, value).toEqual({ kind: 'invalid', problem: { code: 'bad_duration', value: value.split(' ')[0] } });
    }
    expect(parse('open #1 bientôt')).toEqual({ kind: 'invalid', problem: { code: 'bad_duration', value: 'bientôt' } });
  });

  it('refuses a zero DURATION', () => {
    expect(parse('snooze #1 0m')).toEqual({ kind: 'invalid', problem: { code: 'zero_duration', value: '0m' } });
    expect(parse('open #1 0h0m0s')).toEqual({ kind: 'invalid', problem: { code: 'zero_duration', value: '0h0m0s' } });
  });

  it('refuses words after the DURATION', () => {
    expect(parse('snooze #1 30m stp')).toEqual({
      kind: 'invalid',
      problem: { code: 'too_many_words', subcommand: 'snooze', extra: 'stp' },
    });
    expect(parse('ouvrir #1 2h pour voir')).toEqual({
      kind: 'invalid',
      problem: { code: 'too_many_words', subcommand: 'ouvrir', extra: 'pour voir' },
    });
  });
});

describe('reminderTarget', () => {
  it('mentions the member on duty, else the author', () => {
    expect(reminderTarget('UBOB', 'UAUTHOR')).toBe('UBOB');
    expect(reminderTarget(null, 'UAUTHOR')).toBe('UAUTHOR');
    expect(reminderTarget('UAUTHOR', 'UAUTHOR')).toBe('UAUTHOR');
  });
});

describe('escalates', () => {
  it('adds @here only after FOLLOWUP_ESCALATE_AFTER unanswered reminders', () => {
    expect([1, 2, 3, 4, 5].map((n) => escalates(n, 3))).toEqual([false, false, false, true, true]);
    expect([1, 2, 3].map((n) => escalates(n, 1))).toEqual([false, true, true]);
  });

  it('never adds @here when FOLLOWUP_ESCALATE_AFTER is 0', () => {
    expect([1, 2, 3, 10, 1000].map((n) => escalates(n, 0))).toEqual([false, false, false, false, false]);
  });
});

describe('dueAt', () => {
  it('is the publication time plus the delay', () => {
    expect(dueAt(new Date('2026-11-21T10:00:00Z'), 7200).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(dueAt(new Date('2026-11-21T10:00:30.250Z'), 90).toISOString()).toBe('2026-11-21T10:02:00.250Z');
    expect(dueAt(new Date('2026-11-21T23:30:00Z'), 86_400).toISOString()).toBe('2026-11-22T23:30:00.000Z');
  });

  it('counts elapsed time across a daylight-saving change, not wall-clock time', () => {
    // 01:30 in Paris on the night clocks go forward, plus 2h: 04:30 on the wall (elapsed, not 03:30).
    expect(dueAt(new Date('2026-03-29T00:30:00Z'), 7200).toISOString()).toBe('2026-03-29T02:30:00.000Z');
    // The night clocks go back: 2h after 01:30 CEST is 02:30 CET.
    expect(dueAt(new Date('2026-10-24T23:30:00Z'), 7200).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('one reference parser for every command', () => {
  it('refuses #0 where /tweet --reply refuses it', async () => {
    const { parseFollowupCommand } = await import('../../src/followups/rules.js');
    expect(parseFollowupCommand('#0 Fin de l’intervention.', 280)).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '#0' } });
    expect(parseFollowupCommand('done 007', 280)).toEqual({ kind: 'invalid', problem: { code: 'bad_ref', value: '007' } });
    expect(parseFollowupCommand('done #7', 280)).toEqual({ kind: 'done', ref: 7, reason: null });
  });
});
