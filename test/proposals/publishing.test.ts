import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, firstLine, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** What happens between "approved" and "published", for every answer X can give. */
describe('publishing on X', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const row = (ref: number) => h.query('SELECT * FROM proposals WHERE ref = ?', ref)[0]!;
  const approveAndWait = async (ts: string, ref: number, state: string) => {
    await h.react('added', ALICE, 'white_check_mark', ts);
    await waitFor(() => row(ref).state === state && row(ref), `proposal #${ref} to be ${state}`);
    return waitFor(() => h.threadReplies(ts)[0], `the thread reply of #${ref}`);
  };

  it('runs dry without X credentials, and says so plainly', async () => {
    h = await startHarness({}, { dryRun: true });
    const m = await h.propose('Test à blanc.');
    const reply = await approveAndWait(m.ts, 1, 'published');
    // Said plainly, in French: nothing was sent.
    expect(reply.text).toMatch(/^🧪 Simulation sur X : rien n’y a été envoyé \(identifiant simulé `dryrun-/);
    expect(reply.text).not.toMatch(/dry run/i);
    expect(h.delivery(1)!.dry_run).toBe(1);
    expect(h.delivery(1)!.remote_id).toMatch(/^dryrun-/);
    expect(h.x.requests).toHaveLength(0);
    // Distinct from a real publication, first line of the message.
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)) === '🧪 *Simulation* : rien n’a été envoyé à X', 'the dry run on the message');
    expect(shown(h.slack.message(TEAM, m.ts))).not.toContain('Publiée');
    expect(h.logs.some((l) => l.includes('dry run'))).toBe(true);
  });

  it('publishes as a reply with --reply', async () => {
    h = await startHarness();
    const first = await h.propose('Accident A9, évitez le secteur.');
    await approveAndWait(first.ts, 1, 'published');
    const closing = await h.propose('--reply #1 Intervention terminée, circulation rétablie.');
    expect(shown(closing)).toContain('#1');
    await approveAndWait(closing.ts, 2, 'published');
    expect(h.x.tweets[1]).toMatchObject({ text: 'Intervention terminée, circulation rétablie.', replyTo: h.x.tweets[0]!.id });
  });

  it('fails on duplicate content, with the reason in words and no retry', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    const m = await h.propose('Déjà publié.');
    const reply = await approveAndWait(m.ts, 1, 'failed');
    expect(reply.text).toBe('❌ Échec sur X : X refuse un texte identique à une publication déjà en ligne. Modifiez le texte pour la reproposer.');
    expect(h.delivery(1)!.failure_code).toBe('duplicate');
    expect(h.x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });

  it('fails when X refuses the credentials, and says to check the keys', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'unauthorized' });
    const m = await h.propose('Clés refusées.');
    const reply = await approveAndWait(m.ts, 1, 'failed');
    // In words, with who can fix it: never X's own English ("HTTP 401: Unauthorized").
    expect(reply.text).toMatch(/X a refusé les identifiants du compte de la cellule : la personne qui administre comcell doit vérifier les clés X/);
    expect(reply.text).not.toMatch(/401|HTTP|Unauthorized/);
  });

  it('stores the publication before asking X who the account is: a crash then loses nothing, and links name the account once known', async () => {
    h = await startHarness({}, { stopGraceMs: 20 });
    const lookups = () => h.x.requestsTo('GET /2/users/me').length;
    await waitFor(() => lookups() === 1, 'the lookup at start-up');
    // From the next start: X answers neither the lookup at start-up nor the one after the publication.
    h.x.script('GET /2/users/me', { kind: 'hang' }, { kind: 'hang' });
    await h.restart();
    await waitFor(() => lookups() === 2, 'the lookup at the next start-up');
    const m = await h.propose('Publiée avant la question du compte.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => lookups() === 3, 'the account lookup after the publication');
    expect(row(1).state).toBe('published'); // already stored while X has not answered who the account is
    const tweetId = h.x.tweets[0]!.id;
    expect(h.delivery(1)!.url).toBe(`https://x.com/i/status/${tweetId}`); // X's `i` path leads to the tweet meanwhile
    await h.restart(); // the lookup is abandoned, as by a crash
    expect(row(1).state).toBe('published');
    expect(h.delivery(1)).toMatchObject({ state: 'published', remote_id: tweetId });
    expect(h.x.requestsTo('POST /2/tweets')).toHaveLength(1);
    expect(h.query("SELECT action FROM audit_log WHERE subject = 'proposal' AND ref = 1 ORDER BY id").map((r: any) => r.action)).toEqual([
      'proposed', 'approved', 'publishing', 'published',
    ]);

    const next = await h.propose('Le compte répond cette fois.');
    const reply = await approveAndWait(next.ts, 2, 'published');
    const named = `https://x.com/GendarmerieTest/status/${h.x.tweets[1]!.id}`;
    expect(h.delivery(2)!.url).toBe(named);
    expect(reply.text).toContain(named);
  });

  it('keeps references growing and pending proposals approvable across a restart', async () => {
    h = await startHarness();
    const first = await h.propose('Première.');
    await h.propose('Deuxième.');
    await h.restart();
    const third = await h.propose('Troisième.');
    expect(third.text).toContain('#3');
    await approveAndWait(first.ts, 1, 'published');
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Première.']);
  });

  it('closes a proposal Slack would not show, and tells its author', async () => {
    h = await startHarness();
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    const response = await h.send.command(AUTHOR, '/tweet', 'Slack en panne.');
    expect(response.status).toBe(200);
    const told = await waitFor(() => h.slack.responses.find((r) => r.url === response.responseUrl), 'the response to the author');
    expect(told.body.text).toContain('channel_not_found');
    expect(row(1)).toMatchObject({ state: 'failed', failure_code: 'slack_post_failed' });
  });
});
