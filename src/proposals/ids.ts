/** Slack callback, block and action ids of the proposals capability, in one place. */
export const COMMAND = '/tweet';
export const COMPOSER_CALLBACK = 'proposal_composer';
export const COMPOSER_TEXT_BLOCK = 'text';
export const COMPOSER_TEXT_ACTION = 'text';
/** Buttons in a proposal's thread: publish again (refused credentials, not online), or confirm it is online. */
export const ACTION_RETRY = 'proposal_retry';
export const ACTION_ONLINE = 'proposal_online';
/** The author's *Edit* button on an open proposal. */
export const ACTION_EDIT = 'proposal_edit';
