-- Multi-professional area, part A (API.md §4.7, §4.8, §4.10): professionals, observations and
-- socio-emotional indicators. Deleting a student removes its observations and indicators
-- (API.md §5.4); professionals are only ever soft-deleted, so rows referencing them stay valid.
-- (SQLite accepts a reference to `students` before 0003 created it; it is checked on writes.)
CREATE TABLE IF NOT EXISTS professionals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  specialization TEXT,
  license_number TEXT,
  organization TEXT NOT NULL,
  phone TEXT,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- E-mails are stored lower-cased, so a plain unique index is case-insensitive uniqueness.
CREATE UNIQUE INDEX IF NOT EXISTS ux_professionals_email ON professionals (email);
CREATE INDEX IF NOT EXISTS ix_professionals_name ON professionals (lower(name), id);
CREATE INDEX IF NOT EXISTS ix_professionals_role ON professionals (role);
CREATE INDEX IF NOT EXISTS ix_professionals_created_at ON professionals (created_at);

CREATE TABLE IF NOT EXISTS observations (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  professional_id TEXT NOT NULL REFERENCES professionals (id),
  observation_type TEXT NOT NULL,
  context TEXT NOT NULL,
  content TEXT NOT NULL,
  behavioral_indicators TEXT,
  socioemotional_indicators TEXT,
  severity_level INTEGER NOT NULL DEFAULT 1 CHECK (severity_level BETWEEN 1 AND 5),
  requires_intervention INTEGER NOT NULL DEFAULT 0,
  is_private INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',
  attachments TEXT NOT NULL DEFAULT '[]',
  observed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_observations_student ON observations (student_id, observed_at);
CREATE INDEX IF NOT EXISTS ix_observations_professional ON observations (professional_id);
CREATE INDEX IF NOT EXISTS ix_observations_observed_at ON observations (observed_at);
CREATE INDEX IF NOT EXISTS ix_observations_created_at ON observations (created_at);
CREATE INDEX IF NOT EXISTS ix_observations_intervention ON observations (requires_intervention, observed_at);

CREATE TABLE IF NOT EXISTS socioemotional_indicators (
  id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
  professional_id TEXT NOT NULL REFERENCES professionals (id),
  indicator_type TEXT NOT NULL,
  context TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
  observations TEXT,
  specific_behaviors TEXT,
  environmental_factors TEXT,
  triggers TEXT,
  supports_used TEXT,
  measured_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_indicators_student_type ON socioemotional_indicators (student_id, indicator_type, measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_student ON socioemotional_indicators (student_id, measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_professional ON socioemotional_indicators (professional_id);
CREATE INDEX IF NOT EXISTS ix_indicators_measured_at ON socioemotional_indicators (measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_created_at ON socioemotional_indicators (created_at);
