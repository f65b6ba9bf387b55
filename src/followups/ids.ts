/** Slack ids and scheduler kinds of the follow-ups capability, in one place. */
export const COMMAND = '/followup';
export const REMINDER_JOB = 'followup_reminder';
/** The reminder job of the open follow-up of proposal `ref` (there is at most one). */
export const reminderKey = (ref: number) => `followup:ref:${ref}`;
/** The outbox key of reminder `number` of follow-up `id`, a reply in the proposal's thread. */
export const reminderMessageKey = (id: number, number: number) => `followup:${id}:reminder:${number}`;
export const ACTION_PROPOSE_CLOSING = 'followup_propose_closing';
/** The snooze menu of a reminder (a static_select); `followup_snooze_15` … are the buttons of reminders posted before it. */
export const ACTION_SNOOZE = 'followup_snooze';
export const ACTION_CLOSE = 'followup_close';
/** The delays the snooze menu offers, in minutes: the only ones a snooze from a reminder may ask for. */
export const SNOOZE_CHOICES = [15, 30, 60, 120] as const;
export type SnoozeMinutes = (typeof SNOOZE_CHOICES)[number];
/** The buttons of reminders posted before the menu (still in channels until the follow-up moves): 15, 30, 60. */
export const snoozeButtonId = (minutes: number) => `${ACTION_SNOOZE}_${minutes}`;
/** The snooze minutes a value may carry, or null for anything else. */
export const snoozeMinutes = (value: unknown): SnoozeMinutes | null => SNOOZE_CHOICES.find((m) => m === value) ?? null;
