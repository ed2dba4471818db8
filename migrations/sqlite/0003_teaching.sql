-- Teaching area (API.md §4.4–§4.6): students (owned by a user, `teacher_id`), activities and
-- assessments. `owner_id` on activities/assessments is the student's teacher, denormalised
-- (a student's teacher never changes) so that scoped lists are one index range scan.
-- Lists and documents are JSON text. BNCC codes are mirrored into `activity_bncc` by triggers
-- so that the search by code uses an index (SQLite has no GIN).
CREATE TABLE IF NOT EXISTS students (
  id TEXT PRIMARY KEY,
  teacher_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  diagnosis TEXT NOT NULL,
  tea_level TEXT,
  interests TEXT NOT NULL DEFAULT '[]',
  learning_profile TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_students_teacher_name ON students (teacher_id, name_key, created_at, id);
CREATE INDEX IF NOT EXISTS ix_students_name ON students (name_key, created_at, id);
CREATE INDEX IF NOT EXISTS ix_students_created_at ON students (created_at);

CREATE TABLE IF NOT EXISTS activities (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  created_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  activity_type TEXT NOT NULL,
  difficulty TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  objectives TEXT NOT NULL DEFAULT '[]',
  materials TEXT NOT NULL DEFAULT '[]',
  instructions TEXT NOT NULL DEFAULT '[]',
  adaptations TEXT NOT NULL DEFAULT '[]',
  visual_supports TEXT NOT NULL DEFAULT '[]',
  success_criteria TEXT NOT NULL DEFAULT '[]',
  theme TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  generated_by_ai INTEGER NOT NULL DEFAULT 0,
  generation_metadata TEXT,
  is_published INTEGER NOT NULL DEFAULT 1,
  is_template INTEGER NOT NULL DEFAULT 0,
  subject TEXT,
  grade_level TEXT,
  pedagogical_type TEXT,
  bncc_competencies TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_activities_owner_published_created
  ON activities (owner_id, created_at DESC, id) WHERE is_published = 1;
CREATE INDEX IF NOT EXISTS ix_activities_published_created
  ON activities (created_at DESC, id) WHERE is_published = 1;
CREATE INDEX IF NOT EXISTS ix_activities_student_created ON activities (student_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_activities_subject ON activities (subject);
CREATE INDEX IF NOT EXISTS ix_activities_grade_level ON activities (grade_level);
CREATE INDEX IF NOT EXISTS ix_activities_subject_grade
  ON activities (owner_id, subject, grade_level, created_at DESC) WHERE is_published = 1;
CREATE INDEX IF NOT EXISTS ix_activities_created_by ON activities (created_by_id);

CREATE TABLE IF NOT EXISTS activity_bncc (
  code TEXT NOT NULL,
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  PRIMARY KEY (code, activity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_activity_bncc_activity ON activity_bncc (activity_id);
CREATE TRIGGER IF NOT EXISTS tr_activities_bncc_insert AFTER INSERT ON activities BEGIN
  INSERT OR IGNORE INTO activity_bncc (code, activity_id)
    SELECT value, NEW.id FROM json_each(NEW.bncc_competencies);
END;
CREATE TRIGGER IF NOT EXISTS tr_activities_bncc_update AFTER UPDATE OF bncc_competencies ON activities BEGIN
  DELETE FROM activity_bncc WHERE activity_id = NEW.id;
  INSERT OR IGNORE INTO activity_bncc (code, activity_id)
    SELECT value, NEW.id FROM json_each(NEW.bncc_competencies);
END;

CREATE TABLE IF NOT EXISTS assessments (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  assessed_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  completion_status TEXT NOT NULL,
  engagement_level TEXT NOT NULL,
  difficulty_rating TEXT NOT NULL,
  actual_duration_minutes INTEGER,
  notes TEXT,
  strengths_observed TEXT,
  challenges_observed TEXT,
  recommendations TEXT,
  modifications_made TEXT,
  skills_demonstrated TEXT,
  behavioral_notes TEXT,
  independence_level TEXT,
  assistance_needed TEXT,
  objectives_met TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assessments_student_created ON assessments (student_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_owner_created ON assessments (owner_id, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_created ON assessments (created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_assessments_activity ON assessments (activity_id);
CREATE INDEX IF NOT EXISTS ix_assessments_assessed_by ON assessments (assessed_by_id);
