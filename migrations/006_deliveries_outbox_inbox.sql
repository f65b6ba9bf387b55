-- One path for every change: deliveries per network, a durable outbox for what Slack must show,
-- and an inbox for Slack events that need Slack again before they can be decided.

-- Which networks a version targets (JSON array). Everything before this round targeted X.
ALTER TABLE proposal_versions ADD COLUMN networks TEXT NOT NULL DEFAULT '["x"]';

-- A proposal's publication on one network. Its id is the order of approval: a network's deliveries
-- go out in that order. `waiting`: held by the network's rate limit until `wait_until`.
CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  ref             INTEGER NOT NULL REFERENCES proposals (ref),
  version         INTEGER NOT NULL,
  network         TEXT NOT NULL CHECK (network IN ('x', 'mastodon', 'bluesky')),
  state           TEXT NOT NULL CHECK (state IN ('publishing', 'waiting', 'published', 'failed', 'uncertain')),
  dry_run         INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  lost_answers    INTEGER NOT NULL DEFAULT 0,   -- attempts whose outcome was unknown
  owner           TEXT,                         -- the run of the bot that last started an attempt
  retry_at        TEXT,                         -- publishing: not before (backoff after a lost answer)
  wait_until      TEXT,                         -- waiting: the end of the network's rate limit
  failure_code    TEXT,
  failure_detail  TEXT,
  reply_to        TEXT,                         -- JSON {parent, root}: the post this one answers on this network
  queued_at       TEXT NOT NULL,
  published_at    TEXT,
  updated_at      TEXT NOT NULL,
  FOREIGN KEY (ref, version) REFERENCES proposal_versions (ref, version),
  UNIQUE (ref, version, network)
);
CREATE INDEX deliveries_open ON deliveries (network, id) WHERE state IN ('publishing', 'waiting');
CREATE INDEX deliveries_by_ref ON deliveries (ref, version);
CREATE INDEX deliveries_published ON deliveries (published_at) WHERE published_at IS NOT NULL;

-- One post of a delivery (a thread has several). `key` is chosen before the first attempt and sent on
-- every attempt (Mastodon's Idempotency-Key, Bluesky's record key); `attempted_at` is the first attempt:
-- after a lost answer the network is searched from then on before anything is posted again.
CREATE TABLE delivery_parts (
  delivery_id     INTEGER NOT NULL REFERENCES deliveries (id),
  part            INTEGER NOT NULL CHECK (part BETWEEN 1 AND 10),
  key             TEXT NOT NULL,
  attempted_at    TEXT,
  remote_id       TEXT,
  remote_cid      TEXT,
  url             TEXT,
  posted_at       TEXT,
  PRIMARY KEY (delivery_id, part)
);

-- Which network an audit line is about (a delivery's events), when it is about one.
ALTER TABLE audit_log ADD COLUMN network TEXT;

-- The last thing done to a follow-up by a person (JSON: what, by, at, until): earlier reminders say it.
ALTER TABLE followups ADD COLUMN last_action TEXT;
-- A reminder is now named by the proposal followed up (one open follow-up per proposal): the key is
-- known when the decision is made, before the follow-up's row has an id.
UPDATE scheduled_jobs SET
  key = 'followup:ref:' || (SELECT ref FROM followups WHERE id = json_extract(scheduled_jobs.payload, '$.followup')),
  payload = json_object('ref', (SELECT ref FROM followups WHERE id = json_extract(scheduled_jobs.payload, '$.followup')))
WHERE kind = 'followup_reminder' AND json_extract(payload, '$.followup') IS NOT NULL;

-- The end of a network's current rate limit: its deliveries wait until then, in approval order.
CREATE TABLE network_limits (
  network         TEXT PRIMARY KEY,
  until           TEXT NOT NULL
);

-- Everything published, failed or uncertain so far becomes one X delivery, nothing lost.
INSERT INTO deliveries (ref, version, network, state, dry_run, failure_code, failure_detail, queued_at, published_at, updated_at, wait_until)
SELECT p.ref, p.current_version, 'x',
       CASE WHEN p.state = 'failed' THEN 'failed' ELSE p.state END,
       p.dry_run,
       CASE p.failure_code WHEN 'refused' THEN 'credentials' WHEN 'image_unavailable' THEN 'image' WHEN 'rate_limited' THEN NULL
                           WHEN 'unknown' THEN 'unknown' ELSE p.failure_code END,
       CASE WHEN p.state = 'waiting' THEN NULL ELSE p.failure_detail END,
       COALESCE(p.approved_at, p.publish_started_at, p.created_at), p.published_at, p.updated_at,
       CASE WHEN p.state = 'waiting' THEN p.failure_detail END
FROM proposals p
WHERE p.state IN ('published', 'uncertain', 'publishing', 'waiting')
   OR (p.state = 'failed' AND COALESCE(p.failure_code, '') <> 'slack_post_failed');

INSERT INTO delivery_parts (delivery_id, part, key, attempted_at, remote_id, url, posted_at)
SELECT d.id, 1, 'x-' || d.ref || '-' || d.version, p.publish_started_at, p.tweet_id, p.tweet_url, p.published_at
FROM deliveries d JOIN proposals p ON p.ref = d.ref;

-- What was about publication now lives in deliveries; the proposal keeps its own failure (a message
-- Slack would not show) and the time of its first publication.
UPDATE proposals SET failure_code = NULL, failure_detail = NULL WHERE COALESCE(failure_code, '') <> 'slack_post_failed';
ALTER TABLE proposals DROP COLUMN tweet_id;
ALTER TABLE proposals DROP COLUMN tweet_url;
ALTER TABLE proposals DROP COLUMN dry_run;
ALTER TABLE proposals DROP COLUMN publish_started_at;

-- Every message the bot owes Slack. A message row is posted once (its ts kept), then updated while
-- `shown_revision` lags `revision`; it is rendered from what is stored when it is sent, so the latest
-- state wins. `maybe_sent`: an attempt's answer was lost, so the channel is searched (by the key carried
-- in the message's metadata) before it is posted again.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  key             TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'ephemeral', 'response')),
  target          TEXT NOT NULL,                -- a channel id, or a response_url
  user_id         TEXT,                         -- ephemeral: the one person who sees it
  thread_key      TEXT,                         -- a reply in the thread of that message (its key)
  broadcast       INTEGER NOT NULL DEFAULT 0 CHECK (broadcast IN (0, 1)),
  render          TEXT NOT NULL,
  data            TEXT NOT NULL DEFAULT '{}',
  revision        INTEGER NOT NULL DEFAULT 1,
  shown_revision  INTEGER NOT NULL DEFAULT 0,
  ts              TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  maybe_sent      INTEGER NOT NULL DEFAULT 0 CHECK (maybe_sent IN (0, 1)),
  first_attempt_at TEXT,
  retry_at        TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
CREATE INDEX outbox_by_ts ON outbox (target, ts) WHERE ts IS NOT NULL;

-- Messages shown before this round keep being updated in place through the outbox.
INSERT INTO outbox (key, kind, target, render, data, revision, shown_revision, ts, state, created_at, updated_at)
SELECT 'proposal:' || ref || ':v' || version, 'message', channel_id, 'proposal',
       json_object('ref', ref, 'version', version), 1, 1, message_ts, 'done', created_at, created_at
FROM proposal_versions WHERE message_ts IS NOT NULL;
-- An open proposal stored but not yet shown when the bot stopped is shown at the next start.
INSERT INTO outbox (key, kind, target, render, data, created_at, updated_at)
SELECT 'proposal:' || v.ref || ':v' || v.version, 'message', v.channel_id, 'proposal', json_object('ref', v.ref, 'version', v.version), v.created_at, v.created_at
FROM proposal_versions v JOIN proposals p ON p.ref = v.ref AND p.current_version = v.version
WHERE v.message_ts IS NULL AND p.state IN ('pending', 'scheduled');
INSERT INTO outbox (key, kind, target, render, data, revision, shown_revision, ts, state, created_at, updated_at)
SELECT 'handover:' || id, 'message', channel_id, 'handover', json_object('id', id), 1, 1, message_ts, 'done', at, at
FROM handovers WHERE message_ts IS NOT NULL;

-- Slack events (and start-up re-reads) that need Slack again before they can be decided (who is a
-- member, which reactions a message has): stored before Slack is answered, retried until Slack answers.
-- `key` holds Slack's event_id: an event Slack retries is stored once.
CREATE TABLE inbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  key             TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  retry_at        TEXT,
  last_error      TEXT,
  received_at     TEXT NOT NULL,
  done_at         TEXT
);
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
CREATE INDEX inbox_done ON inbox (done_at) WHERE state = 'done';
DROP TABLE slack_events;
