/**
 * Helpers for the tests of what the cell sees at a glance (reminders, handovers, Home): choosing in a
 * reminder's snooze menu as Slack sends it, and waiting until the bot knows the team's names.
 */
import type { FakeMessage } from './fakeSlack.js';
import { TEAM, type Harness } from './harness.js';
import { waitFor } from './waitFor.js';

let counter = 0;

/**
 * Chooses a delay in a reminder's snooze menu: Slack's `block_actions` payload for a static_select, with
 * the option as the message showed it (or, `forged`, another value in its place).
 */
export function choose(h: Harness, user: string, reminder: FakeMessage, minutes: number, forged?: string) {
  const actions = reminder.blocks?.find((b: any) => b.type === 'actions');
  const menu = (actions?.elements ?? []).find((e: any) => e.type === 'static_select');
  if (!menu) throw new Error('no snooze menu on the reminder');
  const option = menu.options.find((o: any) => JSON.parse(o.value).minutes === minutes) ?? menu.options[0];
  const selected = forged === undefined ? option : { ...option, value: forged };
  return h.send.interaction({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: reminder.ts, channel_id: TEAM, is_ephemeral: false },
    trigger_id: h.slack.newTriggerId(),
    team: { id: 'T1', domain: 'comcell-test' },
    channel: { id: TEAM, name: 'cellule-com' },
    message: reminder,
    state: { values: {} },
    response_url: `${h.slack.origin}/response/menu-${++counter}`,
    actions: [{ type: 'static_select', action_id: menu.action_id, block_id: actions.block_id, selected_option: selected, placeholder: menu.placeholder, action_ts: `${counter}.000001` }],
  });
}

/** Waits until the bot knows the team's names (learned in the background when it first reads the members): "ubob" for UBOB. */
export const namesKnown = (h: Harness) => waitFor(() => h.query<{ n: number }>('SELECT COUNT(*) AS n FROM people')[0]!.n >= 4, 'the team’s names');
