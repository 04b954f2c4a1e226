#!/usr/bin/env bash
# The shared-server set-up of README.md ("Running on a shared server"),
# end to end on this machine: a service account owns the database; a
# worker's own account cannot open it; every change made through the
# service account with --as is attributed to the named worker.
#
# Needs root (it creates two local accounts and removes them after).
# Usage: shared_server.sh PATH-TO-permanence
set -euo pipefail

bin_src=${1:?usage: shared_server.sh PATH-TO-permanence}
if [ "$(id -u)" -ne 0 ]; then
    echo "shared_server.sh: needs root to create test accounts" >&2
    exit 2
fi

svc="permsvc$$"
worker="permwk$$"
bin="/usr/local/bin/permanence-test-$$"
fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() {
    userdel -r "$svc" >/dev/null 2>&1 || true
    userdel -r "$worker" >/dev/null 2>&1 || true
    rm -f "$bin"
}
trap cleanup EXIT

useradd --create-home --shell /usr/sbin/nologin "$svc"
useradd --create-home --shell /bin/sh "$worker"
install -m 0755 "$bin_src" "$bin"

home=$(getent passwd "$svc" | cut -d: -f6)
dir="$home/data"
db="$dir/permanence.db"
as_service() { su -s /bin/sh "$svc" -c "$*"; }

# The service account sets up its database and first administrator.
as_service "umask 077; mkdir -p '$dir'"
as_service "'$bin' --db '$db' init" >/dev/null
as_service "'$bin' --db '$db' users add ada --name 'Ada Admin' --role admin"
as_service "'$bin' --db '$db' --as ada users add alice --name 'Alice Worker' --role team-manager --team 'CiC 1'"
printf 'ref,given_name,family_name\nSS1,Sam,Shared\n' > "/tmp/ss-$$.csv"
chmod 644 "/tmp/ss-$$.csv"
as_service "'$bin' --db '$db' --as ada import children /tmp/ss-$$.csv" >/dev/null
rm -f "/tmp/ss-$$.csv"

# Everything the service account created is owner-only.
[ "$(stat -c %a "$dir")" = 700 ] || fail "the data folder is $(stat -c %a "$dir"), not 700"
for f in "$db" "$db-wal" "$db-shm"; do
    [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || fail "$f is $(stat -c %a "$f"), not 600"
done

# A worker's own login cannot reach the file, with permanence or anything else.
if su "$worker" -c "cat '$db'" >/dev/null 2>&1; then fail "the worker could read the database file"; fi
if su "$worker" -c "'$bin' --db '$db' export caseload" >/dev/null 2>&1; then
    fail "the worker opened the database directly"
fi

# What authorized_keys runs for alice: restrict,pty,command="... --as alice".
forced="'$bin' --db '$db' --as alice"
as_service "$forced record SS1 ppm --on 01/11/2026" >/dev/null
audit=$(as_service "'$bin' --db '$db' --as ada audit SS1 --json")
echo "$audit" | grep -q '"user": "alice"' || fail "the change was not attributed to alice: $audit"
echo "$audit" | grep -q "\"os_user\": \"$svc\"" || fail "the service account was not recorded: $audit"

# A name the database does not know is turned away.
if as_service "'$bin' --db '$db' --as mallory timeline SS1" >/dev/null 2>&1; then
    fail "an unknown --as name was let in"
fi

as_service "'$bin' --db '$db' check" >/dev/null || fail "check failed"
echo "shared server set-up: ok"
