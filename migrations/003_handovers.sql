-- Shift handovers and automatic shift summaries.

CREATE TABLE handovers (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  from_user       TEXT NOT NULL,
  to_user         TEXT,                 -- null: handed to whoever acknowledges first
  notes           TEXT NOT NULL,
  at              TEXT NOT NULL,
  period_start    TEXT NOT NULL,        -- the shift the summary covers: [period_start, at)
  summary         TEXT NOT NULL,        -- JSON: the facts the summary was composed from
  channel_id      TEXT NOT NULL,
  message_ts      TEXT,
  permalink       TEXT,
  acknowledged_by TEXT,
  acknowledged_at TEXT
);
CREATE INDEX handovers_by_time ON handovers (at);

-- One row per shift boundary the bot summarised (or skipped because a handover was recorded just before).
CREATE TABLE shift_summaries (
  boundary_at     TEXT PRIMARY KEY,
  period_start    TEXT NOT NULL,
  posted          INTEGER NOT NULL CHECK (posted IN (0, 1)),
  summary         TEXT,
  channel_id      TEXT NOT NULL,
  message_ts      TEXT,
  created_at      TEXT NOT NULL
);

-- What happened in a shift is read from the audit log by time.
CREATE INDEX audit_log_by_time ON audit_log (at);
