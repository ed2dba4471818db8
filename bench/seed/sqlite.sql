-- Seed-scale dataset for the embedded SQLite default (bench/seed.sh substitutes :teachers, :spt,
-- :apst, :aspa, :'hash', :'bncc' and pipes it to sqlite3; not a migration). Same shape and id
-- scheme (bbbbbbbK-0000-4000-8000-<n in hex>) as postgres.sql; timestamps as the server stores
-- them (ISO text, microseconds, Z), booleans as 0/1.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE bncc_raw (code TEXT, stage TEXT, years TEXT, component TEXT, area TEXT,
  thematic_unit TEXT, knowledge_object TEXT, description TEXT);
.import --csv --skip 1 :'bncc' bncc_raw
CREATE TEMP TABLE subj (i INTEGER, subject TEXT, component TEXT);
INSERT INTO subj VALUES
 (0,'matematica','Matemática'),(1,'portugues','Língua Portuguesa'),(2,'literatura','Língua Portuguesa'),
 (3,'redacao','Língua Portuguesa'),(4,'ciencias','Ciências'),(5,'historia','História'),(6,'geografia','Geografia'),
 (7,'arte','Arte'),(8,'educacao_fisica','Educação Física'),(9,'musica','Arte'),(10,'ingles','Língua Inglesa'),
 (11,'espanhol',NULL),(12,'biologia','Ciências'),(13,'fisica','Ciências'),(14,'quimica','Ciências'),
 (15,'filosofia',NULL),(16,'sociologia',NULL),(17,'informatica',NULL),(18,'artes_visuais','Arte'),
 (19,'teatro','Arte'),(20,'danca','Arte'),(21,'educacao_profissional',NULL),(22,'empreendedorismo',NULL),
 (23,'educacao_financeira','Matemática'),(24,'educacao_ambiental','Ciências');
CREATE TEMP TABLE grade (i INTEGER, grade_level TEXT, stage TEXT, yr TEXT);
INSERT INTO grade VALUES
 (0,'infantil_maternal','EI','1'),(1,'infantil_1','EI','2'),(2,'infantil_2','EI','3'),
 (3,'fundamental_1_1ano','EF','1'),(4,'fundamental_1_2ano','EF','2'),(5,'fundamental_1_3ano','EF','3'),
 (6,'fundamental_1_4ano','EF','4'),(7,'fundamental_1_5ano','EF','5'),(8,'fundamental_2_6ano','EF','6'),
 (9,'fundamental_2_7ano','EF','7'),(10,'fundamental_2_8ano','EF','8'),(11,'fundamental_2_9ano','EF','9'),
 (12,'medio_1ano','EM','1'),(13,'medio_2ano','EM','2'),(14,'medio_3ano','EM','3'),
 (15,'eja_fundamental','EF','9'),(16,'eja_medio_1','EM','1'),(17,'eja_medio_3','EM','3');
-- Candidate codes per combo: same stage and year (and component when the subject has one).
CREATE TEMP TABLE combo AS
SELECT s.i * 18 + g.i AS c, s.subject, g.grade_level,
  coalesce((SELECT json_group_array(code) FROM (SELECT code FROM bncc_raw b WHERE b.stage = g.stage
              AND instr(';' || b.years || ';', ';' || g.yr || ';') > 0 AND b.component = s.component ORDER BY code)
            HAVING count(*) > 0),
           (SELECT json_group_array(code) FROM (SELECT code FROM bncc_raw b WHERE b.stage = g.stage
              AND instr(';' || b.years || ';', ';' || g.yr || ';') > 0 ORDER BY code))) AS codes
FROM subj s CROSS JOIN grade g;
UPDATE combo SET codes = '[]' WHERE codes IS NULL;

BEGIN;
INSERT INTO users (id, email, hashed_password, full_name, role, is_active, is_verified, created_at, updated_at)
SELECT printf('bbbbbbb1-0000-4000-8000-%012x', value), 'teacher' || value || '@bench.example', :'hash',
       'Professora ' || value, 'teacher', 1, 1,
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-400 days'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-400 days')
FROM generate_series(0, :teachers - 1);

INSERT INTO professionals (id, name, email, role, specialization, license_number, organization, phone, is_active,
                           created_at, updated_at)
SELECT printf('bbbbbbb2-0000-4000-8000-%012x', value), 'Professora ' || value, 'prof' || value || '@bench.example',
       'teacher', 'Educação especial', NULL, 'Escola ' || (value / 20), NULL, 1,
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-400 days'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-400 days')
FROM generate_series(0, :teachers - 1);

INSERT INTO students (id, teacher_id, name, name_key, date_of_birth, diagnosis, tea_level, interests,
                      learning_profile, is_active, created_at, updated_at)
SELECT printf('bbbbbbb3-0000-4000-8000-%012x', value), printf('bbbbbbb1-0000-4000-8000-%012x', value / :spt),
       printf('Aluno %06d', value), printf('aluno %06d', value), date('2008-01-01', '+' || (value % 5000) || ' days'),
       'Transtorno do Espectro Autista - Nível ' || (1 + value % 3), 'level_' || (1 + value % 3),
       '["dinossauros", "música", "quebra-cabeças"]', '{"visual": 8, "auditivo": 5}', value % 50 <> 0,
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-300 days', '+' || value || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-300 days', '+' || value || ' seconds')
FROM generate_series(0, :teachers * :spt - 1);

INSERT INTO activities (id, student_id, owner_id, created_by_id, title, description, activity_type,
  difficulty, duration_minutes, objectives, materials, instructions, adaptations, visual_supports,
  success_criteria, theme, tags, generated_by_ai, generation_metadata, is_published, is_template,
  subject, grade_level, pedagogical_type, bncc_competencies, created_at, updated_at)
SELECT printf('bbbbbbb4-0000-4000-8000-%012x', k), printf('bbbbbbb3-0000-4000-8000-%012x', k / :apst),
  printf('bbbbbbb1-0000-4000-8000-%012x', k / :apst / :spt), printf('bbbbbbb1-0000-4000-8000-%012x', k / :apst / :spt),
  'Atividade ' || k || ' de ' || c.subject,
  'Atividade de ' || c.subject || ' adaptada para o aluno, com apoio visual e passos curtos.',
  json_extract('["cognitive","social","motor","sensory","communication","daily_living","academic"]', '$[' || (k % 7) || ']'),
  json_extract('["very_easy","easy","medium","hard","very_hard"]', '$[' || (k % 5) || ']'), 15 + 5 * (k % 10),
  '["Desenvolver habilidades adequadas ao nível do aluno", "Promover engajamento"]',
  '["Material visual de apoio", "Recursos adaptados para TEA"]',
  '["1. Prepare o ambiente", "2. Apresente a atividade", "3. Divida a tarefa em passos"]',
  '["Use apoios visuais"]', '["Sequência visual dos passos"]', '["Completa 70% da atividade"]',
  'tema ' || (k % 50), '["cognitive", "easy"]', k % 2 = 0,
  CASE WHEN k % 2 = 0 THEN '{"model": "template-based"}' END, k % 20 <> 0, 0,
  c.subject, c.grade_level,
  json_extract('["exercicio","jogo_educativo","projeto","leitura","arte_manual","experimento","debate","pesquisa","apresentacao","avaliacao"]', '$[' || (k % 10) || ']'),
  CASE WHEN k % 10 < 7 AND json_array_length(c.codes) > 0 THEN
    CASE WHEN k % 2 = 0 THEN json_array(json_extract(c.codes, '$[' || (k % json_array_length(c.codes)) || ']'))
    ELSE json_array(json_extract(c.codes, '$[' || (k % json_array_length(c.codes)) || ']'),
                    json_extract(c.codes, '$[' || ((k + 7) % json_array_length(c.codes)) || ']')) END
  ELSE '[]' END,
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-200 days', '+' || (k * 10) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-200 days', '+' || (k * 10) || ' seconds')
FROM (SELECT value AS k FROM generate_series(0, :teachers * :spt * :apst - 1)) g
JOIN combo c ON c.c = (k / :apst * 7 + k) % 450;

INSERT INTO assessments (id, activity_id, student_id, owner_id, assessed_by_id, completion_status,
  engagement_level, difficulty_rating, actual_duration_minutes, notes, strengths_observed, challenges_observed,
  recommendations, modifications_made, skills_demonstrated, behavioral_notes, independence_level,
  assistance_needed, objectives_met, created_at, updated_at)
SELECT printf('bbbbbbb5-0000-4000-8000-%012x', e), printf('bbbbbbb4-0000-4000-8000-%012x', e / :aspa),
  printf('bbbbbbb3-0000-4000-8000-%012x', e / :aspa / :apst),
  printf('bbbbbbb1-0000-4000-8000-%012x', e / :aspa / :apst / :spt),
  printf('bbbbbbb1-0000-4000-8000-%012x', e / :aspa / :apst / :spt),
  json_extract('["completed","completed","in_progress","needs_assistance","abandoned"]', '$[' || (e % 5) || ']'),
  json_extract('["none","low","medium","high","very_high"]', '$[' || ((e / 3) % 5) || ']'),
  json_extract('["too_easy","slightly_easy","appropriate","slightly_hard","too_hard"]', '$[' || ((e / 7) % 5) || ']'),
  10 + e % 40, 'Participou bem da atividade.', 'Atenção sustentada', 'Transições', 'Manter apoio visual', NULL,
  '{"contagem": true}', NULL, 'Independente com supervisão', 'Pouca', NULL,
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-150 days', '+' || (e * 5) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-150 days', '+' || (e * 5) || ' seconds')
FROM (SELECT value AS e FROM generate_series(0, :teachers * :spt * :apst * :aspa - 1));

INSERT INTO intervention_plans (id, student_id, created_by_id, title, objective, description, strategies,
  target_behaviors, success_criteria, start_date, end_date, review_frequency, status, progress_percentage,
  required_materials, resources, needs_review, last_reviewed_at, title_lc, objective_lc, created_at, updated_at)
SELECT printf('bbbbbbb6-0000-4000-8000-%012x', s), printf('bbbbbbb3-0000-4000-8000-%012x', s),
  printf('bbbbbbb2-0000-4000-8000-%012x', s / :spt),
  'Plano de comunicação ' || s, 'Ampliar a comunicação funcional', 'Plano gerado para o benchmark',
  '["Rotina visual", "Reforço positivo"]', '["comunicação", "interação"]', '{"meta": "80%"}',
  date('now', '-' || (60 + s % 30) || ' days'), date('now', '+' || (120 + s % 60) || ' days'),
  json_extract('["weekly","biweekly","monthly","daily","quarterly"]', '$[' || ((s / 4) % 5) || ']'),
  json_extract('["active","active","active","draft","paused"]', '$[' || ((s / 4) % 5) || ']'), (s * 7) % 100,
  NULL, NULL, 0, CASE WHEN (s / 4) % 3 = 0 THEN NULL ELSE date('now', '-' || (s % 45) || ' days') END,
  'plano de comunicação ' || s, 'ampliar a comunicação funcional',
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-60 days', '+' || s || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-60 days', '+' || s || ' seconds')
FROM (SELECT value AS s FROM generate_series(0, :teachers * :spt - 1, 4));

INSERT INTO observations (id, student_id, professional_id, observation_type, context, content, behavioral_indicators,
  socioemotional_indicators, severity_level, requires_intervention, is_private, tags, attachments, observed_at,
  created_at, updated_at)
SELECT printf('bbbbbbb7-0000-4000-8000-%012x', o), printf('bbbbbbb3-0000-4000-8000-%012x', o / 2),
  printf('bbbbbbb2-0000-4000-8000-%012x', o / 2 / :spt),
  json_extract('["behavioral","academic","social","emotional","sensory","communication","motor","clinical","general"]', '$[' || (o % 9) || ']'),
  json_extract('["classroom","recess","pe_class","therapy","lunch","transition","group_activity","individual_activity","home","other"]', '$[' || (o % 10) || ']'),
  'Observação registrada durante a rotina escolar.', '{"agitacao": 2}', NULL, 1 + o % 5, o % 9 = 0, o % 13 = 0,
  '["rotina"]', '[]', strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (o * 60) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (o * 60) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (o * 60) || ' seconds')
FROM (SELECT value AS o FROM generate_series(0, :teachers * :spt * 2 - 1));

INSERT INTO socioemotional_indicators (id, student_id, professional_id, indicator_type, context, score, observations,
  specific_behaviors, environmental_factors, triggers, supports_used, measured_at, created_at, updated_at)
SELECT printf('bbbbbbb8-0000-4000-8000-%012x', x), printf('bbbbbbb3-0000-4000-8000-%012x', x / 3),
  printf('bbbbbbb2-0000-4000-8000-%012x', x / 3 / :spt),
  json_extract('["emotional_regulation","social_interaction","communication_skills","adaptive_behavior","sensory_processing","attention_focus"]', '$[' || (x % 6) || ']'),
  json_extract('["classroom","recess","therapy","home"]', '$[' || (x % 4) || ']'), 1 + x % 10, 'Medida semanal',
  NULL, NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (x * 90) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (x * 90) || ' seconds'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', '-' || (x * 90) || ' seconds')
FROM (SELECT value AS x FROM generate_series(0, :teachers * :spt * 3 - 1));
COMMIT;
ANALYZE;
