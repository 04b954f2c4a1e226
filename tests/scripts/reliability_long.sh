#!/usr/bin/env bash
# The long half of the reliability tests (issue 16; docs/reliability.md,
# "The long run"). `cargo test` runs the fast half; this runs the same
# promises many more times, with the release binary, in a temporary
# folder it removes. Nothing is installed; it needs bash, python3 and, for
# the disk-full part, root (to mount a 4 MB tmpfs; skipped otherwise).
#
# Usage: tests/scripts/reliability_long.sh PATH-TO-permanence
#   cargo build --release && tests/scripts/reliability_long.sh target/release/permanence
#
# Prints one summary line per part ("PART: ok|BROKEN|skipped: figures")
# and a final line; exits 1 when any promise is broken.
#
# Sizes (environment; defaults take about 15 minutes on a shared 2-core
# machine):
#   PARTS                 which parts, default all: kill-loop concurrent torn
#                         disk-full restore-failures corruption backup
#   SEED                  random seed, default 16
#   KILL_ROUNDS (300), KILL_WRITERS (8)       kill loop
#   CONCURRENT_ROUNDS (20), CONCURRENT_AT_ONCE (50)   concurrent writers
#   TORN_RUNS (100), TORN_IMPORT_ROWS (2000)  torn import/restore, each
#   RESTORE_CORRUPTIONS (500)                restore failures
#   CORRUPTIONS (1000)                       corruption
#   BACKUP_CHILDREN (20000), BACKUP_WRITERS (8), BACKUP_RATIO (2)
#                                            backup under load
set -uo pipefail

bin=${1:?usage: reliability_long.sh PATH-TO-permanence}
bin=$(realpath "$bin")
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
parts=${PARTS:-kill-loop concurrent torn disk-full restore-failures corruption backup}

work=$(mktemp -d "${TMPDIR:-/tmp}/permanence-long.XXXXXX")
# Tests never read the developer's configuration or database.
export PERMANENCE_CONFIG_DIR="$work/config"
unset PERMANENCE_DB PERMANENCE_KEY_FILE
mkdir -p "$PERMANENCE_CONFIG_DIR"
cleanup() {
    kill $(jobs -p) 2>/dev/null
    umount "$work/full" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

broken=0
summary=()

# Runs one part, timing it, and keeps its summary line.
part() {
    local name=$1
    shift
    local start end line status
    start=$(date +%s)
    line=$("$@" 2>"$work/$name.err")
    status=$?
    end=$(date +%s)
    if [ -z "$line" ]; then
        line="$name: BROKEN: the part itself failed (exit $status): $(tail -c 600 "$work/$name.err")"
        status=1
    fi
    [ $status -ne 0 ] && broken=$((broken + 1))
    line="$line [$((end - start)) s; load average $(cut -d' ' -f1 /proc/loadavg)]"
    summary+=("$line")
    echo "$line"
}

python_part() {
    python3 "$here/reliability_long.py" "$1" "$bin" "$work"
}

# Backup under load, through backup_under_load.sh on a demo database of
# BACKUP_CHILDREN children: idle, under BACKUP_WRITERS unthrottled
# writers, twice each; every backup finishes and passes check, and the
# slowest under load is at most BACKUP_RATIO times the fastest idle.
backup_part() {
    local children=${BACKUP_CHILDREN:-20000} writers=${BACKUP_WRITERS:-8} ratio=${BACKUP_RATIO:-2}
    local db="$work/backup/demo.db" out
    mkdir -p "$work/backup"
    "$bin" --db "$db" demo --children "$children" --seed 42 --no-tui >/dev/null || {
        echo "backup under load: BROKEN: could not make the demo database"
        return 1
    }
    out=$("$here/backup_under_load.sh" "$bin" "$db" 0 "$writers" 0 "$writers") || {
        echo "backup under load: BROKEN: backup_under_load.sh failed: $out"
        return 1
    }
    echo "$out" >&2
    python3 - "$out" "$ratio" "$children" "$(du -h "$db" | cut -f1)" <<'PY'
import re, sys
out, ratio, children, size = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = [(int(w), float(s), int(c), v) for w, s, c, v in
        re.findall(r"writers (\d+): backup ([\d.]+) s; (\d+) commits.*?backup check: (.*?); load", out)]
idle = [s for w, s, _, _ in runs if w == 0]
busy = [(s, c) for w, s, c, _ in runs if w > 0]
unsound = [v for *_, v in runs if v != "sound"]
ok = idle and busy and not unsound and max(s for s, _ in busy) <= ratio * min(idle)
text = (f"{children}-child demo ({size}): idle " + ", ".join(f"{s:.1f} s" for s in idle)
        + f"; under {max(w for w, *_ in runs)} unthrottled writers "
        + ", ".join(f"{s:.1f} s ({c} commits)" for s, c in busy)
        + (f"; slowest busy / fastest idle {max(s for s, _ in busy) / min(idle):.2f} (budget {ratio:g})" if idle and busy else "")
        + f"; every backup passed check: {'yes' if not unsound else 'NO: ' + ', '.join(unsound)}")
print(f"backup under load: {'ok' if ok else 'BROKEN'}: {text}")
sys.exit(0 if ok else 1)
PY
}

echo "permanence long reliability run: $(date -u +%Y-%m-%dT%H:%M:%SZ); $bin"
echo "machine: $(uname -srm), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in $parts; do
    case $p in
        backup) part backup backup_part ;;
        kill-loop | concurrent | torn | disk-full | restore-failures | corruption) part "$p" python_part "$p" ;;
        *) echo "unknown part: $p" >&2; exit 2 ;;
    esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $broken -eq 0 ]; then
    echo "all ${#summary[@]} parts kept their promises"
else
    echo "BROKEN: $broken of ${#summary[@]} parts broke a promise"
    exit 1
fi
