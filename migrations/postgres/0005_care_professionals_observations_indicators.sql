-- Multi-professional area, part A (API.md §4.7, §4.8, §4.10): professionals, observations and
-- socio-emotional indicators. Deleting a student removes its observations and indicators
-- (API.md §5.4); professionals are only ever soft-deleted, so rows referencing them stay valid.
CREATE TABLE IF NOT EXISTS professionals (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL,
  specialization text,
  license_number text,
  organization text NOT NULL,
  phone text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- E-mails are stored lower-cased, so a plain unique index is case-insensitive uniqueness.
CREATE UNIQUE INDEX IF NOT EXISTS ux_professionals_email ON professionals (email);
CREATE INDEX IF NOT EXISTS ix_professionals_name ON professionals ((lower(name)) COLLATE "C", id);
CREATE INDEX IF NOT EXISTS ix_professionals_role ON professionals (role);
CREATE INDEX IF NOT EXISTS ix_professionals_created_at ON professionals (created_at);

-- Free-form documents are `json` (kept as given, key order included); tags are `jsonb`.
CREATE TABLE IF NOT EXISTS observations (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL,
  professional_id uuid NOT NULL REFERENCES professionals (id),
  observation_type text NOT NULL,
  context text NOT NULL,
  content text NOT NULL,
  behavioral_indicators json,
  socioemotional_indicators json,
  severity_level integer NOT NULL DEFAULT 1 CHECK (severity_level BETWEEN 1 AND 5),
  requires_intervention boolean NOT NULL DEFAULT false,
  is_private boolean NOT NULL DEFAULT false,
  tags jsonb NOT NULL DEFAULT '[]',
  attachments json NOT NULL DEFAULT '[]',
  observed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_observations_student ON observations (student_id, observed_at);
CREATE INDEX IF NOT EXISTS ix_observations_professional ON observations (professional_id);
CREATE INDEX IF NOT EXISTS ix_observations_observed_at ON observations (observed_at);
CREATE INDEX IF NOT EXISTS ix_observations_created_at ON observations (created_at);
CREATE INDEX IF NOT EXISTS ix_observations_intervention ON observations (observed_at) WHERE requires_intervention;

CREATE TABLE IF NOT EXISTS socioemotional_indicators (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL,
  professional_id uuid NOT NULL REFERENCES professionals (id),
  indicator_type text NOT NULL,
  context text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 1 AND 10),
  observations text,
  specific_behaviors text,
  environmental_factors text,
  triggers text,
  supports_used text,
  measured_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_indicators_student_type ON socioemotional_indicators (student_id, indicator_type, measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_student ON socioemotional_indicators (student_id, measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_professional ON socioemotional_indicators (professional_id);
CREATE INDEX IF NOT EXISTS ix_indicators_measured_at ON socioemotional_indicators (measured_at);
CREATE INDEX IF NOT EXISTS ix_indicators_created_at ON socioemotional_indicators (created_at);

-- Student deletion cascades here. The students table comes from 0003; while the areas were
-- built in parallel this file could run before 0003 existed, hence the guard.
DO $$
BEGIN
  IF to_regclass('students') IS NOT NULL THEN
    ALTER TABLE observations ADD CONSTRAINT fk_observations_student
      FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE;
    ALTER TABLE socioemotional_indicators ADD CONSTRAINT fk_indicators_student
      FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE;
  END IF;
END $$;
