/** Slack ids and scheduler kinds of the reports capability, in one place. */
export const COMMAND = '/report';
/** The *Share in the channel* button of an ephemeral report; its value is the period's word (`week`, `YYYY-MM`). */
export const ACTION_SHARE_REPORT = 'report_share';
export const WEEKLY_REPORT_JOB = 'weekly_report';
/** One pending weekly report at a time: scheduling it again moves it. */
export const WEEKLY_REPORT_KEY = 'report:weekly';
