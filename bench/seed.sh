#!/usr/bin/env bash
# Seed-scale dataset generator (not a test). Fills an EduAutismo database whose migrations are
# already applied (start the server on it once) with teachers, students, activities with real
# BNCC codes (read in place from ../shared/data/bncc/bncc.csv or BNCC_DATA_PATH), assessments,
# professionals, intervention plans, observations and socio-emotional indicators, then writes
# the virtual-teacher file used by bench_load_gen and prints one JSON object (counts, seconds).
#
# Usage: bench/seed.sh (--url postgresql://... | --sqlite FILE) --hash 'ARGON2_HASH'
#                      [--scale 1.0] [--virtual 200] [--out teachers.tsv]
# Scale 1.0 (PostgreSQL profile): 4 000 teachers × 25 students (100 000) × 10 activities
# (1 000 000) × 2 assessments (2 000 000), 25 000 plans, 200 000 observations, 300 000
# indicators. The SQLite profile is the same shape at the scale given (bench/load.sh uses 0.02).
# Every teacher shares one password hash (computed once by the server at registration).
set -euo pipefail
cd "$(dirname "$0")/.."
URL= SQLITE= HASH= SCALE=1.0 VIRTUAL=200 OUT=/dev/null
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --sqlite) SQLITE=$2; shift 2 ;;
    --hash) HASH=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --virtual) VIRTUAL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$HASH" ] && { [ -n "$URL" ] || [ -n "$SQLITE" ]; } || { echo "usage: $0 (--url URL | --sqlite FILE) --hash HASH [--scale S]" >&2; exit 2; }
BNCC=${BNCC_DATA_PATH:-../shared/data/bncc}
[ -e "$BNCC" ] || [ -n "${BNCC_DATA_PATH:-}" ] || BNCC=../../shared/data/bncc  # worktree one level deeper
[ -d "$BNCC" ] && BNCC=$BNCC/bncc.csv
[ -f "$BNCC" ] || { echo "BNCC dataset not found: $BNCC" >&2; exit 1; }
BNCC=$(realpath "$BNCC")
TEACHERS=$(python3 -c "print(max(1, round(4000 * $SCALE)))")
SPT=25 APST=10 ASPA=2
[ "$VIRTUAL" -gt "$TEACHERS" ] && VIRTUAL=$TEACHERS

START=$(date +%s.%N)
if [ -n "$URL" ]; then
  psql "$URL" -q -X -v teachers="$TEACHERS" -v spt=$SPT -v apst=$APST -v aspa=$ASPA -v hash="$HASH" \
    -v bncc="$BNCC" -f bench/seed/postgres.sql >/dev/null
  Q() { psql "$URL" -X -At -F $'\t' -c "$1"; }
  DB=postgresql
else
  sed -e "s|:teachers|$TEACHERS|g; s|:spt|$SPT|g; s|:apst|$APST|g; s|:aspa|$ASPA|g" \
      -e "s|:'hash'|'$HASH'|g; s|:'bncc'|'$BNCC'|g" bench/seed/sqlite.sql | sqlite3 -bail "$SQLITE" >/dev/null
  Q() { sqlite3 -separator $'\t' "$SQLITE" "$1"; }
  DB=sqlite
fi
SECONDS_SEED=$(python3 -c "import time; print(round(time.time() - $START, 1))")

# Virtual teachers: email, professional id, then up to 10 "student_id:activity_id" pairs (a
# published activity of that student).
python3 - "$VIRTUAL" "$SPT" "$APST" <<'PY' >"$OUT"
import sys
v, spt, apst = map(int, sys.argv[1:4])
KIND = {"t": 1, "p": 2, "s": 3, "a": 4}
def uid(s):  # the id scheme of bench/seed/*.sql
    return f"bbbbbbb{KIND[s[0]]}-0000-4000-8000-{int(s[1:]):012x}"
for t in range(v):
    pairs = []
    for s in range(t * spt, t * spt + min(spt, 10)):
        k = s * apst + 1                      # k % 20 != 0: published
        if k % 20 == 0: k += 1
        pairs.append(f"{uid('s%d' % s)}:{uid('a%d' % k)}")
    print(f"teacher{t}@bench.example\t{uid('p%d' % t)}\t{','.join(pairs)}")
PY
COUNTS=$(Q "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM students), (SELECT count(*) FROM activities),
  (SELECT count(*) FROM assessments), (SELECT count(*) FROM intervention_plans), (SELECT count(*) FROM observations),
  (SELECT count(*) FROM socioemotional_indicators)")
read -r U S A E P O I <<<"$COUNTS"
echo "{\"database\": \"$DB\", \"scale\": $SCALE, \"seed_seconds\": $SECONDS_SEED, \"users\": $U, \"students\": $S, \"activities\": $A, \"assessments\": $E, \"intervention_plans\": $P, \"observations\": $O, \"indicators\": $I, \"virtual_teachers\": $VIRTUAL}"
