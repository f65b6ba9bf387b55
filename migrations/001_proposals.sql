-- Proposals, their versions and approvals, processed Slack events, and the append-only audit log.
-- Times are ISO-8601 UTC strings.

CREATE TABLE proposals (
  ref               INTEGER PRIMARY KEY AUTOINCREMENT,   -- the #N the cell talks about
  author_id         TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN
                      ('pending', 'scheduled', 'waiting', 'publishing', 'published', 'rejected', 'failed', 'uncertain', 'expired')),
  current_version   INTEGER NOT NULL DEFAULT 1,
  approved_at       TEXT,
  rejected_by       TEXT,
  publish_started_at TEXT,
  tweet_id          TEXT,
  tweet_url         TEXT,
  dry_run           INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  failure_code      TEXT,
  failure_detail    TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  published_at      TEXT
);
CREATE INDEX proposals_by_state ON proposals (state);

CREATE TABLE proposal_versions (
  ref               INTEGER NOT NULL REFERENCES proposals (ref),
  version           INTEGER NOT NULL CHECK (version >= 1),
  text              TEXT NOT NULL CHECK (length(text) > 0),
  weighted_length   INTEGER NOT NULL,
  followup_seconds  INTEGER CHECK (followup_seconds IS NULL OR followup_seconds > 0),
  publish_at        TEXT,
  reply_to_ref      INTEGER REFERENCES proposals (ref),
  channel_id        TEXT NOT NULL,
  message_ts        TEXT,
  replaced_at       TEXT,
  created_at        TEXT NOT NULL,
  PRIMARY KEY (ref, version)
);
CREATE UNIQUE INDEX proposal_versions_by_message ON proposal_versions (channel_id, message_ts)
  WHERE message_ts IS NOT NULL;

CREATE TABLE approvals (
  ref               INTEGER NOT NULL,
  version           INTEGER NOT NULL,
  user_id           TEXT NOT NULL,
  approved_at       TEXT NOT NULL,
  PRIMARY KEY (ref, version, user_id),
  FOREIGN KEY (ref, version) REFERENCES proposal_versions (ref, version)
);

-- Slack retries an event when we answer slowly: its event_id is stored with the effect, in one transaction.
CREATE TABLE slack_events (
  event_id          TEXT PRIMARY KEY,
  received_at       TEXT NOT NULL
);
CREATE INDEX slack_events_by_time ON slack_events (received_at);

CREATE TABLE audit_log (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,          -- a Slack user id, or 'comcell' for the bot itself
  subject           TEXT NOT NULL,          -- 'proposal', later 'followup', 'handover', 'duty'
  ref               INTEGER,
  action            TEXT NOT NULL,
  text              TEXT,                   -- the exact text concerned
  detail            TEXT                    -- JSON
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, ref);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
