/**
 * The composer: `/tweet` alone opens a modal; its submission is checked like the command and, when
 * valid, becomes a proposal. Through the real bot (Bolt in HTTP mode, fake Slack and X, real SQLite).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { namesKnown } from '../support/glance.js';
import { waitFor } from '../support/waitFor.js';

const NOT_MEMBER = 'comcell est réservé aux membres du canal de la cellule';
/** The first part's field of a composer just opened (its block and action ids). */
const FIELD = 'part_0_1';

function storedTexts(h: Harness): Array<{ ref: number; author_id: string; text: string }> {
  return h.query('SELECT p.ref, p.author_id, v.text FROM proposals p JOIN proposal_versions v ON v.ref = p.ref ORDER BY p.ref');
}

function auditCount(h: Harness): number {
  return h.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n;
}

/** A submission of the composer with this text, as Slack sends it. */
function submit(h: Harness, user: string, value: string) {
  return h.send.viewSubmission(user, {
    callback_id: 'proposal_composer',
    state: { values: { [FIELD]: { part: { type: 'plain_text_input', value } } } },
  });
}

/** Submits a valid text and waits for its proposal message: the effect that proves earlier ones absent. */
async function submitWitness(h: Harness, text: string) {
  const before = h.proposalMessages().length;
  const response = await submit(h, AUTHOR, text);
  expect(response.status).toBe(200);
  return waitFor(() => h.proposalMessages()[before], `the proposal message for "${text}"`);
}

describe('the composer', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('opens a modal for /tweet with no text, and only for a member', async () => {
    h = await startHarness();
    const outsider = await h.send.command(OUTSIDER, '/tweet', '');
    expect(outsider.status).toBe(200);
    expect(outsider.json).toMatchObject({ response_type: 'ephemeral' });
    expect(outsider.json.text).toContain(NOT_MEMBER);

    const response = await h.send.command(AUTHOR, '/tweet', '   ');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const opened = await waitFor(() => h.slack.callsTo('views.open')[0], 'views.open');
    // The outsider's command came first on the same path and opened nothing.
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
    expect(opened.args.trigger_id).toBe(response.triggerId);
    expect(opened.args.view).toMatchObject({ type: 'modal', callback_id: 'proposal_composer' });
    const input = opened.args.view.blocks.find((b: any) => b.block_id === FIELD);
    expect(input).toMatchObject({ type: 'input', element: { type: 'plain_text_input', action_id: 'part', multiline: true } });
    expect(JSON.stringify(opened.args.view)).toContain('280');
    expect(storedTexts(h)).toEqual([]);
  });

  it('turns a submission into a proposal, posted in the team channel and publishable', async () => {
    h = await startHarness();
    // Names are learned in the background with the first read of the members (here, /duty's): until then a
    // message names people by a mention.
    await h.send.command(AUTHOR, '/duty', '');
    await namesKnown(h);
    // A modal's text is raw, not Slack-encoded: `&` and `<` are what the person typed.
    const typed = 'Vols & cambriolages : <!channel> restez vigilants.\r\nDeuxième ligne';
    const expected = 'Vols & cambriolages : <!channel> restez vigilants.\nDeuxième ligne';
    const response = await submit(h, AUTHOR, `  ${typed}  `);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const message = await waitFor(() => h.proposalMessages()[0], 'the proposal message');
    expect(message.channel).toBe(TEAM);
    expect(shown(message)).toContain('Proposition #1');
    // The author is named as the team sees them, without a mention that would ping them.
    expect(shown(message)).toContain('de uauthor');
    expect(shown(message)).not.toContain(`<@${AUTHOR}>`);
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).not.toContain('<!channel>');
    expect(storedTexts(h)).toEqual([{ ref: 1, author_id: AUTHOR, text: expected }]);

    expect(await h.react('added', ALICE, 'white_check_mark', message.ts)).toBe('approval_added');
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet');
    expect(tweet.text).toBe(expected);
  });

  it('shows a too-long, empty or invalid text as an error on the field, and stores nothing', async () => {
    h = await startHarness();
    const tooLong = await submit(h, AUTHOR, 'a'.repeat(300));
    expect(tooLong.status).toBe(200);
    expect(tooLong.json).toEqual({ response_action: 'errors', errors: { [FIELD]: expect.stringContaining('300/280') } });
    expect(tooLong.json.errors[FIELD]).toContain('Retirez au moins 20 caractères');

    const blank = await submit(h, AUTHOR, '  \n ');
    expect(blank.json).toEqual({ response_action: 'errors', errors: { [FIELD]: expect.stringContaining('le texte est vide') } });

    const control = await submit(h, AUTHOR, 'Alerte\u0007');
    expect(control.json).toEqual({ response_action: 'errors', errors: { [FIELD]: expect.stringContaining('U+0007') } });

    const witness = await submitWitness(h, 'Point de situation : circulation rétablie.');
    expect(shown(witness)).toContain('Proposition #1');
    expect(h.proposalMessages()).toEqual([witness]);
    expect(storedTexts(h)).toEqual([{ ref: 1, author_id: AUTHOR, text: 'Point de situation : circulation rétablie.' }]);
    expect(auditCount(h)).toBe(1);
  });

  it('checks against TWEET_MAX_LENGTH', async () => {
    h = await startHarness({ TWEET_MAX_LENGTH: '50' });
    const refused = await submit(h, AUTHOR, 'b'.repeat(51));
    expect(refused.json).toEqual({ response_action: 'errors', errors: { [FIELD]: expect.stringContaining('51/50') } });
    const message = await submitWitness(h, 'c'.repeat(50));
    expect(shown(message)).toContain('50/50');
    expect(storedTexts(h).map((p) => p.text)).toEqual(['c'.repeat(50)]);
  });

  it('refuses a submission from a non-member the same way, on the field', async () => {
    h = await startHarness();
    const refused = await submit(h, OUTSIDER, 'Un texte tout à fait valide');
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { [FIELD]: expect.stringContaining(NOT_MEMBER) } });

    const witness = await submitWitness(h, 'Texte d’un membre de la cellule');
    expect(h.proposalMessages()).toEqual([witness]);
    expect(storedTexts(h)).toEqual([{ ref: 1, author_id: AUTHOR, text: 'Texte d’un membre de la cellule' }]);
    expect(auditCount(h)).toBe(1);
  });
});
