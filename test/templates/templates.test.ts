/**
 * `/template` through the real bot (Bolt over HTTP, fake Slack, real SQLite): list, show, add, change,
 * remove, every bad input changing nothing, the audit lines of every change, and both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AUTHOR, BOB, OUTSIDER, startHarness, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';

type Row = Record<string, any>;

/** Sends `/template text` as Slack would (`&`, `<`, `>` encoded even with should_escape false) and returns what the bot answered. */
async function template(h: Harness, text: string, user = AUTHOR): Promise<string> {
  const response = await h.send.command(user, '/template', escapeLikeSlack(text));
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ response_type: 'ephemeral' });
  return response.json.text as string;
}

const templates = (h: Harness): Row[] => h.query('SELECT name, text, closing, followup_seconds, created_by, updated_by FROM templates ORDER BY name');
const audit = (h: Harness): Row[] =>
  h.query<Row>("SELECT actor, subject, action, text, detail FROM audit_log WHERE subject = 'template' ORDER BY id").map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
const allAudit = (h: Harness) => h.query<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0]!.n;

describe('/template', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('lists the starter templates and shows one with its fields, closing template and follow-up', async () => {
    h = await startHarness();
    const list = await template(h, 'list');
    expect(list).toContain('*6 modèles*');
    for (const name of ['accident', 'appel-a-temoins', 'disparition', 'fin-intervention', 'perturbation', 'prevention']) expect(list).toContain(`\`${name}\``);
    expect(list).toMatch(/`accident` : ⚠️ #Accident sur l'\{route\}.* · clôture `fin-intervention` · suivi 2h/);
    expect(await template(h, '')).toBe(list);

    const show = await template(h, 'voir Accident');
    expect(show).toContain('*Modèle `accident`*');
    expect(show).toContain("> ⚠️ #Accident sur l'{route} à hauteur de {lieu}.");
    expect(show).toContain('Champs : `route` (Route), `lieu` (Lieu)');
    expect(show).toContain('Tweet de clôture : modèle `fin-intervention`, avec les mêmes valeurs de champs');
    expect(show).toContain('Suivi par défaut : 2h après publication');
    expect(show).toContain('Modifié par comcell le');
    expect(await template(h, 'help')).toContain('`/template add NOM texte avec des {champs}`');
  });

  it('adds a template as typed, with an audit line, and refuses the name once taken', async () => {
    h = await startHarness();
    const text = 'Contrôles routiers & prévention : {lieu} <ce soir>, {heure}. #{hashtag}';
    const answer = await template(h, `add controles ${text} --closing fin-intervention --suivi 1h30m`);
    expect(answer).toBe('Modèle « controles » ajouté (champs : lieu, heure, hashtag). Pour s’en servir : `/tweet --template controles`.');
    expect(templates(h).find((t) => t.name === 'controles')).toEqual({
      name: 'controles', text, closing: 'fin-intervention', followup_seconds: 5400, created_by: AUTHOR, updated_by: AUTHOR,
    });
    expect(audit(h)).toEqual([
      { actor: AUTHOR, subject: 'template', action: 'template_added', text, detail: { name: 'controles', closing: 'fin-intervention', followupSeconds: 5400 } },
    ]);

    const before = templates(h);
    const taken = await template(h, 'add Controles Un autre texte {x}', BOB);
    expect(taken).toBe('Rien n’a été modifié :\n• le modèle « controles » existe déjà. Pour le modifier : `/template change controles nouveau texte`.');
    expect(templates(h)).toEqual(before);
    expect(audit(h)).toHaveLength(1);
  });

  it('changes a template, keeping what is not given, and says when nothing changes', async () => {
    h = await startHarness();
    expect(await template(h, 'change accident --followup 3h', BOB)).toBe('Modèle « accident » modifié.');
    const accident = templates(h).find((t) => t.name === 'accident')!;
    expect(accident).toMatchObject({ closing: 'fin-intervention', followup_seconds: 10800, created_by: 'comcell', updated_by: BOB });
    expect(audit(h)).toEqual([
      {
        actor: BOB, subject: 'template', action: 'template_changed', text: accident.text,
        detail: { name: 'accident', closing: 'fin-intervention', followupSeconds: 10800, previous: { name: 'accident', text: accident.text, closing: 'fin-intervention', followupSeconds: 7200 } },
      },
    ]);
    expect(await template(h, 'modifier accident --suivi 3h')).toBe('Le modèle « accident » était déjà ainsi : rien n’a changé.');
    expect(await template(h, 'change prevention Nouveau conseil : {conseil} --closing none')).toBe('Modèle « prevention » modifié.');
    expect(templates(h).find((t) => t.name === 'prevention')).toMatchObject({ text: 'Nouveau conseil : {conseil}', closing: null });
    expect(audit(h)).toHaveLength(2);
  });

  it('refuses to remove a closing template still named, and removes it once the link is gone', async () => {
    h = await startHarness();
    expect(await template(h, 'remove fin-intervention')).toBe(
      'Rien n’a été modifié :\n• « fin-intervention » est le modèle de clôture de `accident` : retirez d’abord ce lien (`/template change accident --closing none`).',
    );
    expect(templates(h)).toHaveLength(6);
    await template(h, 'change accident --closing none');
    expect(await template(h, 'supprimer fin-intervention')).toBe('Modèle « fin-intervention » supprimé.');
    expect(templates(h).map((t) => t.name)).not.toContain('fin-intervention');
    expect(audit(h).map((a) => [a.action, a.detail.name])).toEqual([
      ['template_changed', 'accident'],
      ['template_removed', 'fin-intervention'],
    ]);
    expect(audit(h)[1]!.text).toContain('Fin d\'intervention sur l\'{route}');
    expect(await template(h, 'show fin-intervention')).toMatch(/le modèle « fin-intervention » n’existe pas\. Modèles : `accident`, `appel-a-temoins`/);
  });

  it.each([
    ['an unknown subcommand', 'supprime accident', '« supprime » n’est pas une commande de `/template`'],
    ['a missing name', 'add', '`add` attend le nom d’un modèle'],
    ['a bad name', 'add alerte! Texte', '« alerte! » n’est pas un nom de modèle'],
    ['a missing text', 'add alerte', 'le texte du modèle manque'],
    ['an unclosed brace', 'add alerte Alerte {lieu à 14h', 'une accolade `{` n’est pas fermée : « {lieu à 14h »'],
    ['a field without a name', 'add alerte Alerte {} ici', 'un champ n’a pas de nom'],
    ['a field with a bad name', 'add alerte Alerte {lieu-dit}', '« lieu-dit » n’est pas un nom de champ'],
    ['a stray brace', 'add alerte Alerte } ici', 'une accolade `}` ferme un champ jamais ouvert'],
    ['a closing template that does not exist', 'add alerte Alerte {lieu} --closing fin', 'le modèle de clôture « fin » n’existe pas'],
    ['a bad duration', 'add alerte --suivi 2 heures Alerte {lieu}', 'durée illisible pour `--followup` : « 2 »'],
    ['a zero duration', 'add alerte Alerte {lieu} --followup 0h', 'la durée de `--followup` ne peut pas être nulle'],
    ['an unknown option', 'add alerte --clotur fin Alerte {lieu}', 'option inconnue `--clotur`'],
    ['a change of an unknown template', 'change alerte Texte', 'le modèle « alerte » n’existe pas'],
    ['a removal of an unknown template', 'remove alerte', 'le modèle « alerte » n’existe pas'],
    ['a change of nothing', 'change accident', 'rien à modifier'],
    ['a text too long for X with its fields empty', `add long ${'Texte. '.repeat(45)}{lieu}`, 'même avec tous ses champs vides, le texte fait 314/280 sur X'],
  ])('refuses %s with a clear message, changing nothing', async (_what, text, message) => {
    h = await startHarness();
    const before = templates(h);
    const answer = await template(h, text);
    expect(answer.startsWith('Rien n’a été modifié :\n• ')).toBe(true);
    expect(answer).toContain(message);
    expect(templates(h)).toEqual(before);
    expect(allAudit(h)).toBe(0);
  });

  it('refuses a text too long for Bluesky once its fields are empty, naming the network, when the cell publishes there', async () => {
    h = await startHarness({ DRY_RUN: 'bluesky', TWEET_MAX_LENGTH: '1000' });
    const answer = await template(h, `add long ${'Texte. '.repeat(44)}{lieu}`);
    expect(answer).toContain('même avec tous ses champs vides, le texte fait 307/300 sur Bluesky');
    expect(answer).not.toContain('sur X');
    expect(templates(h)).toHaveLength(6);
  });

  it('is refused to a non-member', async () => {
    h = await startHarness();
    const response = await h.send.command(OUTSIDER, '/template', 'remove prevention');
    expect(response.json.text).toContain('comcell est réservé aux membres du canal de la cellule');
    expect(templates(h)).toHaveLength(6);
  });

  it('speaks English when the cell does', async () => {
    h = await startHarness({ LOCALE: 'en' });
    expect(await template(h, 'list')).toContain('*6 templates* (`/template show NAME` for details');
    expect(await template(h, 'show accident')).toContain('Closing tweet: template `fin-intervention`, with the same field values');
    expect(await template(h, 'add alerte Alerte {lieu')).toBe(
      'Nothing was changed:\n• a `{` is never closed: “{lieu”. A field is written `{place}`; for a brace in the text, double it: `{{`.',
    );
    expect(await template(h, 'add x Texte {x} --closing nope')).toBe('Nothing was changed:\n• the closing template “nope” does not exist (`/template list`).');
    expect(await template(h, 'add alerte Alerte {lieu}')).toBe('Template “alerte” added (fields: lieu). To use it: `/tweet --template alerte`.');
  });
});
