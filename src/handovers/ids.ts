/** Slack ids and scheduler kinds of the handovers capability, in one place. */
export const HANDOVER_COMMAND = '/handover';
export const DUTY_COMMAND = '/duty';
export const ACTION_ACKNOWLEDGE = 'handover_acknowledge';
/** *Record the handover* on an automatic summary: opens the handover modal. */
export const ACTION_RECORD_HANDOVER = 'handover_record';
export const HANDOVER_MODAL = 'handover_modal';
export const MODAL_NEXT_BLOCK = 'next';
export const MODAL_NEXT_ACTION = 'next';
export const MODAL_NOTES_BLOCK = 'notes';
export const MODAL_NOTES_ACTION = 'notes';
export const SHIFT_CHANGE_JOB = 'shift_change';
export const SHIFT_CHANGE_KEY = 'shift:boundaries';
/** A handover this close before a shift boundary makes the automatic summary unnecessary. */
export const RECENT_HANDOVER_MS = 30 * 60 * 1000;
