-- Reading years of history fast: a shift's or a day's proposal events from the audit log, and the
-- latest follow-up of a proposal (shown under its status on every update of its message).
CREATE INDEX audit_log_by_subject_time ON audit_log (subject, at);
CREATE INDEX followups_by_ref ON followups (ref, id);
