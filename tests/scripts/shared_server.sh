#!/usr/bin/env bash
# The shared-server set-up of README.md ("Running on a shared server"),
# end to end on this machine through OpenSSH's real sshd, as a worker meets
# it: a service account owns the database; each worker's key runs the app
# as that account with a forced command naming them; a worker's own account
# cannot open the file; every change is attributed to the named worker.
#
# The README's commands are copied here as closely as a test allows (the
# account and the binary get throwaway names, and `su` stands in for
# `sudo -u`, which a bare CI image lacks). sshd runs on 127.0.0.1 with its
# own configuration file and a fresh host key, on Debian's defaults
# otherwise (UsePAM yes), so this checks what a Debian server does. The
# app is driven in a pseudo-terminal by tmux: `ssh -tt` inside a detached
# tmux session whose screen the script reads with capture-pane.
#
# Needs root (it creates local accounts and removes them after), sshd
# (openssh-server), ssh and tmux; .ci/run installs them.
# Usage: shared_server.sh PATH-TO-permanence
set -euo pipefail

bin_src=${1:?usage: shared_server.sh PATH-TO-permanence}
if [ "$(id -u)" -ne 0 ]; then
    echo "shared_server.sh: needs root to create test accounts and run sshd" >&2
    exit 2
fi
sshd_bin=$(command -v sshd || echo /usr/sbin/sshd)
for tool in "$sshd_bin" ssh ssh-keygen tmux; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "shared_server.sh: $tool is missing (apt-get install openssh-server openssh-client tmux; .ci/run does)" >&2
        exit 2
    }
done

svc="permsvc$$"
worker="permwk$$"
bin="/usr/local/bin/permanence-test-$$"
tmp=$(mktemp -d)
chmod 755 "$tmp"
sock="permanence-ssh-$$"
sshd_pid=""
fwd_pid=""
fail() {
    echo "FAIL: $*" >&2
    [ -f "$tmp/sshd.log" ] && { echo "--- sshd log" >&2; tail -n 30 "$tmp/sshd.log" >&2; }
    exit 1
}
cleanup() {
    # The clients first (tmux's ssh -tt and the forward), so that every
    # session sshd forked ends and the accounts can be removed.
    tmux -L "$sock" kill-server >/dev/null 2>&1 || true
    [ -n "$fwd_pid" ] && kill "$fwd_pid" >/dev/null 2>&1 || true
    [ -n "$sshd_pid" ] && kill "$sshd_pid" >/dev/null 2>&1 || true
    for _ in $(seq 50); do
        pgrep -u "$svc" >/dev/null 2>&1 || break
        sleep 0.1
    done
    userdel -r "$svc" >/dev/null 2>&1 || echo "shared_server.sh: could not remove the account $svc" >&2
    userdel -r "$worker" >/dev/null 2>&1 || true
    rm -f "$bin"
    rm -rf "$tmp"
}
trap cleanup EXIT

# --- README step 1: the service account and its owner-only data folder.
# Its shell must run commands: sshd runs the forced command through it, and
# /usr/sbin/nologin only prints "This account is currently not available.".
# Its password is '*', which no password matches, so a key is the only way
# in; not locked ('!', useradd's default, or passwd --lock), which sshd with
# UsePAM no refuses even for a key ("account is locked").
useradd --create-home --shell /bin/sh "$svc"
usermod --password '*' "$svc"
su -s /bin/sh "$svc" -c 'umask 077; mkdir -p ~/data'
install -m 0755 "$bin_src" "$bin"
# A worker's own login on the same server, which must not reach the file.
useradd --create-home --shell /bin/sh "$worker"

home=$(getent passwd "$svc" | cut -d: -f6)
dir="$home/data"
db="$dir/permanence.db"
as_service() { su "$svc" -c "$*"; }

# --- README step 2: the database, its first administrator and the workers.
as_service "'$bin' --db '$db' init" >/dev/null
as_service "'$bin' --db '$db' users add ada --name 'Ada Admin' --role admin"
as_service "'$bin' --db '$db' --as ada users add alice --name 'Alice Smith' --role social-worker --team 'Children in Care 1'"
as_service "'$bin' --db '$db' --as ada users add bob --name 'Bob Jones' --role social-worker --team 'Children in Care 2'"
as_service "'$bin' --db '$db' --as ada users add rita --name 'Rita Reviewer' --role reviewer --team 'Audit'"
# The service account itself stops being a user, so that a key whose forced
# command names nobody is turned away rather than let in as the account
# that created the database.
as_service "'$bin' --db '$db' --as ada users remove $svc" >/dev/null
printf 'ref,given_name,family_name,worker,team\nSS1,Sam,Shared,alice,Children in Care 1\nSS2,Olu,Elsewhere,bob,Children in Care 2\n' >"$tmp/children.csv"
chmod 644 "$tmp/children.csv"
as_service "'$bin' --db '$db' --as ada import children '$tmp/children.csv'" >/dev/null

# Everything the service account created is owner-only.
[ "$(stat -c %a "$dir")" = 700 ] || fail "the data folder is $(stat -c %a "$dir"), not 700"
for f in "$db" "$db-wal" "$db-shm"; do
    [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || fail "$f is $(stat -c %a "$f"), not 600"
done

# --- README step 3: each key with a forced command naming its worker.
for who in alice rita nobody; do
    ssh-keygen -q -t ed25519 -N '' -C "$who@laptop" -f "$tmp/$who" >/dev/null
done
app="$bin --db $db"
as_service "umask 077; mkdir -p ~/.ssh"
{
    echo "restrict,pty,command=\"$app --as alice\" $(cat "$tmp/alice.pub")"
    echo "restrict,pty,command=\"$app --as rita --read-only\" $(cat "$tmp/rita.pub")"
    # A line written wrongly: its forced command names no worker.
    echo "restrict,pty,command=\"$app\" $(cat "$tmp/nobody.pub")"
} | as_service "umask 077; cat > ~/.ssh/authorized_keys"

# --- README step 4: sshd's own lines for the service account.
mkdir -p /run/sshd
chmod 0755 /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key"
# The test's sshd configuration: FIRST (lines that win over Debian's,
# since sshd takes a keyword's first value), then Debian's own file, then
# the README's block for the service account.
write_config() {
    {
        [ -z "${1:-}" ] || echo "$1"
        # Only what makes this sshd the test's own; Debian's file follows,
        # so everything else (UsePAM yes above all) is as a Debian server
        # has it.
        echo "ListenAddress 127.0.0.1"
        echo "HostKey $tmp/host_key"
        echo "PidFile $tmp/sshd.pid"
        if [ -f /etc/ssh/sshd_config ]; then
            grep -v -i '^[[:space:]]*include' /etc/ssh/sshd_config
        else
            echo "UsePAM yes"
        fi
        # The README's block for the service account, as written there.
        echo "Match User $svc"
        echo "    AuthenticationMethods publickey"
        echo "    DisableForwarding yes"
        echo "    PermitTTY yes"
    } >"$tmp/sshd_config"
    "$sshd_bin" -t -f "$tmp/sshd_config" || fail "sshd refuses the test's configuration"
}

# Starts sshd on a free port (a few random tries), setting $port.
start_sshd() {
    port=""
    for _ in 1 2 3 4 5; do
        local try=$((20000 + RANDOM % 20000))
        "$sshd_bin" -D -e -f "$tmp/sshd_config" -p "$try" >"$tmp/sshd.log" 2>&1 &
        sshd_pid=$!
        for _ in $(seq 50); do
            grep -q "Server listening on 127.0.0.1 port $try" "$tmp/sshd.log" 2>/dev/null && { port=$try; break; }
            kill -0 "$sshd_pid" 2>/dev/null || break
            sleep 0.1
        done
        [ -n "$port" ] && return 0
        kill "$sshd_pid" >/dev/null 2>&1 || true
        sshd_pid=""
    done
    fail "sshd did not start"
}

write_config ""
start_sshd

# The client as a worker's laptop runs it: nothing from root's own ssh
# configuration or known hosts.
ssh_as() {
    local key=$1
    shift
    ssh -F /dev/null -i "$tmp/$key" -p "$port" \
        -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10 \
        "$@"
}

# Runs `ssh -tt` with KEY (and any further arguments) in a detached tmux
# pane of 100×30, the exit status going to $tmp/NAME.status.
open_app() {
    local name=$1 key=$2
    shift 2
    local cmd
    cmd="ssh -F /dev/null -i $tmp/$key -p $port -o IdentitiesOnly=yes -o BatchMode=yes"
    cmd="$cmd -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -tt $*"
    rm -f "$tmp/$name.status"
    tmux -L "$sock" new-session -d -s "$name" -x 100 -y 30 \
        "$cmd; echo \$? > $tmp/$name.status; sleep 60"
}
screen_of() { tmux -L "$sock" capture-pane -p -t "$1"; }
# Waits up to 15 s for TEXT on the screen of session NAME.
wait_for() {
    local name=$1 text=$2
    for _ in $(seq 150); do
        screen_of "$name" | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    fail "\"$text\" never appeared on $name's screen:
$(screen_of "$name")"
}
# Waits up to 15 s for the ssh in session NAME to end; prints its status.
status_of() {
    local name=$1
    for _ in $(seq 150); do
        [ -s "$tmp/$name.status" ] && { cat "$tmp/$name.status"; return 0; }
        sleep 0.1
    done
    fail "ssh in $name never ended:
$(screen_of "$name")"
}

# A worker's key opens the app as them (the status line names them), on
# their own caseload, since a child is allocated to them; it (1) holds
# their child and not another team's; opening the child is on the record
# as hers; q quits, exit status 0.
open_app alice alice "$svc@127.0.0.1"
wait_for alice " alice · 1 of 2 children"
tmux -L "$sock" send-keys -t alice 1
wait_for alice " alice · 1 of 2 children"
wait_for alice "Shared"
if screen_of alice | grep -qF "Elsewhere"; then
    fail "alice's caseload shows a child of another team's worker:
$(screen_of alice)"
fi
tmux -L "$sock" send-keys -t alice Enter
wait_for alice "SS1"
sleep 0.5
screen_of alice > "$tmp/alice.child"
tmux -L "$sock" send-keys -t alice Escape
sleep 0.5
tmux -L "$sock" send-keys -t alice q
[ "$(status_of alice)" = 0 ] || fail "the app did not end with status 0 for alice"

# Asking for another command, or a shell, still gets only the app.
open_app other alice "$svc@127.0.0.1" "'cat /etc/passwd; sh'"
wait_for other "Shared"
screen_of other | grep -q "root:" && fail "the client's own command ran"
tmux -L "$sock" send-keys -t other q
[ "$(status_of other)" = 0 ] || fail "the app did not end with status 0 when another command was asked for"
# Without a terminal, the same: the app, never the command asked for.
out=$(ssh_as alice -T "$svc@127.0.0.1" 'cat /etc/passwd' </dev/null 2>&1 || true)
case $out in *root:*) fail "the client's own command ran without a terminal: $out" ;; esac

# A port forward is refused: nothing listens on the client's side, and the
# server's refusal is in its log.
fwd=$((port + 1))
# exec, so that $! is ssh itself and killing it closes the connection (a
# subshell's ssh would outlive it and keep the account in use).
(exec ssh -F /dev/null -i "$tmp/alice" -p "$port" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -N -o ExitOnForwardFailure=yes -L "$fwd:127.0.0.1:$port" "$svc@127.0.0.1" \
    >"$tmp/forward.out" 2>&1 </dev/null) &
fwd_pid=$!
sleep 2
if kill -0 "$fwd_pid" 2>/dev/null; then
    # Still connected: the forward must at least carry nothing.
    if (exec 3<>"/dev/tcp/127.0.0.1/$fwd" && timeout 3 head -c 4 <&3 | grep -q SSH) 2>/dev/null; then
        kill "$fwd_pid" 2>/dev/null || true
        fail "a port forward through the service account reached sshd"
    fi
    kill "$fwd_pid" 2>/dev/null || true
fi
wait "$fwd_pid" 2>/dev/null || true
grep -q "refused local port forward" "$tmp/sshd.log" || fail "sshd did not refuse the port forward"

# A change made as alice is hers, with the service account's name beside it.
as_service "'$bin' --db '$db' --as alice record SS1 ppm --on 01/11/2026" >/dev/null
audit=$(as_service "'$bin' --db '$db' --as ada audit --json")
echo "$audit" | grep -q '"user": "alice"' || fail "nothing was attributed to alice: $audit"
echo "$audit" | grep -q "\"os_user\": \"$svc\"" || fail "the service account was not recorded: $audit"
# Opening her child through her key is on the record as her view.
as_service "'$bin' --db '$db' --as ada audit SS1" | grep -qE "alice \(via $svc\) +view +child +SS1" ||
    fail "alice's opening of SS1 is not on the record"

# A key whose forced command names no worker is turned away, saying why.
open_app nobody nobody "$svc@127.0.0.1"
status=$(status_of nobody)
[ "$status" != 0 ] || fail "a key naming no worker opened the app"
screen_of nobody | tr -d '\n' | grep -qF "forced command names no worker" ||
    fail "a key naming no worker was not told why:
$(screen_of nobody)"

# A reviewer's --read-only key reads, but cannot change anything.
changes() { as_service "'$bin' --db '$db' --as ada audit" | grep -cvE '\) +view +' || true; }
before=$(changes)
open_app rita rita "$svc@127.0.0.1"
wait_for rita "Shared"
tmux -L "$sock" send-keys -t rita T
wait_for rita "Read-only"
tmux -L "$sock" send-keys -t rita q
[ "$(status_of rita)" = 0 ] || fail "the reviewer's app did not end with status 0"
after=$(changes)
[ "$before" = "$after" ] || fail "the reviewer's session changed something ($before changes before, $after after)"
# The reviewer's forced command refuses a write of its own as well.
if as_service "$app --as rita --read-only record SS1 ppm --on 01/11/2026" >/dev/null 2>&1; then
    fail "the reviewer's forced command recorded an event"
fi

# A worker's own login cannot reach the file, with permanence or anything else.
if su "$worker" -c "cat '$db'" >/dev/null 2>&1; then fail "the worker could read the database file"; fi
if su "$worker" -c "'$bin' --db '$db' export caseload" >/dev/null 2>&1; then
    fail "the worker opened the database directly"
fi

# A name the database does not know is turned away.
if as_service "'$bin' --db '$db' --as mallory timeline SS1" >/dev/null 2>&1; then
    fail "an unknown --as name was let in"
fi

# With UsePAM no, as some servers have it, the same key still opens the
# app: sshd turns away a *locked* account ('!') there even with a good key,
# which is why the README sets the password to '*' instead.
kill "$sshd_pid" >/dev/null 2>&1 || true
wait "$sshd_pid" 2>/dev/null || true
sshd_pid=""
write_config "UsePAM no"
start_sshd
open_app nopam alice "$svc@127.0.0.1"
wait_for nopam " alice · 1 of 2 children"
tmux -L "$sock" send-keys -t nopam q
[ "$(status_of nopam)" = 0 ] || fail "with UsePAM no, the app did not end with status 0 for alice"

as_service "'$bin' --db '$db' --as ada check" >/dev/null || fail "check failed"
echo "shared server set-up: ok"
