/** Slack ids and scheduler kinds of the follow-ups capability, in one place. */
export const COMMAND = '/followup';
export const REMINDER_JOB = 'followup_reminder';
/** The reminder job of the open follow-up of proposal `ref` (there is at most one). */
export const reminderKey = (ref: number) => `followup:ref:${ref}`;
/** The outbox key of reminder `number` of follow-up `id`, a reply in the proposal's thread. */
export const reminderMessageKey = (id: number, number: number) => `followup:${id}:reminder:${number}`;
export const ACTION_PROPOSE_CLOSING = 'followup_propose_closing';
export const ACTION_SNOOZE = 'followup_snooze';
export const ACTION_CLOSE = 'followup_close';
/** The snooze buttons of a reminder, in minutes. */
export const SNOOZE_BUTTONS = [15, 30, 60] as const;
export type SnoozeMinutes = (typeof SNOOZE_BUTTONS)[number];
/** Slack wants a distinct action_id per button of a block: the snooze buttons are told apart by their minutes. */
export const snoozeActionId = (minutes: SnoozeMinutes) => `${ACTION_SNOOZE}_${minutes}`;
/** The snooze minutes a button value may carry, or null for anything else. */
export const snoozeMinutes = (value: unknown): SnoozeMinutes | null => SNOOZE_BUTTONS.find((m) => m === value) ?? null;
