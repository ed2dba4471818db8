-- Core tables shared by every feature: the audit log (LGPD: every access to sensitive data).
CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  occurred_at TEXT NOT NULL,
  actor_user_id TEXT,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  request_id TEXT,
  details TEXT
);
CREATE INDEX IF NOT EXISTS ix_audit_log_resource ON audit_log (resource_type, resource_id);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor_user_id, occurred_at);
