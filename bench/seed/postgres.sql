-- Seed-scale dataset for PostgreSQL (bench/seed.sh runs it through psql; not a migration).
-- Variables: teachers, spt (students/teacher), apst (activities/student), aspa (assessments/
-- activity), hash (password hash shared by every teacher), bncc (path of bncc.csv).
-- Ids encode (table, row number) as bbbbbbbK-0000-4000-8000-<n in hex>, so that children find their
-- parent without a join and bench/seed.sh can list them for the load generator.
\set ON_ERROR_STOP 1
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
CREATE FUNCTION pg_temp.bid(kind int, n bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
  AS $$ SELECT (lpad(to_hex(kind), 8, 'b') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;

-- Secondary indexes of the bulk tables are dropped and rebuilt after the load (faster than
-- maintaining them row by row); their definitions come from the catalog, so they stay those
-- of the migrations.
CREATE TEMP TABLE seed_indexes AS
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = 'public' AND indexdef NOT LIKE '%UNIQUE%'
  AND tablename IN ('students', 'activities', 'assessments', 'observations', 'socioemotional_indicators',
                    'intervention_plans');
SELECT format('DROP INDEX %I', indexname) FROM seed_indexes \gexec

-- The BNCC reference, read in place; candidate codes per (subject, grade level).
CREATE TEMP TABLE bncc_raw (code text, stage text, years text, component text, area text,
  thematic_unit text, knowledge_object text, description text);
\set copycmd '\\copy bncc_raw FROM ' :'bncc' ' WITH (FORMAT csv, HEADER true)'
:copycmd
CREATE TEMP TABLE subj AS SELECT * FROM (VALUES
 (0,'matematica','Matemática'),(1,'portugues','Língua Portuguesa'),(2,'literatura','Língua Portuguesa'),
 (3,'redacao','Língua Portuguesa'),(4,'ciencias','Ciências'),(5,'historia','História'),(6,'geografia','Geografia'),
 (7,'arte','Arte'),(8,'educacao_fisica','Educação Física'),(9,'musica','Arte'),(10,'ingles','Língua Inglesa'),
 (11,'espanhol',NULL),(12,'biologia','Ciências'),(13,'fisica','Ciências'),(14,'quimica','Ciências'),
 (15,'filosofia',NULL),(16,'sociologia',NULL),(17,'informatica',NULL),(18,'artes_visuais','Arte'),
 (19,'teatro','Arte'),(20,'danca','Arte'),(21,'educacao_profissional',NULL),(22,'empreendedorismo',NULL),
 (23,'educacao_financeira','Matemática'),(24,'educacao_ambiental','Ciências')) v(i, subject, component);
CREATE TEMP TABLE grade AS SELECT * FROM (VALUES
 (0,'infantil_maternal','EI','1'),(1,'infantil_1','EI','2'),(2,'infantil_2','EI','3'),
 (3,'fundamental_1_1ano','EF','1'),(4,'fundamental_1_2ano','EF','2'),(5,'fundamental_1_3ano','EF','3'),
 (6,'fundamental_1_4ano','EF','4'),(7,'fundamental_1_5ano','EF','5'),(8,'fundamental_2_6ano','EF','6'),
 (9,'fundamental_2_7ano','EF','7'),(10,'fundamental_2_8ano','EF','8'),(11,'fundamental_2_9ano','EF','9'),
 (12,'medio_1ano','EM','1'),(13,'medio_2ano','EM','2'),(14,'medio_3ano','EM','3'),
 (15,'eja_fundamental','EF','9'),(16,'eja_medio_1','EM','1'),(17,'eja_medio_3','EM','3')) v(i, grade_level, stage, yr);
CREATE TEMP TABLE combo AS
SELECT s.i * 18 + g.i AS c, s.subject, g.grade_level,
  coalesce(
    (SELECT array_agg(code ORDER BY code) FROM bncc_raw b WHERE b.stage = g.stage
       AND g.yr = ANY (string_to_array(b.years, ';')) AND b.component = s.component),
    (SELECT array_agg(code ORDER BY code) FROM bncc_raw b WHERE b.stage = g.stage
       AND g.yr = ANY (string_to_array(b.years, ';')))) AS codes
FROM subj s CROSS JOIN grade g;

INSERT INTO users (id, email, hashed_password, full_name, role, is_active, is_verified, created_at, updated_at)
SELECT pg_temp.bid(1, t), 'teacher' || t || '@bench.example', :'hash', 'Professora ' || t, 'teacher', true, true,
       now() - interval '400 days', now() - interval '400 days'
FROM generate_series(0, :teachers - 1) t;

INSERT INTO professionals (id, name, email, role, specialization, license_number, organization, phone, is_active,
                           created_at, updated_at)
SELECT pg_temp.bid(2, t), 'Professora ' || t, 'prof' || t || '@bench.example', 'teacher', 'Educação especial', NULL,
       'Escola ' || (t / 20), NULL, true, now() - interval '400 days', now() - interval '400 days'
FROM generate_series(0, :teachers - 1) t;

INSERT INTO students (id, teacher_id, name, name_key, date_of_birth, diagnosis, tea_level, interests,
                      learning_profile, is_active, created_at, updated_at)
SELECT pg_temp.bid(3, s), pg_temp.bid(1, s / :spt), 'Aluno ' || lpad(s::text, 6, '0'),
       'aluno ' || lpad(s::text, 6, '0'), date '2008-01-01' + (s % 5000),
       'Transtorno do Espectro Autista - Nível ' || (1 + s % 3), 'level_' || (1 + s % 3),
       '["dinossauros", "música", "quebra-cabeças"]', '{"visual": 8, "auditivo": 5}', s % 50 <> 0,
       now() - interval '300 days' + make_interval(secs => s), now() - interval '300 days' + make_interval(secs => s)
FROM generate_series(0, :teachers * :spt - 1) s;

-- Activities: k-th activity of student k / apst, subject × grade combo k % 450, one or two real
-- BNCC codes of that combo for 70 % of them, 5 % unpublished drafts.
INSERT INTO activities (id, student_id, owner_id, created_by_id, title, description, activity_type,
  difficulty, duration_minutes, objectives, materials, instructions, adaptations, visual_supports,
  success_criteria, theme, tags, generated_by_ai, generation_metadata, is_published, is_template,
  subject, grade_level, pedagogical_type, bncc_competencies, created_at, updated_at)
SELECT pg_temp.bid(4, k), pg_temp.bid(3, k / :apst), pg_temp.bid(1, k / :apst / :spt),
  pg_temp.bid(1, k / :apst / :spt), 'Atividade ' || k || ' de ' || c.subject,
  'Atividade de ' || c.subject || ' adaptada para o aluno, com apoio visual e passos curtos.',
  (ARRAY['cognitive','social','motor','sensory','communication','daily_living','academic'])[1 + k % 7],
  (ARRAY['very_easy','easy','medium','hard','very_hard'])[1 + k % 5], 15 + 5 * (k % 10),
  '["Desenvolver habilidades adequadas ao nível do aluno", "Promover engajamento"]',
  '["Material visual de apoio", "Recursos adaptados para TEA"]',
  '["1. Prepare o ambiente", "2. Apresente a atividade", "3. Divida a tarefa em passos"]',
  '["Use apoios visuais"]', '["Sequência visual dos passos"]', '["Completa 70% da atividade"]',
  'tema ' || (k % 50), '["cognitive", "easy"]', k % 2 = 0,
  CASE WHEN k % 2 = 0 THEN '{"model": "template-based"}'::json END, k % 20 <> 0, false,
  c.subject, c.grade_level,
  (ARRAY['exercicio','jogo_educativo','projeto','leitura','arte_manual','experimento','debate','pesquisa',
         'apresentacao','avaliacao'])[1 + k % 10],
  CASE WHEN k % 10 < 7 AND cardinality(c.codes) > 0 THEN
    CASE WHEN k % 2 = 0 THEN jsonb_build_array(c.codes[1 + k % cardinality(c.codes)])
    ELSE jsonb_build_array(c.codes[1 + k % cardinality(c.codes)], c.codes[1 + (k + 7) % cardinality(c.codes)]) END
  ELSE '[]'::jsonb END,
  now() - interval '200 days' + make_interval(secs => k * 10), now() - interval '200 days' + make_interval(secs => k * 10)
FROM generate_series(0, :teachers * :spt * :apst - 1) k JOIN combo c ON c.c = (k / :apst * 7 + k) % 450;

INSERT INTO assessments (id, activity_id, student_id, owner_id, assessed_by_id, completion_status,
  engagement_level, difficulty_rating, actual_duration_minutes, notes, strengths_observed, challenges_observed,
  recommendations, modifications_made, skills_demonstrated, behavioral_notes, independence_level,
  assistance_needed, objectives_met, created_at, updated_at)
SELECT pg_temp.bid(5, e), pg_temp.bid(4, e / :aspa), pg_temp.bid(3, e / :aspa / :apst),
  pg_temp.bid(1, e / :aspa / :apst / :spt), pg_temp.bid(1, e / :aspa / :apst / :spt),
  (ARRAY['completed','completed','in_progress','needs_assistance','abandoned'])[1 + e % 5],
  (ARRAY['none','low','medium','high','very_high'])[1 + (e / 3) % 5],
  (ARRAY['too_easy','slightly_easy','appropriate','slightly_hard','too_hard'])[1 + (e / 7) % 5],
  10 + e % 40, 'Participou bem da atividade.', 'Atenção sustentada', 'Transições', 'Manter apoio visual', NULL,
  '{"contagem": true}', NULL, 'Independente com supervisão', 'Pouca', NULL,
  now() - interval '150 days' + make_interval(secs => e * 5), now() - interval '150 days' + make_interval(secs => e * 5)
FROM generate_series(0, :teachers * :spt * :apst * :aspa - 1) e;

-- One intervention plan per four students (created by the teacher's professional, 60 % active),
-- two observations and three socio-emotional indicators per student.
INSERT INTO intervention_plans (id, student_id, created_by_id, title, objective, description, strategies,
  target_behaviors, success_criteria, start_date, end_date, review_frequency, status, progress_percentage,
  required_materials, resources, needs_review, last_reviewed_at, title_lc, objective_lc, created_at, updated_at)
SELECT pg_temp.bid(6, s), pg_temp.bid(3, s), pg_temp.bid(2, s / :spt),
  'Plano de comunicação ' || s, 'Ampliar a comunicação funcional', 'Plano gerado para o benchmark',
  '["Rotina visual", "Reforço positivo"]', '["comunicação", "interação"]', '{"meta": "80%"}',
  current_date - 60 - s % 30, current_date + 120 + s % 60,
  (ARRAY['weekly','biweekly','monthly','daily','quarterly'])[1 + (s / 4) % 5],
  (ARRAY['active','active','active','draft','paused'])[1 + (s / 4) % 5], (s * 7) % 100, NULL, NULL, false,
  CASE WHEN (s / 4) % 3 = 0 THEN NULL ELSE current_date - (s % 45) END,
  'plano de comunicação ' || s, 'ampliar a comunicação funcional',
  now() - interval '60 days' + make_interval(secs => s), now() - interval '60 days' + make_interval(secs => s)
FROM generate_series(0, :teachers * :spt - 1, 4) s;

INSERT INTO observations (id, student_id, professional_id, observation_type, context, content, behavioral_indicators,
  socioemotional_indicators, severity_level, requires_intervention, is_private, tags, attachments, observed_at,
  created_at, updated_at)
SELECT pg_temp.bid(7, o), pg_temp.bid(3, o / 2), pg_temp.bid(2, o / 2 / :spt),
  (ARRAY['behavioral','academic','social','emotional','sensory','communication','motor','clinical','general'])[1 + o % 9],
  (ARRAY['classroom','recess','pe_class','therapy','lunch','transition','group_activity','individual_activity','home','other'])[1 + o % 10],
  'Observação registrada durante a rotina escolar.', '{"agitacao": 2}', NULL, 1 + o % 5, o % 9 = 0, o % 13 = 0,
  '["rotina"]', '[]', now() - make_interval(secs => o * 60), now() - make_interval(secs => o * 60),
  now() - make_interval(secs => o * 60)
FROM generate_series(0, :teachers * :spt * 2 - 1) o;

INSERT INTO socioemotional_indicators (id, student_id, professional_id, indicator_type, context, score, observations,
  specific_behaviors, environmental_factors, triggers, supports_used, measured_at, created_at, updated_at)
SELECT pg_temp.bid(8, x), pg_temp.bid(3, x / 3), pg_temp.bid(2, x / 3 / :spt),
  (ARRAY['emotional_regulation','social_interaction','communication_skills','adaptive_behavior','sensory_processing',
         'attention_focus'])[1 + x % 6],
  (ARRAY['classroom','recess','therapy','home'])[1 + x % 4], 1 + x % 10, 'Medida semanal', NULL, NULL, NULL, NULL,
  now() - make_interval(secs => x * 90), now() - make_interval(secs => x * 90), now() - make_interval(secs => x * 90)
FROM generate_series(0, :teachers * :spt * 3 - 1) x;

SELECT indexdef FROM seed_indexes \gexec
-- VACUUM as well as ANALYZE, then a checkpoint: a freshly bulk-loaded table would otherwise
-- get its first (insert-triggered) autovacuum, and the WAL of the load its checkpoint, in the
-- middle of the measurement. A production database is in that steady state.
VACUUM (ANALYZE);
CHECKPOINT;
