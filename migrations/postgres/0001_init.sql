-- Core tables shared by every feature: the audit log (LGPD: every access to sensitive data).
CREATE TABLE IF NOT EXISTS audit_log (
  id uuid PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_user_id uuid,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  request_id text,
  details jsonb
);
CREATE INDEX IF NOT EXISTS ix_audit_log_resource ON audit_log (resource_type, resource_id);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (actor_user_id, occurred_at);
