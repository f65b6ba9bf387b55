/**
 * Hostile input through the real bot (spec, "Bad input"): a malformed payload never crashes the
 * process, and bad input changes nothing. Deterministic (a fixed seed, a PRNG of our own) and bounded,
 * so a failure replays exactly; one bot for the file, to stay fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import querystring from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSlack } from '../src/platform/slackText.js';
import { joinParts, splitParts } from '../src/proposals/thread.js';
import { isCut } from '../src/proposals/preview.js';
import { weightedLength } from '../src/proposals/tweetText.js';
import { startFakeSlack } from './support/fakeSlack.js';
import { ALICE, AUTHOR, BOB, CAROL, OUTSIDER, SECRET, TEAM, mrkdwnOf, startHarness, type Harness } from './support/harness.js';
import { startProgram } from './support/program.js';
import { escapeLikeSlack, signSlackRequest, slackSender } from './support/slackRequests.js';
import { waitFor } from './support/waitFor.js';

const SEED = 0x5eed_c0de;
const FORM = 'application/x-www-form-urlencoded';
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** mulberry32: tiny, fast, and the same numbers on every machine. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// Words, Slack markup as Slack sends it and broken, entities, option-like tokens, tweet entities.
const PIECES = [
  'Accident', 'sur', 'l’A9', 'Montpellier', 'évitez', 'le', 'secteur.', '«', '»', '…', '-5°C', '17', 'RAS',
  '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U1|x>', '<#C1|général>', '<!subteam^S1|@cellule>',
  '<!date^1700000000^{date}|hier>', '<https://www.interieur.gouv.fr>', '<https://ex.fr|ex.fr>', '<mailto:a@b.fr|a@b.fr>',
  '<', '>', '<<', '<|>', '<>', '|', '&amp;', '&lt;', '&gt;', '&amp;lt;', '&', '&#60;', '&quot;', '&lt;!channel&gt;',
  '--', '---', '--followup', '--suivi', '--at', '--a', '--à', '--reply', '--help', '—suivi', '–at', '--=', '--followup=2h',
  '#A9', '$EUR', '@prefet34', 'https://x.com/a/status/1', 'www.ex.fr', 'ex.fr/a?b=c&d=e',
  '%', '%41', '%%', '%E9', '%00', 'help', 'aide', 'HELP',
];
// Single characters and sequences that trouble text handling; the first group is harmless to X.
const CLEAN_CHARS = [
  'é', 'e\u0301', 'ß', 'Ⅻ', '漢字', 'עברית', 'العربية', '😀', '👮‍♀️', '🇫🇷', '👍🏽', '𝕏', '𠜎', 'Z̴̡̛', '\u00A0', '\u3000',
  '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\u2028', '\u2029', '\uFFFD', '\t',
];
const HOSTILE_CHARS = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\r', '\u001B', '\u007F', '\u0085', '\u009F',
  '\u00AD', '\uFEFF', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '', '  ', '\n', '\t', '\r\n', '\n\n'];
const DURATIONS = ['2h', '45m', '1h30m', '90s', '1d', '0m', '-1h', 'abc', '2', '', '99999999999999999999d', '٣h'];
const REFS = ['#1', '1', '#0', '0', '#x', '999999999999999999999', '#2'];
const TIMES = ['14:30', '25:00', '2030-01-01 10:00', '2001-01-01 10:00', 'hier', '9h', '99:99'];

// Texts that single out a rule: limits and their neighbours, blanks, markup alone, and the inputs that
// make twitter-text slow (its URL scanner is quadratic on these; each costs up to a second here).
const FIXED_TEXTS = [
  '', ' ', '\u200B', '\uFEFF', '\u00A0\u3000', '--', '-- ', '-- --followup 2h', '--followup', '--followup 2h',
  '--followup 2h Point de situation', '--suivi=45m Point de situation', '--reply #1 Texte', '—suivi 2h Texte',
  '– Point de situation', 'help', '--help', 'aide', '<!channel> Alerte', '&lt;!channel&gt; Alerte', '<@U1|x> merci',
  '&amp;amp;', '<', '>', '<<<', '<https://a.fr|<b>>', 'a'.repeat(280), 'a'.repeat(281), '😀'.repeat(140), '😀'.repeat(141),
  `https://a.fr/${'a'.repeat(5000)}`, 'Texte\u0000', 'Texte\r\nsuite', 'Texte\rsuite', 'x\u2028y', '%00', '\uD800', 'a\uDC00b',
  'a.'.repeat(10_000), 'www.'.repeat(5_000), `http://${'a-'.repeat(9_000)}.com`,
];

function codePoints(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng.float();
    if (r < 0.4) s += String.fromCharCode(0x20 + rng.int(0x5f));
    else if (r < 0.7) s += String.fromCharCode(rng.int(0x10000)); // any UTF-16 unit: controls and lone surrogates too
    else s += String.fromCodePoint(0x10000 + rng.int(0x100000));
  }
  return s;
}

function fuzzText(rng: Rng, hostile: boolean): string {
  if (rng.chance(0.02)) {
    const unit = rng.chance(0.5) ? rng.pick(PIECES) + ' ' : codePoints(rng, 1 + rng.int(4));
    const length = 1000 + rng.int(19_000);
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length); // may cut a surrogate pair: fine
  }
  let text = '';
  for (let n = 1 + rng.int(24); n > 0; n--) {
    const r = rng.float();
    const part =
      r < 0.5 ? rng.pick(PIECES) : r < 0.75 ? rng.pick(CLEAN_CHARS) : hostile ? (rng.chance(0.5) ? rng.pick(HOSTILE_CHARS) : codePoints(rng, 1 + rng.int(6))) : rng.pick(PIECES);
    text += part + rng.pick(SEPARATORS);
  }
  return text;
}

function optionPrefix(rng: Rng): string {
  const options: string[] = [];
  for (let n = 1 + rng.int(3); n > 0; n--) {
    options.push(
      rng.pick([
        () => `--followup ${rng.pick(DURATIONS)}`,
        () => `--suivi=${rng.pick(DURATIONS)}`,
        () => `—suivi ${rng.pick(DURATIONS)}`,
        () => `--reply ${rng.pick(REFS)}`,
        () => `--at ${rng.pick(TIMES)}`,
        () => `--${codePoints(rng, 1 + rng.int(12)).replace(/\s/g, '')}${rng.chance(0.5) ? ` ${rng.pick(PIECES)}` : ''}`,
        () => '--',
      ])(),
    );
  }
  return options.join(rng.pick([' ', '  ', '\n']));
}

/** The bot's real buttons, and one it does not have. */
const BUTTONS = ['proposal_retry', 'proposal_online', 'proposal_edit', 'handover_acknowledge', 'followup_propose_closing', 'followup_snooze_15', 'followup_close', 'zzz'];

/** Percent sequences that do not decode, spliced into an encoded form value. */
const BROKEN_PERCENT = ['%', '%G', '%4', '%C3%28', '%ED%A0%80', '%F0%9F', '%FF', '%00', '%0D', '%2', '%%'];

/** A form value's encoding; a lone surrogate, which has no UTF-8, goes as U+FFFD as a browser sends it. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** A `/tweet` exactly as Slack posts it, with the text's encoding given as is (so it may be broken). */
function commandBody(h: Harness, user: string, encodedText: string, n: number): string {
  const fields = new URLSearchParams({
    token: 'legacy-verification-token', team_id: 'T1', team_domain: 'comcell-test', channel_id: TEAM, channel_name: 'cellule-com',
    user_id: user, user_name: user.toLowerCase(), command: '/tweet', api_app_id: 'A1', is_enterprise_install: 'false',
    response_url: `${h.slack.origin}/response/fuzz${n}`, trigger_id: `${n}.1700000000.fuzz`,
  });
  return `${fields.toString()}&text=${encodedText}`;
}

async function eachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

type Row = { ref: number; author_id: string; state: string; text: string; weighted_length: number; message_ts: string | null };
type Counts = { proposals: number; versions: number; approvals: number; audit: number };

const storedProposals = (h: Harness) =>
  h.query<Row>('SELECT p.ref, p.author_id, p.state, v.text, v.weighted_length, v.message_ts FROM proposals p JOIN proposal_versions v ON v.ref = p.ref ORDER BY p.ref');
const counts = (h: Harness): Counts =>
  h.query<Counts>(
    `SELECT (SELECT count(*) FROM proposals) AS proposals, (SELECT count(*) FROM proposal_versions) AS versions,
            (SELECT count(*) FROM approvals) AS approvals, (SELECT count(*) FROM audit_log) AS audit`,
  )[0]!;
/** The stored proposal a Slack message shows: its ts is recorded just after Slack answers the post. */
const proposalShownBy = (h: Harness, ts: string) =>
  waitFor(() => h.query<Row>('SELECT p.ref, p.author_id, p.state, v.text, v.weighted_length, v.message_ts FROM proposals p JOIN proposal_versions v ON v.ref = p.ref WHERE v.message_ts = ?', ts)[0], `the proposal shown by message ${ts}`);

describe('hostile input through the real bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('2000 hostile /tweet texts: always answered, and only valid, exact texts are stored', async () => {
    const rng = new Rng(SEED);
    const inputs = FIXED_TEXTS.map((text) => ({ encoded: formEncode(text), user: AUTHOR }));
    while (inputs.length < 2000) {
      const body = fuzzText(rng, rng.chance(0.6));
      let text = rng.chance(0.3) ? `${optionPrefix(rng)}${rng.pick([' ', '\n'])}${body}` : body;
      if (rng.chance(0.2)) text = escapeLikeSlack(text); // as Slack really sends what people type
      let encoded = formEncode(text);
      if (rng.chance(0.1)) {
        const at = rng.int(encoded.length + 1);
        encoded = encoded.slice(0, at) + rng.pick(BROKEN_PERCENT) + encoded.slice(at);
      }
      inputs.push({ encoded, user: rng.chance(0.05) ? OUTSIDER : AUTHOR });
    }

    // The text as Bolt decodes it, and the ones the bot took.
    const accepted: string[] = [];
    await eachConcurrently(inputs, 8, async (input, n) => {
      const body = commandBody(h, input.user, input.encoded, n);
      const text = querystring.parse(body).text as string;
      const response = await h.send.raw(body, { 'content-type': FORM });
      expect(response.status, `status for input #${n}`).toBe(200);
      if (response.text === '') {
        // An empty acknowledgement: a proposal taken, or the composer for a blank text.
        if (fromSlack(text).trim() !== '') accepted.push(text);
        expect(input.user, `an outsider's input #${n} was taken`).toBe(AUTHOR);
      } else {
        expect(response.json, `answer to input #${n}`).toMatchObject({ response_type: 'ephemeral' });
        // Refusals echo options and values the person typed: escaped, so nothing in them notifies or links.
        expect(response.json.text, `refusal of input #${n}`).not.toContain('<');
      }
    });

    // Stored before the acknowledgement, so all there now; posted in the channel soon after.
    expect(storedProposals(h)).toHaveLength(accepted.length);
    const rows = await waitFor(() => {
      const all = storedProposals(h);
      return all.every((r) => r.message_ts !== null || r.state !== 'pending') && all;
    }, 'every accepted proposal posted, or given up', 20_000);
    // Some of each kind, or the generator is not doing its job.
    expect(accepted.length).toBeGreaterThan(200);
    expect(inputs.length - accepted.length).toBeGreaterThan(200);

    // A text led by an option-like word keeps a suffix of the input; any other is the whole input, trimmed.
    const exact = new Map<string, number>();
    const suffixOf: string[] = [];
    // A line holding only `---` makes a thread: the parts are stored trimmed, joined by `---` lines.
    const asStored = (typed: string) => joinParts(splitParts(typed));
    for (const text of accepted) {
      const typed = fromSlack(text);
      if (/^\s*(--|—|–)/.test(typed)) suffixOf.push(asStored(typed.trimEnd()));
      else exact.set(asStored(typed.trim()), (exact.get(asStored(typed.trim())) ?? 0) + 1);
    }
    for (const row of rows) {
      const where = `proposal #${row.ref} ${JSON.stringify(row.text.slice(0, 80))}`;
      expect(row.text.trim(), where).not.toBe('');
      expect(row.text, where).not.toMatch(CONTROL);
      const parts = splitParts(row.text);
      for (const part of parts) expect(weightedLength(part), where).toBeLessThanOrEqual(280);
      expect(row.weighted_length, where).toBe(Math.max(...parts.map(weightedLength)));
      expect(row.state, where).toBe('pending');
      expect(row.message_ts, `${where} has no message`).not.toBeNull();
      expect(row.author_id, where).toBe(AUTHOR);
      if ((exact.get(row.text) ?? 0) > 0) exact.set(row.text, exact.get(row.text)! - 1);
      else {
        const k = suffixOf.findIndex((typed) => typed.endsWith(row.text));
        expect(k, `${where} is not what anyone typed`).toBeGreaterThanOrEqual(0);
        suffixOf.splice(k, 1);
      }

      // The proposal message shows the text exactly (as sent, no-break spaces included), and nothing the person typed notifies or links.
      const message = h.slack.message(TEAM, row.message_ts!)!;
      const sent = h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.raw?.metadata?.event_payload?.key === `proposal:${row.ref}:v1`).at(-1)!.raw!;
      // A thread shows each part under its heading; a part too long for its share is shown cut, and whole in the thread.
      parts.forEach((part, i) => {
        if (!isCut(parts, i + 1)) return expect(JSON.stringify(sent.blocks), where).toContain(JSON.stringify(part));
        const full = h.slack.calls
          .filter((c) => c.method === 'chat.postMessage' && String(c.raw?.metadata?.event_payload?.key ?? '').startsWith(`proposal:${row.ref}:v1:text:${i + 1}:`))
          .flatMap((c) => c.raw!.blocks[0].elements.filter((e: any) => e.type === 'rich_text_quote').map((e: any) => e.elements[0].text));
        expect(full.join(''), `${where}, part ${i + 1} in full in the thread`).toBe(part);
      });
      for (const mrkdwn of mrkdwnOf(message)) expect(mrkdwn.replaceAll(`<@${AUTHOR}>`, ''), where).not.toContain('<');
    }
    // Anchors that do not lean on fromSlack: what a person typed, as the tweet must carry it.
    const texts = rows.map((r) => r.text);
    const anchors = ['<!channel> Alerte', '@channel Alerte', '&amp;', '@x merci', 'Point de situation', 'Texte', '--followup 2h',
      '– Point de situation', 'Texte\nsuite', 'a'.repeat(280), '😀'.repeat(140)];
    for (const expected of anchors) {
      expect(texts, expected).toContain(expected);
    }
  }, 60_000);

  it('adversarial reaction names and message timestamps approve nothing', async () => {
    const m = await h.propose('Texte de contrôle pour les réactions.');
    const { ref } = await proposalShownBy(h, m.ts);
    const rng = new Rng(SEED + 1);
    const names = [
      'White_Check_Mark', 'WHITE_CHECK_MARK', 'white_check_mark ', ' white_check_mark', 'white_check_mark\u200B', '\u200Bwhite_check_mark',
      'white_check_marks', 'white_check_mar', 'heavy_check_mark', 'ballot_box_with_check', 'white_check_mark::skin-tone-',
      'white_check_mark::skin-tone-x', 'white_check_mark:skin-tone-2', 'white_check_mark::skin-tone-2::skin-tone-3',
      'white_check_mark%', 'white_check_mark\u0000', 'white_check_mark\n', '✅', 'white\u2011check\u2011mark', 'whitе_check_mark',
      "white_check_mark' OR '1'='1", '%', '_', '*', '', 'X', 'x ', 'xx', 'heavy_multiplication_x', 'x'.repeat(10_000),
    ];
    // The rule as the spec words it (a skin tone counts as its base emoji), with colons stripped besides.
    const ours = (name: string) => ['white_check_mark', 'x'].includes(name.replace(/::skin-tone-\d+$/, '').replace(/^:+|:+$/g, ''));
    while (names.length < 80) {
      const name = rng.chance(0.5) ? fuzzText(rng, true).slice(0, 60) : codePoints(rng, 1 + rng.int(20));
      if (!ours(name)) names.push(name);
    }
    for (const name of names) {
      expect(await h.react('added', ALICE, name, m.ts), JSON.stringify(name)).toMatch(/^not_our_emoji$|^no_change$/);
      expect(await h.react('added', BOB, name, m.ts), JSON.stringify(name)).toMatch(/^not_our_emoji$|^no_change$/);
    }
    const timestamps = [
      `${m.ts} `, ` ${m.ts}`, m.ts.replace('.', ''), `${m.ts}0`, m.ts.slice(0, -1), `0${m.ts}`, `${m.ts}' OR '1'='1`,
      '%', '*', '', 'undefined', 'null', '1.7e9', m.ts.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))),
    ];
    for (const ts of timestamps) expect(await h.react('added', CAROL, 'white_check_mark', ts), JSON.stringify(ts)).toBe('not_a_proposal');

    const after = {
      state: h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]!.state,
      approvals: h.query('SELECT user_id FROM approvals WHERE ref = ?', ref),
      actions: h.query('SELECT action FROM audit_log WHERE ref = ? ORDER BY id', ref),
    };
    expect(after).toEqual({ state: 'pending', approvals: [], actions: [{ action: 'proposed' }] });
    // The proposal was approvable all along: the real emoji does it.
    expect(await h.react('added', ALICE, 'white_check_mark', m.ts)).toBe('approval_added');
    // Let its publication finish, so the next test's "nothing stored" compares a quiet database.
    await waitFor(() => h.query("SELECT ref FROM proposals WHERE state IN ('publishing', 'waiting')").length === 0, 'the publication to finish');
  });

  it('500 malformed, validly signed requests: each answered, the process alive, nothing stored', async () => {
    const rng = new Rng(SEED + 2);
    const before = counts(h);
    const event = (inner: unknown) => JSON.stringify({ token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `EvFuzz${rng.int(1e9)}`, event_time: 1, event: inner });
    const odd = () => rng.pick<unknown>([undefined, null, 0, -1, 1.5, true, '', 'x', [], {}, [1, 2], { a: 1 }, 'U'.repeat(5000), codePoints(rng, 8)]);
    // A field that is either broken or a value that still names nobody real (so no member is added or removed).
    const maybe = (good: unknown) => (rng.chance(0.5) ? good : odd());
    const reactionEvent = () => ({
      type: maybe(rng.pick(['reaction_added', 'reaction_removed'])),
      user: maybe(rng.pick(['UNOBODY', OUTSIDER, ALICE])),
      reaction: maybe('white_check_mark'),
      item: maybe({ type: maybe('message'), channel: maybe(TEAM), ts: maybe(`1600000000.${String(rng.int(1e6)).padStart(6, '0')}`) }),
      event_ts: maybe('1700000000.000001'),
    });
    const membershipEvent = () => ({ type: rng.pick(['member_joined_channel', 'member_left_channel']), user: maybe('UNOBODY'), channel: maybe(TEAM), event_ts: maybe('1.1') });
    const interaction = () => ({
      type: rng.pick<unknown>(['block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion', 'interactive_message', 'zzz', '', 42, null]),
      user: maybe({ id: maybe('UNOBODY') }),
      team: maybe({ id: 'T1' }),
      actions: maybe([{ action_id: maybe(rng.pick(BUTTONS)), value: rng.chance(0.5) ? String(rng.int(5)) : odd(), block_id: odd() }]),
      // The composer with a text that is not text: a string here would be a genuine proposal.
      view: maybe({ callback_id: maybe('proposal_composer'), state: maybe({ values: maybe({ text: { text: { value: rng.pick([null, 42, {}, [], true]) } } }) }), private_metadata: odd() }),
      trigger_id: odd(),
    });
    const valid = [event(reactionEvent()), event(membershipEvent())];

    const requests: Array<{ body: string; contentType: string }> = [];
    while (requests.length < 500) {
      const kind = rng.int(7);
      const contentType = kind === 0 ? rng.pick(['application/json', FORM, 'text/plain', `${FORM}; charset=utf-8`, '', 'multipart/form-data; boundary=x']) : kind <= 2 ? 'application/json' : FORM;
      let body: string;
      if (kind === 0) body = codePoints(rng, rng.int(200));
      else if (kind === 1) body = rng.pick(valid).slice(0, rng.int(200));
      else if (kind === 2) body = event(rng.pick([reactionEvent, membershipEvent, odd])());
      else if (kind === 3) body = `payload=${formEncode(JSON.stringify(interaction()).slice(0, rng.chance(0.3) ? rng.int(80) : undefined))}`;
      else if (kind === 4) body = `payload=${formEncode(JSON.stringify(interaction()))}`;
      // From people no event above can make members (an event may add 'UNOBODY', or '' itself).
      else if (kind === 5) body = `command=${formEncode(rng.pick(['/tweet', '/followup', '/handover', '/duty', '/zzz', '']))}&user_id=${rng.pick(['UCMDNOBODY', OUTSIDER])}&text=${formEncode(rng.chance(0.3) ? 'take' : fuzzText(rng, true))}`;
      else body = rng.pick(valid).replace(/"[a-z_]+":/g, () => `"${codePoints(rng, 3).replace(/["\\]/g, '')}":`); // every key renamed
      // Known Bolt 5.1 bug, tested on its own below: a body that parses to JSON null is never answered.
      if (parsesToNull(body, contentType)) continue;
      requests.push({ body, contentType });
    }

    const statuses = new Map<number, number>();
    // Most of these are never acknowledged by a listener, and Bolt answers them 404 after its 3-second
    // timeout: many at once keep the test short.
    await eachConcurrently(requests, 125, async ({ body, contentType }) => {
      const response = await h.send.raw(body, {}, { contentType });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    });
    // 500 is Bolt's own answer when its dispatch throws on a payload it cannot read (`"event": null`).
    expect([...statuses.keys()].filter((status) => ![200, 400, 404, 500].includes(status))).toEqual([]);
    expect(counts(h)).toEqual(before);

    // Still alive and working: health, and a good command from a member.
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status).toBe(200);
    const good = await h.propose('Circulation rétablie sur l’A9.', BOB);
    // It takes the very next reference: none of the malformed requests took one, or left a row.
    expect(await proposalShownBy(h, good.ts)).toMatchObject({ ref: before.proposals + 1, author_id: BOB, state: 'pending', text: 'Circulation rétablie sur l’A9.' });
    expect(counts(h)).toMatchObject({ proposals: before.proposals + 1, versions: before.versions + 1, approvals: before.approvals });
  }, 60_000);

  it('100 requests with a bad or stale signature: all 401, none processed', async () => {
    const rng = new Rng(SEED + 3);
    const before = counts(h);
    const now = () => Math.floor(Date.now() / 1000);
    const forge: Array<(body: string) => Record<string, string>> = [
      (body) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': signSlackRequest(`${SECRET}x`, now(), body) }),
      (body) => ({ 'x-slack-request-timestamp': String(now() - 301 - rng.int(100_000)), 'x-slack-signature': signSlackRequest(SECRET, now() - 301, body) }),
      (body) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': signSlackRequest(SECRET, now(), `${body}&x=1`) }),
      (body) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': signSlackRequest(SECRET, now(), body).replace('v0=', 'v1=') }),
      (body) => ({ 'x-slack-request-timestamp': String(now() + 1), 'x-slack-signature': signSlackRequest(SECRET, now(), body) }),
      () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=' }),
      () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': codePoints(rng, 20).replace(/[^\x20-\x7e]/g, '') }),
      (body) => ({ 'x-slack-request-timestamp': 'abc', 'x-slack-signature': signSlackRequest(SECRET, now(), body) }),
      (body) => ({ 'x-slack-signature': signSlackRequest(SECRET, now(), body) }),
      () => ({ 'x-slack-request-timestamp': String(now()) }),
      () => ({}),
    ];
    for (let n = 0; n < 100; n++) {
      const body = commandBody(h, AUTHOR, formEncode(`Signature ${n} : ce texte ne doit jamais être proposé.`), n);
      const response = await h.send.raw(body, rng.pick(forge)(body), { unsigned: true, contentType: FORM });
      expect(response.status, `forged request #${n}`).toBe(401);
    }
    expect(counts(h)).toEqual(before);
  });
});

describe('bugs found by fuzzing, fixed: each test guards against its return', () => {
  it('the composer refuses a lone surrogate (SQLite would store U+FFFD in its place), and stores nothing', async () => {
    const h = await startHarness();
    const submit = (value: string) =>
      h.send.viewSubmission(AUTHOR, { callback_id: 'proposal_composer', state: { values: { text: { text: { type: 'plain_text_input', value } } } } });
    try {
      const response = await submit('Alerte \uD83D météo');
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ response_action: 'errors', errors: { text: expect.stringContaining('caractères refusés par X') } });
      // A valid submission afterwards is the only proposal and the only audit line: the refused one left nothing.
      expect((await submit('Alerte \uD83D\uDE00 météo')).text).toBe('');
      const message = await waitFor(() => h.proposalMessages()[0], 'the proposal of the valid submission');
      expect(storedProposals(h).map((r) => ({ ref: r.ref, text: r.text }))).toEqual([{ ref: 1, text: 'Alerte \uD83D\uDE00 météo' }]);
      expect(h.query('SELECT ref, action FROM audit_log')).toEqual([{ ref: 1, action: 'proposed' }]);
      expect(h.proposalMessages()).toEqual([message]);
    } finally {
      await h.close();
    }
  });

  it('events without a user change nothing, even after a membership event without one', async () => {
    const h = await startHarness();
    try {
      const m = await h.propose('Texte à protéger.');
      const event = (inner: Record<string, unknown>, id: string) =>
        h.send.raw(JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: id, event: inner }), { 'content-type': 'application/json' });
      expect((await event({ type: 'member_joined_channel', channel: TEAM, event_ts: '1.1' }, 'EvNoUser1')).status).toBe(200);
      expect((await event({ type: 'reaction_added', reaction: 'x', item: { type: 'message', channel: TEAM, ts: m.ts }, event_ts: '1.2' }, 'EvNoUser2')).status).toBe(200);
      await waitFor(() => h.logs.some((l) => l.includes('EvNoUser2') && l.includes('malformed')), 'the malformed reaction answered');
      // Once, `undefined` joined the member cache and the user-less reject was recorded as the bot's.
      expect(h.query('SELECT state FROM proposals WHERE ref = 1')).toEqual([{ state: 'pending' }]);
    } finally {
      await h.close();
    }
  });
});

/** Whether Bolt's body parser would return null for this request (see the test of the real program below). */
function parsesToNull(body: string, contentType: string): boolean {
  try {
    if (contentType === FORM) {
      const payload = querystring.parse(body).payload;
      return typeof payload === 'string' && JSON.parse(payload) === null;
    }
    return JSON.parse(body) === null;
  } catch {
    return false;
  }
}

describe('the real program', () => {
  it('survives a signed body that Bolt cannot read (JSON null), and still serves and stops cleanly', async () => {
    // Bolt 5.1's HTTPReceiver reads `body.ssl_check` outside its try: the rejection escapes, and that
    // request is never answered. The program's unhandledRejection handler keeps the process up.
    const slack = await startFakeSlack({ members: [AUTHOR, ALICE, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT' });
    const dir = mkdtempSync(join(tmpdir(), 'comcell-fuzz-'));
    const program = startProgram({
      SLACK_BOT_TOKEN: 'xoxb-fuzz', SLACK_SIGNING_SECRET: SECRET, SLACK_MODE: 'http', PORT: '0',
      SLACK_API_URL: slack.url, TEAM_CHANNEL_ID: TEAM, DATABASE_PATH: join(dir, 'comcell.sqlite'), LOG_LEVEL: 'info',
    });
    let running = true;
    void program.exited.then(() => (running = false));
    const hung = new AbortController();
    try {
      const ready = await program.ready();
      const url = `http://127.0.0.1:${ready.port}`;
      const send = slackSender({ botUrl: `${url}/slack/events`, signingSecret: SECRET, responseBase: slack.origin, teamChannelId: TEAM });

      const timestamp = Math.floor(Date.now() / 1000);
      const body = 'payload=null';
      const unanswered = fetch(`${url}/slack/events`, {
        method: 'POST', body, signal: hung.signal,
        headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(SECRET, timestamp, body) },
      }).catch(() => 'aborted');
      await waitFor(() => program.logs().find((l) => l.msg === 'unhandled rejection'), 'the rejection logged');

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const command = await send.command(ALICE, '/tweet', 'Le processus tient bon.');
      expect(command.status).toBe(200);
      await waitFor(() => slack.messages.find((m) => m.blocks && JSON.stringify(m.blocks).includes('Le processus tient bon.')), 'the proposal posted');
      expect(running).toBe(true);

      // A stop waits for open requests: the hung one must go first (Slack itself gives up after 3 s).
      hung.abort();
      expect(await unanswered).toBe('aborted');
      program.kill('SIGTERM');
      expect(await program.exited).toBe(0);
      // Every line it wrote was a JSON log line.
      expect(program.stdout.split('\n').filter(Boolean).every((line) => line.startsWith('{'))).toBe(true);
    } finally {
      if (running) program.kill('SIGKILL');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
