/** Slack ids of the templates capability, in one place. */
export const COMMAND = '/template';
export const COMPOSER_CALLBACK = 'template_composer';
/** The input of the field at `index` in the form (its block and its action): names can be any letters, ids stay plain. */
export const fieldBlock = (index: number) => `template_field_${index}`;
export const FIELD_ACTION = /^template_field_\d+$/;
export const INTRO_BLOCK = 'template_intro';
export const PREVIEW_BLOCK = 'template_preview';
export const COUNT_BLOCK = 'template_count';
/** The form's option inputs, named as the command's options (`checkOptionFields`). */
export const OPTION_BLOCK = { followup: 'template_followup', at: 'template_at', reply: 'template_reply', on: 'template_networks' } as const;
/** The template menu at the top of the /tweet composer. */
export const CHOOSE_BLOCK = 'template_choose';
export const CHOOSE_ACTION = 'template_choose';
