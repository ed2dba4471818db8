-- BNCC catalog (API.md §4.13): the durable copy of the loaded dataset. Reads are served by the
-- in-memory index (src/domain/bncc/index.hpp); these tables keep the catalog and its version
-- across restarts and let `eduautismo import-bncc` load it once for every task.
CREATE TABLE IF NOT EXISTS bncc_catalog (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT,               -- first 12 hex digits of sha256(bncc.csv); NULL = never imported
  sha256 TEXT,
  extra_sha256 TEXT,          -- '' when bncc_extra.csv was absent
  source TEXT,                -- 'file' / 's3'
  skill_count INTEGER NOT NULL DEFAULT 0,
  skipped_rows INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT
);
INSERT OR IGNORE INTO bncc_catalog (id) VALUES (1);

CREATE TABLE IF NOT EXISTS bncc_skills (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL,            -- catalog order (stage EI, EF, EM, then code)
  stage TEXT NOT NULL CHECK (stage IN ('EI', 'EF', 'EM')),
  years TEXT NOT NULL,                  -- JSON array of ints
  year_mask INTEGER NOT NULL,           -- bit y set for each year y (year filter)
  component TEXT,
  component_code TEXT,
  area TEXT,
  area_code TEXT,
  thematic_unit TEXT,
  knowledge_objects TEXT NOT NULL,      -- JSON array of strings
  description TEXT NOT NULL,
  field_of_action TEXT,
  language_practice TEXT,
  axis TEXT,
  specific_competencies TEXT NOT NULL,  -- JSON array of strings
  pdf_page INTEGER,
  -- Folded (NFD, no combining marks, lower-case) by the application, identical on both backends.
  search_text TEXT NOT NULL,            -- fold(code || ' ' || description)
  component_folded TEXT,
  area_folded TEXT,
  thematic_folded TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_bncc_skills_position ON bncc_skills (position);
CREATE INDEX IF NOT EXISTS ix_bncc_skills_stage ON bncc_skills (stage, position);

-- Substring search over the folded text: FTS5 trigram index (external content, rebuilt by
-- each import inside the import transaction).
CREATE VIRTUAL TABLE IF NOT EXISTS bncc_skills_fts USING fts5(
  search_text, content='bncc_skills', content_rowid='rowid', tokenize='trigram');
