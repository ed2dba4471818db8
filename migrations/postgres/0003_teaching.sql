-- Teaching area (API.md §4.4–§4.6): students (owned by a user, `teacher_id`), activities and
-- assessments. `owner_id` on activities/assessments is the student's teacher, denormalised
-- (a student's teacher never changes) so that scoped lists are one index range scan.
-- Free-form documents use `json` (keeps the client's key order); lists that are queried use
-- `jsonb` (GIN containment for BNCC codes).
CREATE TABLE IF NOT EXISTS students (
  id uuid PRIMARY KEY,
  teacher_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  name_key text NOT NULL,            -- lower(name): case-insensitive order, same in both dialects
  date_of_birth date NOT NULL,
  diagnosis text NOT NULL,
  tea_level text,
  interests jsonb NOT NULL DEFAULT '[]',
  learning_profile json,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_students_teacher_name
  ON students (teacher_id, name_key COLLATE "C", created_at, id);
CREATE INDEX IF NOT EXISTS ix_students_name ON students (name_key COLLATE "C", created_at, id);
CREATE INDEX IF NOT EXISTS ix_students_created_at ON students (created_at);

CREATE TABLE IF NOT EXISTS activities (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL,
  created_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
  title text NOT NULL,
  description text NOT NULL,
  activity_type text NOT NULL,
  difficulty text NOT NULL,
  duration_minutes integer NOT NULL,
  objectives jsonb NOT NULL DEFAULT '[]',
  materials jsonb NOT NULL DEFAULT '[]',
  instructions jsonb NOT NULL DEFAULT '[]',
  adaptations jsonb NOT NULL DEFAULT '[]',
  visual_supports jsonb NOT NULL DEFAULT '[]',
  success_criteria jsonb NOT NULL DEFAULT '[]',
  theme text,
  tags jsonb NOT NULL DEFAULT '[]',
  generated_by_ai boolean NOT NULL DEFAULT false,
  generation_metadata json,
  is_published boolean NOT NULL DEFAULT true,
  is_template boolean NOT NULL DEFAULT false,
  subject text,
  grade_level text,
  pedagogical_type text,
  bncc_competencies jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- Lists and searches: published rows of one owner (or all, for admins), newest first.
CREATE INDEX IF NOT EXISTS ix_activities_owner_published_created
  ON activities (owner_id, created_at DESC, id) WHERE is_published;
CREATE INDEX IF NOT EXISTS ix_activities_published_created
  ON activities (created_at DESC, id) WHERE is_published;
CREATE INDEX IF NOT EXISTS ix_activities_student_created ON activities (student_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_activities_subject ON activities (subject);
CREATE INDEX IF NOT EXISTS ix_activities_grade_level ON activities (grade_level);
CREATE INDEX IF NOT EXISTS ix_activities_subject_grade
  ON activities (owner_id, subject, grade_level, created_at DESC) WHERE is_published;
CREATE INDEX IF NOT EXISTS ix_activities_bncc ON activities USING gin (bncc_competencies jsonb_path_ops);
CREATE INDEX IF NOT EXISTS ix_activities_created_by ON activities (created_by_id);

CREATE TABLE IF NOT EXISTS assessments (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  student_id uuid NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL,
  assessed_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
  completion_status text NOT NULL,
  engagement_level text NOT NULL,
  difficulty_rating text NOT NULL,
  actual_duration_minutes integer,
  notes text,
  strengths_observed text,
  challenges_observed text,
  recommendations text,
  modifications_made text,
  skills_demonstrated json,
  behavioral_notes json,
  independence_level text,
  assistance_needed text,
  objectives_met json,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessments_student_created ON assessments (student_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_owner_created ON assessments (owner_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_created ON assessments (created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_activity ON assessments (activity_id);
CREATE INDEX IF NOT EXISTS ix_assessments_assessed_by ON assessments (assessed_by_id);
