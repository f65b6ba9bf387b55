/**
 * `/tweet` through the real bot: signed slash commands to the real Bolt app in HTTP mode, the fake
 * Slack and X servers, and the real SQLite file (read here with a separate, read-only connection).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, OUTSIDER, mrkdwnOf, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import type { FakeMessage } from '../support/fakeSlack.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

const REFUSED = 'Proposition non enregistrée :';
const NOT_MEMBER = 'comcell est réservé aux membres du canal de la cellule';
const KNOWN_OPTIONS = '`--followup`, `--suivi`, `--at`, `--a`, `--reply`';

interface Stored {
  proposals: Array<{ ref: number; state: string; text: string }>;
  audit: Array<{ ref: number | null; action: string; text: string | null }>;
}

/** What the database holds, read with its own read-only connection, as an operator would. */
function stored(h: Harness): Stored {
  return {
    proposals: h.query<Stored['proposals'][number]>(
      `SELECT p.ref, p.state, v.text FROM proposals p
       JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version ORDER BY p.ref`,
    ),
    audit: h.query<Stored['audit'][number]>('SELECT ref, action, text FROM audit_log ORDER BY id'),
  };
}

/** The tweet text as the proposal message quotes it (the rich-text element, shown literally). */
function quoted(message: FakeMessage): string | undefined {
  for (const block of message.blocks ?? []) {
    if (block.type !== 'rich_text') continue;
    for (const element of block.elements ?? []) {
      if (element.type === 'rich_text_quote') return element.elements.map((e: { text: string }) => e.text).join('');
    }
  }
  return undefined;
}

let witnesses = 0;

/**
 * Sends `/tweet text` and checks the ephemeral refusal; then proves that nothing changed: a valid
 * proposal sent afterwards on the same path is the only new message, row, audit line and Slack post,
 * and it takes the very next reference.
 */
async function expectRefused(h: Harness, text: string, expected: string[], user = AUTHOR): Promise<string> {
  const before = stored(h);
  const messagesBefore = h.proposalMessages().length;
  const postsBefore = h.slack.callsTo('chat.postMessage').length;
  const ephemeralsBefore = h.slack.ephemerals.length;

  const response = await h.send.command(user, '/tweet', text);
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ response_type: 'ephemeral' });
  const reply = String(response.json.text);
  for (const fragment of expected) expect(reply).toContain(fragment);

  const witness = `Point de situation n°${++witnesses} : circulation rétablie.`;
  const message = await h.propose(witness);
  const nextRef = Math.max(0, ...before.proposals.map((p) => p.ref)) + 1;
  const after = stored(h);
  expect(after.proposals).toEqual([...before.proposals, { ref: nextRef, state: 'pending', text: witness }]);
  expect(after.audit).toEqual([...before.audit, { ref: nextRef, action: 'proposed', text: witness }]);
  expect(h.proposalMessages().slice(messagesBefore)).toEqual([message]);
  expect(h.slack.callsTo('chat.postMessage')).toHaveLength(postsBefore + 1);
  expect(h.slack.ephemerals).toHaveLength(ephemeralsBefore);
  expect(h.slack.responses.filter((r) => r.url === response.responseUrl)).toEqual([]);
  return reply;
}

/** Approves a proposal message and returns the tweet it produced. */
async function approveAndPublish(h: Harness, message: FakeMessage, index: number) {
  expect(await h.react('added', ALICE, 'white_check_mark', message.ts)).toBe('approval_added');
  return waitFor(() => h.x.tweets[index], `tweet #${index + 1} on X`);
}

describe('/tweet: bad input is refused ephemerally, in French, and changes nothing', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('refuses a text that is empty once the options are read', async () => {
    h = await startHarness();
    await expectRefused(h, '--followup 2h', [REFUSED, 'le texte est vide']);
    await expectRefused(h, '--followup 2h   ', [REFUSED, 'le texte est vide']);
    await expectRefused(h, '-- ', [REFUSED, 'le texte est vide']);
  });

  it('refuses a text over 280 with the weighted count and how much to cut', async () => {
    h = await startHarness();
    const reply = await expectRefused(h, 'a'.repeat(300), [REFUSED, '300/280', 'Retirez au moins 20 caractères']);
    expect(reply).toContain('texte trop long');
    await expectRefused(h, `${'b'.repeat(281)}`, ['281/280', 'Retirez au moins 1 caractère.']);
    // Emoji weigh 2: 141 of them are 282.
    await expectRefused(h, '🚨'.repeat(141), ['282/280', 'Retirez au moins 2 caractères']);
  });

  it('counts against TWEET_MAX_LENGTH when the cell sets a lower limit', async () => {
    h = await startHarness({ TWEET_MAX_LENGTH: '100' });
    await expectRefused(h, 'c'.repeat(101), [REFUSED, '101/100', 'Retirez au moins 1 caractère']);
    const message = await h.propose('d'.repeat(100));
    expect(shown(message)).toContain('100/100');
  });

  it('counts a URL as 23, whatever its length', async () => {
    h = await startHarness();
    const url = `https://www.example.fr/${'chemin/'.repeat(20)}page`;
    // 257 + 1 space + 23 = 281.
    await expectRefused(h, `${'e'.repeat(257)} <${url}>`, [REFUSED, '281/280', 'Retirez au moins 1 caractère']);
    // 256 + 1 + 23 = 280: accepted, and published with the full URL.
    const message = await h.propose(`${'f'.repeat(256)} <${url}>`);
    expect(shown(message)).toContain('280/280');
    expect(shown(message)).toContain('Proposition #2'); // after the witness of the refusal
    // Stored as the tweet will read, the whole URL, with the weight X gives it (its raw length is over 100).
    expect(h.query('SELECT text, weighted_length FROM proposal_versions WHERE ref = 2')).toEqual([
      { text: `${'f'.repeat(256)} ${url}`, weighted_length: 280 },
    ]);
    const tweet = await approveAndPublish(h, message, 0);
    expect(tweet.text).toBe(`${'f'.repeat(256)} ${url}`);
  });

  it('refuses control characters other than newline and tab, naming them', async () => {
    h = await startHarness();
    await expectRefused(h, 'Alerte\u0007 sur la RN113', [REFUSED, 'caractères de contrôle', 'U+0007']);
    await expectRefused(h, '--followup 1h Alerte\u001b[0m levée', ['U+001B']);
  });

  it('refuses an unknown option, naming it and the known ones, and never publishes it as text', async () => {
    h = await startHarness();
    const reply = await expectRefused(h, '--folowup 2h texte', [REFUSED, 'option inconnue `--folowup`', `Options connues : ${KNOWN_OPTIONS}`]);
    expect(reply).toContain('placez `--` seul avant le texte');
    await expectRefused(h, '--suivi 2h --urgent Incendie en cours', ['option inconnue `--urgent`']);
    expect(h.x.tweets).toEqual([]);
  });

  it('refuses a DURATION that does not parse or is zero', async () => {
    h = await startHarness();
    await expectRefused(h, '--followup 2x texte', [REFUSED, 'durée illisible pour `--followup` : « 2x »', '`1h30m`']);
    await expectRefused(h, '--suivi 1.5h texte', ['durée illisible pour `--suivi` : « 1.5h »']);
    await expectRefused(h, '--followup 0m texte', [REFUSED, 'la durée de `--followup` ne peut pas être nulle (« 0m »)']);
    await expectRefused(h, '--followup 0h0m texte', ['ne peut pas être nulle']);
    await expectRefused(h, '--followup', ['l’option `--followup` attend une valeur']);
  });

  it('refuses a TIME that does not parse or is past', async () => {
    h = await startHarness();
    await expectRefused(h, '--at 25:00 texte', [REFUSED, 'heure illisible : « 25:00 »', '`HH:MM`']);
    await expectRefused(h, '--at demain texte', ['heure illisible : « demain »']);
    await expectRefused(h, '--at 2026-02-30 10:00 texte', ['heure illisible : « 2026-02-30 10:00 »']);
    await expectRefused(h, '--at 2020-01-01 10:00 texte', [REFUSED, 'l’heure « 2020-01-01 10:00 » est déjà passée']);
  });

  it('refuses a REF that does not parse, does not exist, or is not published yet', async () => {
    h = await startHarness();
    await expectRefused(h, '--reply abc Fin d’intervention', [REFUSED, 'référence illisible : « abc »', '`#12`']);
    await expectRefused(h, '--reply #0 Fin d’intervention', ['référence illisible : « #0 »']);
    await expectRefused(h, '--reply #99 Fin d’intervention', [REFUSED, 'la proposition #99 n’existe pas']);
    // The witnesses above are pending proposals (#1, #2, #3): not published, so nothing to reply to.
    await expectRefused(h, '--reply #1 Fin d’intervention', [
      REFUSED,
      'la proposition #1 n’est pas publiée (état : en attente de validation)',
      'on ne peut répondre qu’à une publication en ligne',
    ]);
    await expectRefused(h, '--reply 2 Fin d’intervention', ['la proposition #2 n’est pas publiée']);
  });

  it('refuses a command from someone who is not a member of the team channel', async () => {
    h = await startHarness();
    const reply = await expectRefused(h, 'Un texte tout à fait valide', [NOT_MEMBER], OUTSIDER);
    expect(reply).not.toContain(REFUSED);
    await expectRefused(h, 'help', [NOT_MEMBER], OUTSIDER);
  });

  it('answers /tweet help with the usage, ephemerally, and stores nothing', async () => {
    h = await startHarness();
    for (const word of ['help', 'aide', ' AIDE ']) {
      const reply = await expectRefused(h, word, ['`/tweet [options] texte`', '`--followup 2h`', '`--at 14:30`', '`--reply #12`']);
      expect(reply).toContain(':white_check_mark:');
      expect(reply).toContain(':x:');
      expect(reply).toContain('Limite sur X : 280');
      expect(reply).not.toContain(REFUSED);
    }
  });

  it('lists every problem of a command at once, one line each', async () => {
    h = await startHarness();
    const reply = await expectRefused(h, `--folowup 2h --followup 0m --reply abc --at 25:00 ${'g'.repeat(300)}`, [
      REFUSED,
      'option inconnue `--folowup`',
      'la durée de `--followup` ne peut pas être nulle',
      'référence illisible : « abc »',
      'heure illisible : « 25:00 »',
      '300/280',
    ]);
    expect(reply.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(5);

    const stateOnly = await expectRefused(h, '--reply #99 --at 2026-11-20 10:00 Fin d’intervention', [
      'la proposition #99 n’existe pas',
      'est déjà passée',
    ]);
    expect(stateOnly.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(2);
  });

  it('lists the problems of the text and of the stored state together', async () => {
    h = await startHarness();
    // A person who shortens the text must not then learn that #99 does not exist either.
    const reply = await expectRefused(h, `--reply #99 ${'h'.repeat(300)}`, ['300/280', 'la proposition #99 n’existe pas']);
    expect(reply.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(2);
  });
});

describe('/tweet: valid proposals', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('undoes Slack’s encoding: the tweet is what the person typed', async () => {
    h = await startHarness();
    const first = await h.propose(escapeLikeSlack('Vols & cambriolages : soyez vigilants <3'));
    expect(quoted(first)).toBe('Vols & cambriolages : soyez vigilants <3');
    expect((await approveAndPublish(h, first, 0)).text).toBe('Vols & cambriolages : soyez vigilants <3');

    // A link typed as `example.fr/a` arrives wrapped with its label; a full URL arrives bare in brackets.
    const second = await h.propose(`${escapeLikeSlack('Conseils & prévention : ')}<http://example.fr/a|example.fr/a> et <https://example.fr/b>`);
    const tweet = await approveAndPublish(h, second, 1);
    expect(tweet.text).toBe('Conseils & prévention : example.fr/a et https://example.fr/b');
    expect(stored(h).proposals.map((p) => p.text)).toEqual([
      'Vols & cambriolages : soyez vigilants <3',
      'Conseils & prévention : example.fr/a et https://example.fr/b',
    ]);
  });

  it('notifies nobody: <!channel> or <@U123> in a text is shown escaped, and quoted exactly', async () => {
    h = await startHarness();
    const typed = '<!channel> Alerte <@U123> & <!here> : <https://example.fr|piège>';
    const message = await h.propose(escapeLikeSlack(typed));
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).toContain('&lt;@U123&gt;');
    expect(message.text).toContain('&amp;');
    for (const text of mrkdwnOf(message)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<!here>');
      expect(text).not.toContain('<@U123>');
      expect(text).not.toContain('<https://example.fr|piège>');
    }
    expect(quoted(message)).toBe(typed);
    expect(stored(h).proposals[0]!.text).toBe(typed);
    expect((await approveAndPublish(h, message, 0)).text).toBe(typed);
    // The published message (updated in place) and its thread reply still notify nobody.
    const updated = await waitFor(() => {
      const m = h.slack.message(TEAM, message.ts);
      return m?.edited && JSON.stringify(m.blocks).includes('x.com/') && m;
    }, 'the proposal message showing the tweet link');
    for (const text of mrkdwnOf(updated)) expect(text).not.toContain('<!channel>');
    expect(quoted(updated)).toBe(typed);
  });

  it('shows the reference, the author, the count, the options, the status and the hint', async () => {
    h = await startHarness();
    const message = await h.propose('--followup 2h Accident sur l’A9 à Montpellier, évitez le secteur.');
    const all = shown(message);
    expect(message.text).toContain('#1');
    expect(all).toContain('Proposition #1');
    // The author named, without a mention once the team's names are known (a mention until then).
    expect(all).toMatch(new RegExp(`de (uauthor|<@${AUTHOR}>)`));
    expect(all).toContain('51/280');
    expect(all).toContain('suivi 2 h après publication');
    // The state first, in words.
    expect(message.blocks![0].text.text).toMatch(/^🟡 \*À valider\* · 0\/1 validation\n\*Proposition #1\*/);
    expect(all).toContain('Pour valider : :white_check_mark:');
    expect(all).toContain('pour rejeter : :x:');
    expect(quoted(message)).toBe('Accident sur l’A9 à Montpellier, évitez le secteur.');
    // The option is kept as data, not as text: what is published is the text alone.
    expect((await approveAndPublish(h, message, 0)).text).toBe('Accident sur l’A9 à Montpellier, évitez le secteur.');
    expect(h.slack.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: TEAM });
  });

  it('publishes --reply #1 as a reply to the tweet of #1, once it is published', async () => {
    h = await startHarness();
    const first = await h.propose('Accident sur l’A9 à Montpellier, évitez le secteur.');
    const original = await approveAndPublish(h, first, 0);
    await waitFor(() => stored(h).proposals[0]?.state === 'published', '#1 recorded as published');

    const closing = await h.propose('--reply #1 Intervention terminée, circulation rétablie sur l’A9.');
    expect(shown(closing)).toContain('en réponse à #1');
    expect(quoted(closing)).toBe('Intervention terminée, circulation rétablie sur l’A9.');
    const reply = await approveAndPublish(h, closing, 1);
    expect(reply.text).toBe('Intervention terminée, circulation rétablie sur l’A9.');
    expect(reply.replyTo).toBe(original.id);
    expect(original.replyTo).toBeUndefined();
  });

  it('gives references 1, 2, 3 in order', async () => {
    h = await startHarness();
    const refs: string[] = [];
    for (const text of ['Premier message', 'Deuxième message', 'Troisième message']) {
      const message = await h.propose(text, BOB);
      refs.push(/Proposition #(\d+)/.exec(shown(message))?.[1] ?? '?');
      expect(shown(message)).toMatch(new RegExp(`de (ubob|<@${BOB}>)`));
    }
    expect(refs).toEqual(['1', '2', '3']);
    expect(stored(h).proposals.map((p) => p.ref)).toEqual([1, 2, 3]);
  });

  it('takes the text after a lone -- literally, even when it starts with --', async () => {
    h = await startHarness();
    const message = await h.propose('--followup 1h -- --- ALERTE --- --at 14:00 n’est pas une option ici');
    expect(quoted(message)).toBe('--- ALERTE --- --at 14:00 n’est pas une option ici');
    expect(shown(message)).toContain('suivi 1 h après publication');
    expect((await approveAndPublish(h, message, 0)).text).toBe('--- ALERTE --- --at 14:00 n’est pas une option ici');
  });

  it('keeps the line breaks of a multi-line text', async () => {
    h = await startHarness();
    const text = 'Point de situation 14h :\n\n- A9 : circulation rétablie\n- RN113 : toujours fermée\n\nMerci de votre patience.';
    const message = await h.propose(escapeLikeSlack(text));
    expect(quoted(message)).toBe(text);
    expect(stored(h).proposals[0]!.text).toBe(text);
    expect((await approveAndPublish(h, message, 0)).text).toBe(text);
  });
});
