-- BNCC catalog (API.md §4.13): the durable copy of the loaded dataset. Reads are served by the
-- in-memory index (src/domain/bncc/index.hpp); these tables keep the catalog and its version
-- across restarts and let `eduautismo import-bncc` load it once for every task.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS bncc_catalog (
  id integer PRIMARY KEY CHECK (id = 1),
  version text,               -- first 12 hex digits of sha256(bncc.csv); NULL = never imported
  sha256 text,
  extra_sha256 text,          -- '' when bncc_extra.csv was absent
  source text,                -- 'file' / 's3'
  skill_count integer NOT NULL DEFAULT 0,
  skipped_rows integer NOT NULL DEFAULT 0,
  imported_at timestamptz
);
INSERT INTO bncc_catalog (id) VALUES (1) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS bncc_skills (
  code text PRIMARY KEY,
  position integer NOT NULL,            -- catalog order (stage EI, EF, EM, then code)
  stage text NOT NULL CHECK (stage IN ('EI', 'EF', 'EM')),
  years jsonb NOT NULL,                 -- array of ints
  year_mask integer NOT NULL,           -- bit y set for each year y (year filter)
  component text,
  component_code text,
  area text,
  area_code text,
  thematic_unit text,
  knowledge_objects jsonb NOT NULL,     -- array of strings
  description text NOT NULL,
  field_of_action text,
  language_practice text,
  axis text,
  specific_competencies jsonb NOT NULL, -- array of strings
  pdf_page integer,
  -- Folded (NFD, no combining marks, lower-case) by the application, identical on both backends.
  search_text text NOT NULL,            -- fold(code || ' ' || description)
  component_folded text,
  area_folded text,
  thematic_folded text
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_bncc_skills_position ON bncc_skills (position);
CREATE INDEX IF NOT EXISTS ix_bncc_skills_stage ON bncc_skills (stage, position);
-- Substring search (LIKE '%token%') over the folded text.
CREATE INDEX IF NOT EXISTS ix_bncc_skills_search_trgm ON bncc_skills USING gin (search_text gin_trgm_ops);
