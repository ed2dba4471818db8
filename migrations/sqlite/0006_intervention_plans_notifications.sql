-- Intervention plans, their involved professionals and progress notes, and notifications
-- (API.md §4.9, §4.11). Progress notes and involvement are child rows so that concurrent
-- appends never overwrite each other; the insertion sequence keeps their order.
CREATE TABLE IF NOT EXISTS intervention_plans (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  created_by_id TEXT NOT NULL REFERENCES professionals(id),
  title TEXT NOT NULL,
  objective TEXT NOT NULL,
  description TEXT,
  strategies TEXT NOT NULL DEFAULT '[]',
  target_behaviors TEXT NOT NULL DEFAULT '[]',
  success_criteria TEXT NOT NULL DEFAULT '{}',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  review_frequency TEXT NOT NULL DEFAULT 'weekly',
  status TEXT NOT NULL DEFAULT 'draft',
  progress_percentage INTEGER NOT NULL DEFAULT 0,
  required_materials TEXT,
  resources TEXT,
  needs_review INTEGER NOT NULL DEFAULT 0,
  last_reviewed_at TEXT,
  title_lc TEXT NOT NULL DEFAULT '',
  objective_lc TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_created ON intervention_plans (created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_student ON intervention_plans (student_id, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_status ON intervention_plans (status, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_created_by ON intervention_plans (created_by_id);

CREATE TABLE IF NOT EXISTS intervention_plan_professionals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id TEXT NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
  professional_id TEXT NOT NULL REFERENCES professionals(id),
  added_at TEXT NOT NULL,
  UNIQUE (plan_id, professional_id)
);
CREATE INDEX IF NOT EXISTS ix_plan_professionals_professional ON intervention_plan_professionals (professional_id);

CREATE TABLE IF NOT EXISTS intervention_plan_progress_notes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id TEXT NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
  professional_id TEXT NOT NULL,
  noted_at TEXT NOT NULL,
  content TEXT NOT NULL,
  challenges TEXT,
  successes TEXT,
  next_steps TEXT
);
CREATE INDEX IF NOT EXISTS ix_plan_progress_notes_plan ON intervention_plan_progress_notes (plan_id, seq);

CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  priority TEXT NOT NULL DEFAULT 'medium',
  priority_rank INTEGER NOT NULL DEFAULT 2,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  intervention_plan_id TEXT REFERENCES intervention_plans(id) ON DELETE CASCADE,
  action_url TEXT,
  is_read INTEGER NOT NULL DEFAULT 0,
  read_at TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT
);
CREATE INDEX IF NOT EXISTS ix_notifications_user_order ON notifications (user_id, priority_rank DESC, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_notifications_user_unread ON notifications (user_id, is_read);
CREATE INDEX IF NOT EXISTS ix_notifications_plan_dedup ON notifications (intervention_plan_id, user_id, type, created_at);
CREATE INDEX IF NOT EXISTS ix_notifications_expires ON notifications (expires_at);

-- When the notification sweep last ran (any instance): lets the other instances skip it.
CREATE TABLE IF NOT EXISTS notification_sweep_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_run_at TEXT NOT NULL
);
