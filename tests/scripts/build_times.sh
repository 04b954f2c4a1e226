#!/bin/bash
# Times an incremental build after a one-file edit, as docs/performance.md
# reports it: appends a private function to FILE in the checkout DIR, runs
# the command, puts the file back byte for byte, and prints the seconds and
# the load average. Run it a few times and drop the first (a warm-up).
#
#   tests/scripts/build_times.sh DIR FILE cargo build
#   tests/scripts/build_times.sh . crates/permanence-domain/src/calendar.rs cargo test -p permanence-domain --no-run
set -euo pipefail
dir=$1 file=$2
shift 2
cd "$dir"
saved=$(mktemp)
cp "$file" "$saved"
trap 'cp "$saved" "$file"; rm -f "$saved"' EXIT
probe=$(date +%s%N)
echo "#[allow(dead_code)] fn build_time_probe_$probe() -> u64 { $probe }" >> "$file"
start=$(date +%s%N)
"$@" -q > /dev/null 2>&1
end=$(date +%s%N)
printf '%s: %d.%02d s (load %s)\n' "$*" $(( (end - start) / 1000000000 )) $(( (end - start) / 10000000 % 100 )) "$(cut -d' ' -f1 /proc/loadavg)"
