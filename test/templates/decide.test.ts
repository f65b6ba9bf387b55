import { describe, expect, it } from 'vitest';
import { decide, type TemplateEvent } from '../../src/templates/decide.js';
import type { Template } from '../../src/templates/store.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const template = (name: string, text: string, closing: string | null = null, followupSeconds: number | null = null): Template => ({
  name, text, closing, followupSeconds, createdBy: 'comcell', createdAt: NOW, updatedBy: 'comcell', updatedAt: NOW,
});
const CELL = new Map(
  [template('accident', 'Accident sur l’{route}', 'fin-intervention', 7200), template('fin-intervention', 'Fin sur l’{route}'), template('prevention', '{conseil}')].map((t) => [t.name, t]),
);
const run = (name: string, event: TemplateEvent) => decide({ name, templates: CELL }, event, NOW);
const BY = 'UALICE';

describe('template rules', () => {
  it('adds a new template with an audit line holding its text', () => {
    const out = run('perturbation', { type: 'add', text: 'Perturbation {lieu}', closing: 'fin-intervention', followupSeconds: 3600, by: BY });
    expect(out.changes).toEqual([{ type: 'put', name: 'perturbation', text: 'Perturbation {lieu}', closing: 'fin-intervention', followupSeconds: 3600, by: BY }]);
    expect(out.audit).toEqual([
      { at: NOW, actor: BY, subject: 'template', action: 'template_added', text: 'Perturbation {lieu}', detail: { name: 'perturbation', closing: 'fin-intervention', followupSeconds: 3600 } },
    ]);
    expect(out.answer).toMatchObject({ ok: true, effect: 'added' });
  });

  it.each([
    ['a name already taken', 'accident', { type: 'add', text: 'x', closing: null, followupSeconds: null, by: BY }, { ok: false, why: 'taken' }],
    ['a closing template that does not exist', 'x', { type: 'add', text: 'x', closing: 'fin', followupSeconds: null, by: BY }, { ok: false, why: 'closing_unknown', closing: 'fin' }],
    ['a template closing itself', 'x', { type: 'add', text: 'x', closing: 'x', followupSeconds: null, by: BY }, { ok: false, why: 'closing_self' }],
    ['a change of a template that does not exist', 'x', { type: 'change', text: 'x', by: BY }, { ok: false, why: 'unknown' }],
    ['a change to an unknown closing template', 'prevention', { type: 'change', closing: 'nope', by: BY }, { ok: false, why: 'closing_unknown', closing: 'nope' }],
    ['removing a template that does not exist', 'x', { type: 'remove', by: BY }, { ok: false, why: 'unknown' }],
    ['removing the closing template of another', 'fin-intervention', { type: 'remove', by: BY }, { ok: false, why: 'linked', linkedBy: ['accident'] }],
  ] as const)('refuses %s, changing nothing', (_what, name, event, answer) => {
    const out = run(name, event as TemplateEvent);
    expect(out).toEqual({ changes: [], answer });
  });

  it('changes what is given and keeps the rest, with the previous content in the audit line', () => {
    const out = run('accident', { type: 'change', followupSeconds: 10800, by: BY });
    expect(out.changes).toEqual([{ type: 'put', name: 'accident', text: 'Accident sur l’{route}', closing: 'fin-intervention', followupSeconds: 10800, by: BY }]);
    expect(out.audit?.[0]).toMatchObject({
      action: 'template_changed',
      text: 'Accident sur l’{route}',
      detail: { name: 'accident', followupSeconds: 10800, previous: { name: 'accident', text: 'Accident sur l’{route}', closing: 'fin-intervention', followupSeconds: 7200 } },
    });
    expect(run('accident', { type: 'change', closing: null, by: BY }).changes).toMatchObject([{ closing: null, followupSeconds: 7200 }]);
  });

  it('says when a change changes nothing, and writes nothing', () => {
    expect(run('accident', { type: 'change', text: 'Accident sur l’{route}', by: BY })).toEqual({
      changes: [],
      answer: { ok: true, effect: 'unchanged', template: { name: 'accident', text: 'Accident sur l’{route}', closing: 'fin-intervention', followupSeconds: 7200 } },
    });
  });

  it('removes a template no other names, with its text in the audit line', () => {
    const out = run('prevention', { type: 'remove', by: BY });
    expect(out.changes).toEqual([{ type: 'delete', name: 'prevention' }]);
    expect(out.audit).toMatchObject([{ action: 'template_removed', text: '{conseil}', detail: { name: 'prevention' } }]);
    // Once accident no longer names it, fin-intervention can go.
    const unlinked = new Map(CELL).set('accident', { ...CELL.get('accident')!, closing: null });
    expect(decide({ name: 'fin-intervention', templates: unlinked }, { type: 'remove', by: BY }, NOW).answer).toMatchObject({ ok: true, effect: 'removed' });
  });
});
