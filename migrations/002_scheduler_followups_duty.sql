-- The persisted scheduler, follow-ups of published proposals, and who is on duty.

-- One row per piece of future work. `key` names the work (`publish:12`, `followup:3`) so that
-- scheduling it again moves it instead of adding a second one. A firing is a compare-and-set on
-- (id, version) inside the transaction that stores its effect: it cannot happen twice.
CREATE TABLE scheduled_jobs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  key         TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL,
  due_at      TEXT NOT NULL,
  payload     TEXT NOT NULL DEFAULT '{}',
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'cancelled')),
  version     INTEGER NOT NULL DEFAULT 1,
  fired_count INTEGER NOT NULL DEFAULT 0,
  last_fired_at TEXT,
  updated_at  TEXT NOT NULL
);
CREATE INDEX scheduled_jobs_due ON scheduled_jobs (due_at) WHERE state = 'pending';

CREATE TABLE followups (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  ref             INTEGER NOT NULL REFERENCES proposals (ref),
  state           TEXT NOT NULL CHECK (state IN ('open', 'resolved', 'closed')),
  due_at          TEXT NOT NULL,
  reminders_sent  INTEGER NOT NULL DEFAULT 0,
  -- reminders since the last time someone acted (snooze): what escalation counts
  unanswered      INTEGER NOT NULL DEFAULT 0,
  opened_by       TEXT NOT NULL,
  opened_at       TEXT NOT NULL,
  resolved_at     TEXT,
  resolved_by     TEXT,
  closing_ref     INTEGER REFERENCES proposals (ref),
  reason          TEXT
);
CREATE UNIQUE INDEX followups_one_open_per_proposal ON followups (ref) WHERE state = 'open';
CREATE INDEX followups_open_by_due ON followups (due_at) WHERE state = 'open';

CREATE TABLE duty (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id   TEXT NOT NULL,
  since     TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source IN ('take', 'handover')),
  handover_id INTEGER
);
