#!/usr/bin/env bash
# Teaching API benchmark (not a test): students list, student by id and activities lists with
# filters, through the whole HTTP stack, on PostgreSQL holding 10 000 students and 100 000
# activities (100 teachers × 100 students × 10 activities, seeded with SQL). Starts its own
# throwaway PostgreSQL and server in a temporary directory, runs `wrk -t2 -c32` for a short
# duration per scenario and prints one JSON object (req/s, p50, p99).
# Usage: bench/teaching.sh [seconds per scenario, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-3}
CONNECTIONS=${EDU_BENCH_CONNECTIONS:-32}
BIN=${EDU_BINARY:-$PWD/build/eduautismo}
TMP=$(mktemp -d /tmp/edu-bench-teaching.XXXX)
chmod 755 "$TMP"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  bash deploy/local/postgres.sh stop "$TMP/pg" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

bash deploy/local/postgres.sh start "$TMP/pg" >/dev/null
URL=$(bash deploy/local/postgres.sh createdb "$TMP/pg" bench | sed 's/^url=//')
PORT=$(free_port)
env -i PATH="$PATH" ENVIRONMENT=test PORT="$PORT" EDU_BIND_ADDRESS=127.0.0.1 EDU_DATA_DIR="$TMP/data" \
  DATABASE_URL="$URL" DB_POOL_SIZE=10 JWT_SECRET=bench-secret-0123456789-0123456789-abcdef LOG_LEVEL=WARN \
  RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_USER_PER_MINUTE=0 RATE_LIMIT_AUTH_PER_MINUTE=0 SHUTDOWN_SETTLE_SECONDS=0 \
  "$BIN" serve >"$TMP/server.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do curl -fs "$BASE/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done

curl -fs -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"benchpass123","full_name":"Bench Teacher"}'
LOGIN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -d 'username=bench@example.com&password=benchpass123')
TOKEN=$(echo "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
TEACHER=$(echo "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')

# 99 more teachers; 100 students each (the bench teacher is teacher 0); 10 activities per
# student spread over the 25 subjects × 18 grade levels × 10 formats, a third with BNCC codes.
SEED_START=$(date +%s.%N)
psql "$URL" -q -v ON_ERROR_STOP=1 -v teacher="$TEACHER" <<'SQL' >/dev/null
INSERT INTO users (id, email, hashed_password, full_name, role, created_at, updated_at)
SELECT gen_random_uuid(), 'teacher' || t || '@bench.example', 'x', 'Teacher ' || t, 'teacher', now(), now()
FROM generate_series(1, 99) t;
CREATE TEMP TABLE bench_teachers AS
SELECT row_number() OVER (ORDER BY (id <> :'teacher'::uuid), id) - 1 AS n, id FROM users WHERE role = 'teacher';
INSERT INTO students (id, teacher_id, name, name_key, date_of_birth, diagnosis, tea_level, interests,
                      learning_profile, is_active, created_at, updated_at)
SELECT gen_random_uuid(), t.id, 'Aluno ' || lpad(s::text, 5, '0'), 'aluno ' || lpad(s::text, 5, '0'),
       date '2012-01-01' + (s % 3000), 'Transtorno do Espectro Autista - Nível ' || (1 + s % 3),
       'level_' || (1 + s % 3), '["dinossauros", "música"]', '{"visual": 8}', true,
       now() - make_interval(secs => s), now() - make_interval(secs => s)
FROM generate_series(0, 9999) s JOIN bench_teachers t ON t.n = s / 100;
WITH subj(a) AS (SELECT ARRAY['matematica','portugues','literatura','redacao','ciencias','historia',
  'geografia','arte','educacao_fisica','musica','ingles','espanhol','biologia','fisica','quimica',
  'filosofia','sociologia','informatica','artes_visuais','teatro','danca','educacao_profissional',
  'empreendedorismo','educacao_financeira','educacao_ambiental']),
grade(a) AS (SELECT ARRAY['infantil_maternal','infantil_1','infantil_2','fundamental_1_1ano',
  'fundamental_1_2ano','fundamental_1_3ano','fundamental_1_4ano','fundamental_1_5ano',
  'fundamental_2_6ano','fundamental_2_7ano','fundamental_2_8ano','fundamental_2_9ano','medio_1ano',
  'medio_2ano','medio_3ano','eja_fundamental','eja_medio_1','eja_medio_3']),
ped(a) AS (SELECT ARRAY['exercicio','jogo_educativo','projeto','leitura','arte_manual','experimento',
  'debate','pesquisa','apresentacao','avaliacao']),
typ(a) AS (SELECT ARRAY['cognitive','social','motor','sensory','communication','daily_living','academic']),
dif(a) AS (SELECT ARRAY['very_easy','easy','medium','hard','very_hard']),
st AS (SELECT id, teacher_id, row_number() OVER (ORDER BY id) AS sn FROM students)
INSERT INTO activities (id, student_id, owner_id, created_by_id, title, description, activity_type,
  difficulty, duration_minutes, objectives, materials, instructions, adaptations, visual_supports,
  success_criteria, theme, tags, generated_by_ai, generation_metadata, is_published, is_template,
  subject, grade_level, pedagogical_type, bncc_competencies, created_at, updated_at)
SELECT gen_random_uuid(), st.id, st.teacher_id, st.teacher_id, 'Atividade ' || k,
  'Descrição da atividade de benchmark número ' || k,
  typ.a[1 + (k % 7)], dif.a[1 + (k % 5)], 30,
  '["Desenvolver habilidades adequadas ao nível do aluno", "Promover engajamento"]',
  '["Material visual de apoio", "Recursos adaptados para TEA"]',
  '["1. Prepare o ambiente", "2. Apresente a atividade", "3. Divida a tarefa"]',
  '["Use apoios visuais"]', '["Sequência visual dos passos"]', '["Completa 70% da atividade"]',
  'tema ' || (k % 50), '["cognitive", "easy"]', (k % 2 = 0),
  CASE WHEN k % 2 = 0 THEN '{"model": "template-based"}'::json END, (k % 20 <> 0), false,
  subj.a[1 + (k % 25)], grade.a[1 + (k % 18)], ped.a[1 + (k % 10)],
  CASE WHEN k % 3 = 0 THEN '["EF03MA01", "EF03MA02"]'::jsonb ELSE '[]'::jsonb END,
  now() - make_interval(secs => k), now() - make_interval(secs => k)
FROM st, generate_series(0, 9) j, subj, grade, ped, typ, dif,
     LATERAL (SELECT (st.sn - 1) * 10 + j AS k) kk;
ANALYZE users; ANALYZE students; ANALYZE activities;
SQL
SEED_SECONDS=$(python3 -c "import time; print(round(time.time() - $SEED_START, 1))")
COUNTS=$(psql "$URL" -At -c "SELECT (SELECT count(*) FROM students) || ' ' || (SELECT count(*) FROM activities)")
STUDENT=$(psql "$URL" -At -v ON_ERROR_STOP=1 -c "SELECT id FROM students WHERE teacher_id = '$TEACHER' ORDER BY name_key LIMIT 1 OFFSET 50")

cat >"$TMP/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
run() {  # name, path
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$TMP/auth.lua" "$BASE$2")
  echo "$out" >"$TMP/$1.txt"
  grep -q 'Non-2xx\|Socket errors' "$TMP/$1.txt" && { echo "$1: errors" >&2; cat "$TMP/$1.txt" >&2; exit 1; }
  local items
  items=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE$2" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d) if isinstance(d, list) else 1)')
  printf '"%s": {"path": "%s", "items": %s, "requests_per_sec": %s, "p50_ms": %s, "p99_ms": %s}' "$1" "$2" "$items" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(to_ms "$(echo "$out" | awk '/ 50%/ {print $2}')")" "$(to_ms "$(echo "$out" | awk '/ 99%/ {print $2}')")"
}

echo "{"
echo "  \"duration_seconds\": $DURATION, \"connections\": $CONNECTIONS, \"cores\": $(nproc),"
echo "  \"database\": \"postgresql 15 (loopback)\", \"students\": ${COUNTS% *}, \"activities\": ${COUNTS#* }, \"seed_seconds\": $SEED_SECONDS,"
echo "  $(run health /api/v1/health),"
echo "  $(run students_list /api/v1/students/),"
echo "  $(run student_by_id /api/v1/students/$STUDENT),"
echo "  $(run activities_list_filtered '/api/v1/activities/?activity_type=cognitive&difficulty=easy'),"
echo "  $(run activities_search '/api/v1/activities/search?subject=matematica&has_bncc=true')"
echo "}"
