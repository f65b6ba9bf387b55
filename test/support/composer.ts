/**
 * Driving the proposal composer as Slack would: the state of a view is built from its own input blocks
 * (what the person typed or picked, else what the view holds initially), so a test fills the fields the
 * bot really drew, and a field it did not draw cannot be filled.
 */
import { expect } from 'vitest';
import type { StoredView } from './fakeSlackViews.js';
import { AUTHOR, type Harness } from './harness.js';
import { waitFor } from './waitFor.js';

/** What a person puts in a field, by block id: text, a menu value, a date (`YYYY-MM-DD`), a time, files. */
export type Typed = Record<string, string | unknown[] | undefined>;

/** A view as the bot sent it, or as a view_submission answer carried it (`response_action: update`). */
export interface ViewLike {
  id: string;
  hash?: string;
  view: any;
}

export function stateOf(view: ViewLike, typed: Typed = {}): { values: Record<string, Record<string, unknown>> } {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.view.blocks as any[]) {
    if (block.type !== 'input') continue;
    const e = block.element;
    const given = typed[block.block_id];
    const id = e.action_id;
    switch (e.type) {
      case 'plain_text_input': {
        // Slack sends null for an empty field, and no field holds more than its max_length.
        const value = (given as string | undefined) ?? e.initial_value ?? null;
        if (typeof value === 'string' && e.max_length && value.length > e.max_length) throw new Error(`${block.block_id}: ${value.length} characters, the field holds ${e.max_length}`);
        values[block.block_id] = { [id]: { type: e.type, value: value === '' ? null : value } };
        break;
      }
      case 'static_select': {
        // A person picks among the options shown, nothing else.
        const chosen = given !== undefined ? e.options.find((o: any) => o.value === given) : e.initial_option;
        if (given !== undefined && !chosen) throw new Error(`${block.block_id}: the menu has no option ${String(given)}`);
        values[block.block_id] = { [id]: { type: e.type, selected_option: chosen ?? null } };
        break;
      }
      case 'datepicker':
        values[block.block_id] = { [id]: { type: e.type, selected_date: (given as string | undefined) ?? e.initial_date ?? null } };
        break;
      case 'timepicker':
        values[block.block_id] = { [id]: { type: e.type, selected_time: (given as string | undefined) ?? e.initial_time ?? null, timezone: e.timezone } };
        break;
      case 'checkboxes':
        values[block.block_id] = { [id]: { type: e.type, selected_options: given ? e.options.filter((o: any) => (given as unknown[]).includes(o.value)) : (e.initial_options ?? []) } };
        break;
      case 'file_input':
        values[block.block_id] = { [id]: { type: e.type, files: (given as unknown[] | undefined) ?? [] } };
        break;
    }
  }
  return { values };
}

/** The composer `/tweet` opened (the latest views.open). */
export async function openComposer(h: Harness, user = AUTHOR, text = ''): Promise<StoredView> {
  const before = h.slack.callsTo('views.open').length;
  expect((await h.send.command(user, '/tweet', text)).status).toBe(200);
  return waitFor(() => h.slack.views.filter((v) => v.method === 'views.open')[before], 'the composer');
}

/** A view_submission as Slack sends it: the view's blocks, its metadata and the state of its inputs. */
export function submitComposer(h: Harness, view: ViewLike, typed: Typed = {}, user = AUTHOR) {
  return h.send.viewSubmission(user, { id: view.id, callback_id: view.view.callback_id, private_metadata: view.view.private_metadata, blocks: view.view.blocks, state: stateOf(view, typed) });
}

/** A block action inside the modal (typing in a part, a button): resolves with the views.update it caused. */
export async function actInComposer(h: Harness, view: ViewLike, typed: Typed, action: { block_id: string; action_id: string; type?: string; value?: string }, user = AUTHOR) {
  const updates = h.slack.views.filter((v) => v.method === 'views.update').length;
  const response = await h.send.interaction({
    type: 'block_actions', user: { id: user }, api_app_id: 'A1', token: 'x', trigger_id: h.slack.newTriggerId(), team: { id: 'T1' },
    container: { type: 'view', view_id: view.id },
    view: { id: view.id, hash: view.hash, type: 'modal', callback_id: view.view.callback_id, private_metadata: view.view.private_metadata, state: stateOf(view, typed) },
    actions: [{ type: action.type ?? 'button', block_id: action.block_id, action_id: action.action_id, value: action.value ?? (typed[action.block_id] as string | undefined), action_ts: '1' }],
  });
  expect(response.status).toBe(200);
  return waitFor(() => h.slack.views.filter((v) => v.method === 'views.update')[updates], 'the redrawn composer');
}

/** The input blocks of a view, by block id. */
export const inputs = (view: ViewLike) => Object.fromEntries((view.view.blocks as any[]).filter((b) => b.type === 'input').map((b) => [b.block_id, b]));
