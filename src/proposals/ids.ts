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
/** *Edit in the composer* on a refused `/tweet`: the composer opens with what was typed. */
export const ACTION_COMPOSE = 'proposal_compose';

/** The composer: one text field per part (its block names its generation: see `composerView.ts`), its buttons. */
export const COMPOSER_PART_ACTION = 'part';
export const COMPOSER_ADD_PART = 'composer_add_part';
export const COMPOSER_REMOVE_PART = 'composer_remove_part';
export const COMPOSER_OTHER_IMAGES = 'composer_other_images';

/** Scheduled work: an approved `--at` proposal at its time; a network's rate limit ending. */
export const PUBLISH_AT_JOB = 'proposal_publish_at';
export const publishAtKey = (ref: number) => `publish:${ref}`;
export const LIMIT_JOB = 'network_limit_over';
export const limitKey = (network: string) => `limit:${network}`;

/** Inbox kinds: a reaction event, and a start-up re-read of a proposal's reactions. */
export const REACTION_EVENT = 'reaction';
export const RESYNC = 'resync';

/** The outbox key of a version's proposal message, carried in its Slack metadata. */
export const proposalKey = (ref: number, version: number) => `proposal:${ref}:v${version}`;
/** The thread replies holding a cut part's full text, and the full alt texts of a version's images. */
export const fullTextKey = (ref: number, version: number, part: number, reply: number) => `${proposalKey(ref, version)}:text:${part}:${reply}`;
export const altTextsKey = (ref: number, version: number) => `${proposalKey(ref, version)}:alts`;
/**
 * The channel's alert for refused credentials on a network: one per network between two publications that
 * worked there (`since`, the latest of them), whatever the number of proposals the refusal hits.
 */
export const credentialsAlertKey = (network: string, since: Date | null | undefined) => `alert:credentials:${network}:${since ? since.toISOString() : 'never'}`;
/** The key of a thread reply: unique per event (a delivery may fail, be retried and fail again). */
export const replyKey = (ref: number, version: number, what: string, at: Date, n: number) => `${proposalKey(ref, version)}:${what}:${at.getTime()}:${n}`;
