-- Accounts and authentication (API.md §2, §4.3; INFRA.md §1.11): users, login sessions with
-- the current refresh-token jti (rotation/reuse detection), revoked access-token jtis until
-- their expiry, single-use password-reset tokens stored as SHA-256, a delivery log of outgoing
-- mail (never the body: it carries tokens) and failed-login counters (brute-force limit).
CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  hashed_password text NOT NULL,
  full_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'teacher', 'parent', 'therapist')),
  is_active boolean NOT NULL DEFAULT true,
  is_verified boolean NOT NULL DEFAULT false,
  phone text,
  avatar_url text,
  bio text,
  institution text,
  last_login timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- E-mails are stored lower-cased; the expression index also serves case-insensitive lookups
-- by other areas (linked user of a professional, API.md §2.6).
CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email ON users (lower(email));
CREATE INDEX IF NOT EXISTS ix_users_role ON users (role);

CREATE TABLE IF NOT EXISTS login_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  current_refresh_jti text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  revoked boolean NOT NULL DEFAULT false,
  revoked_at timestamptz,
  revoked_reason text,
  client_ip text
);
CREATE INDEX IF NOT EXISTS ix_login_sessions_user ON login_sessions (user_id, revoked);
CREATE INDEX IF NOT EXISTS ix_login_sessions_expires ON login_sessions (expires_at);

CREATE TABLE IF NOT EXISTS revoked_tokens (
  jti text PRIMARY KEY,
  user_id uuid,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_revoked_tokens_expires ON revoked_tokens (expires_at);

CREATE TABLE IF NOT EXISTS password_reset_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_password_reset_tokens_hash ON password_reset_tokens (token_hash);
CREATE INDEX IF NOT EXISTS ix_password_reset_tokens_user ON password_reset_tokens (user_id, created_at);

CREATE TABLE IF NOT EXISTS mail_outbox (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  transport text NOT NULL,
  status text NOT NULL,
  error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_mail_outbox_recipient ON mail_outbox (recipient, kind, created_at);

CREATE TABLE IF NOT EXISTS login_failures (
  scope_key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL
);
