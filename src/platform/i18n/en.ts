import type { Catalogue } from './fr.js';

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

/** English, for teams that set LOCALE=en. Same keys as `fr.ts`, enforced by the type. */
export const en: Catalogue = {
  localeTag: 'en-GB',

  notMember: () => 'comcell is for members of the cell’s channel only. Ask a member to add you, then try again.',
  unexpectedError: () => 'Something unexpected went wrong; nothing was changed. Try again in a moment.',

  tweetHelp: (p) =>
    [
      '*Propose a tweet*: `/tweet [options] text`',
      '• `--followup 2h` (or `--suivi`): open a follow-up due 2 h after publication (durations: `90s`, `45m`, `2h`, `1h30m`, `1d`)',
      '• `--at 14:30` (or `--a`): publish at that time once approved (`YYYY-MM-DD HH:MM` for another day)',
      '• `--reply #12`: publish as a reply to the tweet of proposal #12',
      '• a lone `--`: what follows is text, even if it starts with `--`',
      '`/tweet` with no text opens the form.',
      `Another member approves with ${p.approve} (${p.required} ${plural(p.required, 'approval', 'approvals')} needed); ${p.reject} rejects. Limit: ${p.max} weighted characters (link = 23, emoji = 2).`,
    ].join('\n'),

  proposalRefused: () => 'Proposal not recorded:',
  unknownOption: (p) =>
    `unknown option \`${p.option}\`. Known options: ${p.known}. For a text that starts with \`--\`, put a lone \`--\` before it.`,
  missingValue: (p) => `option \`${p.option}\` needs a value right after it.`,
  duplicateOption: (p) => `option \`${p.option}\` is given twice; keep one.`,
  badDuration: (p) => `unreadable duration for \`${p.option}\`: “${p.value}”. Examples: \`90s\`, \`45m\`, \`2h\`, \`1h30m\`, \`1d\`.`,
  zeroDuration: (p) => `the duration of \`${p.option}\` cannot be zero (“${p.value}”).`,
  badTime: (p) => `unreadable time: “${p.value}”. Write \`HH:MM\` (\`14:30\`) or \`YYYY-MM-DD HH:MM\` (\`2026-12-24 18:00\`).`,
  pastTime: (p) => `the time “${p.value}” has already passed. Give a time to come.`,
  nonexistentTime: (p) => `the time “${p.value}” does not exist that day (clocks go forward). Choose another time.`,
  badRef: (p) => `unreadable reference: “${p.value}”. Write \`#12\` or \`12\`.`,
  emptyText: () => 'the tweet text is empty. Write it after the options.',
  tooLong: (p) =>
    `text too long: ${p.weightedLength}/${p.max} (X’s count: a link counts 23, most emoji 2). Remove at least ${p.over} ${plural(p.over, 'character', 'characters')}.`,
  controlChars: (p) => `the text contains invisible control characters (${p.chars}). Retype it or paste it as plain text.`,
  invalidChars: () => 'the text contains characters X refuses (U+FFFE, U+FEFF or U+FFFF). Remove them.',
  unknownRef: (p) => `proposal #${p.ref} does not exist.`,
  refNotPublished: (p) => `proposal #${p.ref} is not published (state: ${p.state}); only a published tweet can be replied to.`,
  refDryRun: (p) => `proposal #${p.ref} was published as a dry run: there is no tweet to reply to.`,

  proposalFallback: (p) => `Proposal #${p.ref} by ${p.author}: ${p.text}`,
  proposalTitle: (p) => `*Proposal #${p.ref}* by ${p.author}${p.version > 1 ? ` · version ${p.version}` : ''}`,
  length: (p) => `${p.weightedLength}/${p.max}`,
  optionFollowup: (p) => `follow-up ${p.duration} after publication`,
  optionAt: (p) => `to publish on ${p.time}`,
  optionReply: (p) => `in reply to #${p.ref}`,
  statusPending: (p) => `⏳ Waiting for approval (${p.count}/${p.required})`,
  statusScheduled: (p) => `🕒 Approved, to be published on ${p.time}`,
  statusPublishing: () => '📤 Publishing…',
  statusPublished: (p) => `✅ Published on X: <${p.url}|see the tweet>`,
  statusPublishedDryRun: () => '✅ Published as a *dry run*: nothing was sent to X',
  statusRejected: (p) => `🚫 Rejected by ${p.by}`,
  statusWithdrawn: () => '↩️ Withdrawn by its author',
  statusFailed: (p) => `❌ Failed: ${p.reason}`,
  statusUncertain: () => '❓ Outcome uncertain: X did not confirm. Check the account before any new attempt.',
  statusExpired: (p) => `⌛ Expired: approved too late for its time (${p.time})`,
  hint: (p) =>
    `To approve: ${p.approve} (${p.required} ${plural(p.required, 'approval', 'approvals')} from a member other than the author) · to reject: ${p.reject}`,

  threadScheduled: (p) => `Approved by ${p.approvers}. To be published on ${p.time}.`,
  threadPublished: (p) => `Published on X: ${p.url} (approved by ${p.approvers}).`,
  threadPublishedDryRun: (p) =>
    `Published as a *dry run* (no X credentials configured): nothing was sent to X. Simulated id: \`${p.tweetId}\`. Approved by ${p.approvers}.`,
  threadRejected: (p) => `Rejected by ${p.by}. It will not be published.`,
  threadWithdrawn: (p) => `Withdrawn by ${p.by}. It will not be published.`,
  threadFailed: (p) => `Publishing failed: ${p.reason}`,
  threadUncertain: (p) =>
    `<!here> Outcome uncertain: X gave no clear answer (${p.detail}). The tweet may be online: check the account before proposing it again, so it is not published twice.`,
  threadExpired: (p) =>
    `${p.author}: approved too late, the proposal was not published (its time was ${p.time}). Propose it again if it is still useful.`,
  ownApproval: (p) => `Your own approval does not count for proposal #${p.ref}: it needs another member of the cell.`,
  postFailed: (p) =>
    `The proposal could not be shown in the cell’s channel (${p.reason}). It is cancelled; nothing will be published. Try again.`,

  failureDuplicate: () => 'X refuses content identical to a tweet already published. Change the text to propose it again.',
  failureRefused: (p) => `X refused the account’s credentials (HTTP ${p.status}: ${p.detail}). Check comcell’s X keys.`,
  failureRateLimited: (p) => `X’s posting limit is reached; it resets on ${p.time}. Propose again after that time.`,
  failureRateLimitedUnknown: () => 'X’s posting limit is reached. Propose again later.',
  failureInvalid: (p) => `X refused the tweet (HTTP ${p.status}: ${p.detail}).`,
  failureReplyTarget: (p) => `the tweet of proposal #${p.ref}, to reply to, cannot be found.`,

  state: {
    pending: 'pending',
    scheduled: 'scheduled',
    publishing: 'publishing',
    published: 'published',
    rejected: 'rejected',
    failed: 'failed',
    uncertain: 'uncertain',
    expired: 'expired',
  },

  composerTitle: () => 'Propose a tweet',
  composerSubmit: () => 'Propose',
  composerCancel: () => 'Cancel',
  composerTextLabel: () => 'Tweet text',
  composerTextHint: (p) => `At most ${p.max} weighted characters (link = 23, emoji = 2).`,

  followupHelp: () =>
    [
      '*Incident follow-ups*: the bot asks for the closing tweet until it is published.',
      '• `/followup list`: open follow-ups, overdue first',
      '• `/followup #12 text`: propose the closing tweet, as a reply to the tweet of #12',
      '• `/followup open #12 2h`: open a follow-up on #12, due 2 h after its publication',
      '• `/followup snooze #12 30m`: push the next reminder back',
      '• `/followup done #12 [reason]`: close without a tweet (the reason is recorded)',
    ].join('\n'),
  followupRefused: () => 'Command not carried out:',
  unknownSubcommand: (p) =>
    `“${p.word}” is not a \`/followup\` command. Commands: \`list\`, \`#12 text\`, \`open\`, \`snooze\`, \`done\` (\`/followup help\` for details).`,
  missingRef: (p) => `\`${p.subcommand}\` needs a reference: \`/followup ${p.subcommand} #12 …\`.`,
  missingDuration: (p) => `\`${p.subcommand}\` needs a duration after the reference, such as \`/followup ${p.subcommand} #12 30m\`.`,
  tooManyWords: (p) => `\`${p.subcommand}\` does not take “${p.extra}”.`,
  followupBadDuration: (p) => `unreadable duration: “${p.value}”. Examples: \`90s\`, \`45m\`, \`2h\`, \`1h30m\`, \`1d\`.`,
  followupZeroDuration: (p) => `the duration cannot be zero (“${p.value}”).`,
  noOpenFollowup: (p) => `proposal #${p.ref} has no open follow-up.`,
  followupAlreadyOpen: (p) => `proposal #${p.ref} already has an open follow-up, due on ${p.due}.`,
  followupOpened: (p) =>
    `Follow-up opened on #${p.ref}, due on ${p.due}.${p.overdue ? ' That time has already passed: the first reminder goes now.' : ''}`,
  followupSnoozed: (p) => `Next reminder of the follow-up of #${p.ref} pushed back to ${p.until}.`,
  followupSnoozedThread: (p) => `⏰ ${p.by} pushed the next reminder back to ${p.until}.`,
  followupClosed: (p) => `Follow-up of #${p.ref} closed without a tweet.`,
  followupClosedThread: (p) => `✅ Follow-up closed without a tweet by ${p.by}${p.reason ? `: ${p.reason}` : ''}.`,
  followupResolvedThread: (p) => `✅ Follow-up resolved: the closing tweet #${p.closingRef} is published.`,
  followupListEmpty: () => 'No open follow-up.',
  followupListTitle: (p) => `*${p.count} open ${plural(p.count, 'follow-up', 'follow-ups')}*${p.overdue > 0 ? `, ${p.overdue} overdue` : ''}:`,
  followupListLine: (p) =>
    `${p.overdue ? '🔴' : '🟡'} *#${p.ref}* “${p.excerpt}”: due on ${p.due}${p.overdue ? ' (*overdue*)' : ''}${p.reminders > 0 ? ` · ${p.reminders} ${plural(p.reminders, 'reminder', 'reminders')}` : ''}`,
  reminder: (p) => `🔔 ${p.mention}: the closing tweet of *#${p.ref}* has been due since ${p.due} (reminder ${p.number}).\n> ${p.excerpt}`,
  buttonProposeClosing: () => 'Propose the closing tweet',
  buttonSnooze: (p) => (p.minutes >= 60 ? `Snooze ${p.minutes / 60} h` : `Snooze ${p.minutes} min`),
  buttonClose: () => 'Close without tweet',
  reminderHandled: (p) => `${p.what} (by ${p.by})`,
  staleButton: (p) =>
    `This button is out of date: the follow-up of #${p.ref} has changed since (a newer reminder, already snoozed or already closed). Nothing was changed.`,
  noteFollowupOpen: (p) => `🔔 Follow-up: closing tweet due on ${p.due}${p.overdue ? ' (*overdue*)' : ''}`,
  noteFollowupResolved: (p) => `✅ Follow-up resolved: closing tweet #${p.closingRef} published`,
  noteFollowupClosed: (p) => `✅ Follow-up closed without a tweet by ${p.by}${p.reason ? `: ${p.reason}` : ''}`,

  dutyHelp: () => '`/duty`: who is on duty · `/duty take`: take duty',
  dutyNobody: () => 'Nobody is on duty. Reminders mention the proposal’s author. `/duty take` to take it.',
  dutyCurrent: (p) => `${p.user} has been on duty since ${p.since}. Reminders mention them.`,
  dutyTaken: (p) => `🛡️ ${p.user} takes duty. Follow-up reminders now mention them.`,
  dutyAlready: (p) => `You have been on duty since ${p.since} already.`,
  dutyUnknown: (p) => `“${p.word}” is not a \`/duty\` command. \`/duty\` or \`/duty take\`.`,

  listSeparator: ', ',
  lastSeparator: ' and ',
};
