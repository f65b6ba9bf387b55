/** Slack ids and scheduler kinds of the follow-ups capability, in one place. */
export const COMMAND = '/followup';
export const REMINDER_JOB = 'followup_reminder';
export const reminderKey = (followupId: number) => `followup:${followupId}`;
export const ACTION_PROPOSE_CLOSING = 'followup_propose_closing';
export const ACTION_SNOOZE = 'followup_snooze';
export const ACTION_CLOSE = 'followup_close';
/** The snooze buttons of a reminder, in minutes. */
export const SNOOZE_BUTTONS = [15, 30, 60] as const;
