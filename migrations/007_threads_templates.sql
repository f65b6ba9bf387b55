-- Threads: a proposal version of several parts, published in order, each part replying to the one before.
-- Templates: the cell's recurring messages with fields, and which template (and field values) a version used.

CREATE TABLE proposal_parts (
  ref               INTEGER NOT NULL,
  version           INTEGER NOT NULL,
  part              INTEGER NOT NULL CHECK (part BETWEEN 1 AND 10),
  text              TEXT NOT NULL CHECK (length(text) > 0),
  PRIMARY KEY (ref, version, part),
  FOREIGN KEY (ref, version) REFERENCES proposal_versions (ref, version)
);
-- Every version so far is one part: its text.
INSERT INTO proposal_parts (ref, version, part, text) SELECT ref, version, 1, text FROM proposal_versions;

-- THREAD_NUMBERING as it was when the version was made: " (k/N)" is then part of what is approved.
ALTER TABLE proposal_versions ADD COLUMN numbered INTEGER NOT NULL DEFAULT 0 CHECK (numbered IN (0, 1));
ALTER TABLE proposal_versions ADD COLUMN template TEXT;
ALTER TABLE proposal_versions ADD COLUMN template_values TEXT;   -- JSON object: field → value

-- Images belong to a part (up to 4 each); the table is rebuilt for its new key.
CREATE TABLE proposal_images_new (
  ref        INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  part       INTEGER NOT NULL DEFAULT 1 CHECK (part BETWEEN 1 AND 10),
  position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
  file_id    TEXT NOT NULL,
  name       TEXT NOT NULL,
  mimetype   TEXT NOT NULL,
  size       INTEGER NOT NULL,
  alt_text   TEXT NOT NULL CHECK (length(alt_text) > 0),
  PRIMARY KEY (ref, version, part, position),
  FOREIGN KEY (ref, version) REFERENCES proposal_versions (ref, version)
);
INSERT INTO proposal_images_new (ref, version, part, position, file_id, name, mimetype, size, alt_text)
SELECT ref, version, 1, position, file_id, name, mimetype, size, alt_text FROM proposal_images;
DROP TABLE proposal_images;
ALTER TABLE proposal_images_new RENAME TO proposal_images;

CREATE TABLE templates (
  name              TEXT PRIMARY KEY,                 -- lower case, letters, digits, - and _
  text              TEXT NOT NULL CHECK (length(text) > 0),
  closing           TEXT,                             -- the template of the closing post, by name
  followup_seconds  INTEGER CHECK (followup_seconds IS NULL OR followup_seconds > 0),
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX proposal_versions_by_template ON proposal_versions (template) WHERE template IS NOT NULL;

-- Team members' names, to name who did something without notifying them (a mention pings).
CREATE TABLE people (
  user_id           TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
