#!/usr/bin/env bash
# Backup time on a large database, idle and under unthrottled writers
# (issue 16, docs/reliability.md, "Backup"). Each writer is a process
# autosaving a form draft as fast as the disk allows, as the app does
# twice a second per person typing; none of them waits for the backup.
#
# Usage: backup_under_load.sh PATH-TO-permanence DATABASE [WRITERS...]
#   make the database first, for example:
#   PERMANENCE_CONFIG_DIR=/tmp/bench/config permanence --db /tmp/bench/demo.db demo --children 100000 --seed 42 --no-tui
#   then: backup_under_load.sh target/release/permanence /tmp/bench/demo.db 0 4 8
# BACKUP_LIMIT (seconds, default 600) stops a backup that has not finished.
# Prints one line per run: writers, seconds, commits the writers made
# meanwhile, and whether the backup passed `check`. Needs python3.
set -euo pipefail

bin=${1:?usage: backup_under_load.sh PATH-TO-permanence DATABASE [WRITERS...]}
db=${2:?usage: backup_under_load.sh PATH-TO-permanence DATABASE [WRITERS...]}
shift 2
counts=("$@")
limit=${BACKUP_LIMIT:-600}
[ ${#counts[@]} -eq 0 ] && counts=(0 4 8)

work=$(mktemp -d)
config="$work/config"
mkdir -p "$config"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

writer() {
    python3 - "$db" "$1" "$work/stop" "$work/commits.$1" <<'PY'
import os, sqlite3, sys, time
db, me, stop, out = sys.argv[1:5]
conn = sqlite3.connect(db, timeout=30, isolation_level=None)
n = 0
while not os.path.exists(stop):
    n += 1
    conn.execute(
        "INSERT OR REPLACE INTO drafts (user, purpose, fields, saved_at) VALUES (?, 'bench', ?, ?)",
        (f"bench-writer-{me}", '{"n": %d, "text": "%s"}' % (n, "x" * 200), time.strftime("%Y-%m-%dT%H:%M:%SZ")),
    )
open(out, "w").write(str(n))
PY
}

printf 'machine: %s, %s cores; load average before: %s\n' "$(uname -srm)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'database: %s (%s)\n' "$db" "$(du -h "$db" | cut -f1)"
for n in "${counts[@]}"; do
    rm -f "$work/stop" "$work"/commits.*
    for ((i = 1; i <= n; i++)); do writer "$i" & done
    [ "$n" -gt 0 ] && sleep 2
    out="$work/backup-$n.db"
    start=$(date +%s.%N)
    status=0
    PERMANENCE_CONFIG_DIR=$config timeout "$limit" "$bin" --db "$db" backup "$out" >/dev/null || status=$?
    end=$(date +%s.%N)
    touch "$work/stop"
    wait
    commits=0
    for f in "$work"/commits.*; do [ -e "$f" ] && commits=$((commits + $(cat "$f"))); done
    if [ $status = 124 ]; then
        verdict="NOT FINISHED within $limit s"
    elif [ $status != 0 ]; then
        verdict="FAILED (exit $status)"
    elif PERMANENCE_CONFIG_DIR=$config "$bin" --db "$out" --read-only check >/dev/null; then
        verdict=sound
    else
        verdict=FAILED
    fi
    printf 'writers %d: backup %.1f s; %d commits by the writers (including 2 s before); backup check: %s; load average %s\n' \
        "$n" "$(echo "$end - $start" | bc)" "$commits" "$verdict" "$(cut -d' ' -f1 /proc/loadavg)"
    rm -f "$out" "$out"-journal "$out".incomplete-*
done
