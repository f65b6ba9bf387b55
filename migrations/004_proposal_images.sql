-- Images attached to a proposal version, with their alt text. Only Slack's file id is stored: the
-- bytes are fetched from Slack and uploaded to X at publication (X's media ids expire).
CREATE TABLE proposal_images (
  ref        INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
  file_id    TEXT NOT NULL,
  name       TEXT NOT NULL,
  mimetype   TEXT NOT NULL,
  size       INTEGER NOT NULL,
  alt_text   TEXT NOT NULL CHECK (length(alt_text) > 0),
  PRIMARY KEY (ref, version, position),
  FOREIGN KEY (ref, version) REFERENCES proposal_versions (ref, version)
);
