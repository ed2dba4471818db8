-- Intervention plans, their involved professionals and progress notes, and notifications
-- (API.md §4.9, §4.11). Progress notes and involvement are child rows so that concurrent
-- appends never overwrite each other; the insertion sequence keeps their order.
-- Free-form documents (strategies, success_criteria, resources) are `json`, not `jsonb`, so
-- they round-trip exactly as given (key order included).
CREATE TABLE IF NOT EXISTS intervention_plans (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  created_by_id uuid NOT NULL REFERENCES professionals(id),
  title text NOT NULL,
  objective text NOT NULL,
  description text,
  strategies json NOT NULL DEFAULT '[]',
  target_behaviors jsonb NOT NULL DEFAULT '[]',
  success_criteria json NOT NULL DEFAULT '{}',
  start_date date NOT NULL,
  end_date date NOT NULL,
  review_frequency text NOT NULL DEFAULT 'weekly',
  status text NOT NULL DEFAULT 'draft',
  progress_percentage integer NOT NULL DEFAULT 0,
  required_materials jsonb,
  resources json,
  needs_review boolean NOT NULL DEFAULT false,
  last_reviewed_at date,
  title_lc text NOT NULL DEFAULT '',
  objective_lc text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_created ON intervention_plans (created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_student ON intervention_plans (student_id, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_status ON intervention_plans (status, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_intervention_plans_created_by ON intervention_plans (created_by_id);

CREATE TABLE IF NOT EXISTS intervention_plan_professionals (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  added_at timestamptz NOT NULL,
  UNIQUE (plan_id, professional_id)
);
CREATE INDEX IF NOT EXISTS ix_plan_professionals_professional ON intervention_plan_professionals (professional_id);

CREATE TABLE IF NOT EXISTS intervention_plan_progress_notes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
  professional_id uuid NOT NULL,
  noted_at timestamptz NOT NULL,
  content text NOT NULL,
  challenges text,
  successes text,
  next_steps text
);
CREATE INDEX IF NOT EXISTS ix_plan_progress_notes_plan ON intervention_plan_progress_notes (plan_id, seq);

CREATE TABLE IF NOT EXISTS notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type text NOT NULL,
  priority text NOT NULL DEFAULT 'medium',
  priority_rank smallint NOT NULL DEFAULT 2,
  title text NOT NULL,
  message text NOT NULL,
  intervention_plan_id uuid REFERENCES intervention_plans(id) ON DELETE CASCADE,
  action_url text,
  is_read boolean NOT NULL DEFAULT false,
  read_at timestamptz,
  created_at timestamptz NOT NULL,
  expires_at timestamptz
);
CREATE INDEX IF NOT EXISTS ix_notifications_user_order ON notifications (user_id, priority_rank DESC, created_at DESC);
CREATE INDEX IF NOT EXISTS ix_notifications_user_unread ON notifications (user_id, is_read);
CREATE INDEX IF NOT EXISTS ix_notifications_plan_dedup ON notifications (intervention_plan_id, user_id, type, created_at);
CREATE INDEX IF NOT EXISTS ix_notifications_expires ON notifications (expires_at);

-- When the notification sweep last ran (any instance): lets the other instances skip it.
CREATE TABLE IF NOT EXISTS notification_sweep_state (
  id integer PRIMARY KEY CHECK (id = 1),
  last_run_at timestamptz NOT NULL
);
