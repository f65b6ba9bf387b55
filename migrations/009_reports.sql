-- Reports: a period's facts are read by time (approvals given, follow-ups ended), and a message may
-- carry files (a report's chart and CSV) uploaded before it is shared.

CREATE INDEX approvals_by_time ON approvals (approved_at);
CREATE INDEX followups_by_end ON followups (resolved_at) WHERE resolved_at IS NOT NULL;

-- JSON {uploaded: [{name, id}], shared}: each file's Slack id once its bytes are uploaded, so that a retry
-- uploads none twice; `shared` once files.completeUploadExternal has put them in the conversation.
ALTER TABLE outbox ADD COLUMN files TEXT;
