#!/usr/bin/env python3
"""The long half of the reliability tests (issue 16, docs/reliability.md,
"The long run"), run by reliability_long.sh, which owns the temporary
folder and the summary. One function per part, on one shared set of
helpers; each part prints its own summary line ("PART: ok|BROKEN|skipped
...") and exits 1 when a promise is broken, 0 otherwise.

Usage: reliability_long.py PART BIN WORK
"""

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

BIN = ""
WORK = ""
SEED = int(os.environ.get("SEED", "16"))
rng = random.Random(SEED)


# ---------------------------------------------------------------- helpers


def env_int(name, default):
    return int(os.environ.get(name, default))


def cmd(db, *args, read_only=False):
    """The argument list for the real binary on DB (never the developer's
    own database or configuration: reliability_long.sh sets
    PERMANENCE_CONFIG_DIR to a folder in WORK)."""
    out = [BIN, "--db", db]
    if read_only:
        out.append("--read-only")
    return out + list(args)


def run(db, *args, read_only=False, timeout=600):
    return subprocess.run(
        cmd(db, *args, read_only=read_only),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )


def must(db, *args):
    out = run(db, *args)
    if out.returncode != 0:
        raise SystemExit(f"setting up: {' '.join(args)} failed: {out.stderr.strip()}")
    return out


def children_csv(path, refs):
    with open(path, "w") as f:
        f.write("ref,given_name,family_name\n")
        for r in refs:
            f.write(f"{r},Child,Number{r}\n")
    return path


def new_db(name, refs):
    """A database made as a user makes one: `init`, then an import."""
    folder = os.path.join(WORK, name)
    os.makedirs(folder, exist_ok=True)
    db = os.path.join(folder, "live.db")
    must(db, "init")
    if refs:
        must(db, "import", "children", children_csv(os.path.join(folder, "children.csv"), refs))
    return db


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def query(db, sql):
    """Read the file straight with SQLite, so that looking adds no entry to
    the audit trail (which the commands' reads would). Not read-only: after
    a SIGKILL the next opener must roll back the hot journal, as the next
    permanence command would, and a read-only connection cannot."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def caseload(db):
    """What a restore or import changes: the children and their events."""
    refs = tuple(r for (r,) in query(db, "SELECT ref FROM children ORDER BY ref"))
    events = query(db, "SELECT count(*) FROM events")[0][0]
    return refs, events


def sound(db):
    """`permanence check` on DB: (sound?, its output)."""
    out = run(db, "check")
    return out.returncode == 0 and "sound" in out.stdout, (out.stdout + out.stderr).strip()


def crashed(out):
    """A run that ended other than by exit 0 or 1 with a message: a panic,
    a signal, or silence."""
    text = out.stdout + out.stderr
    if out.returncode < 0 or out.returncode not in (0, 1):
        return True
    if "panicked" in text or "RUST_BACKTRACE" in text:
        return True
    return out.returncode == 1 and not text.strip()


def day(n):
    """The n-th distinct date of one writer: all in the past."""
    return (date(2000, 1, 1) + timedelta(days=n)).isoformat()


def record_args(ref, n, note):
    return ["record", ref, "visit", "--on", day(n), "--another", "--note", note]


def kill(process):
    """SIGKILL PROCESS if it still runs; True when it was killed mid-way."""
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            return False
        process.wait()
        return process.returncode == -signal.SIGKILL
    return False


def report(part, ok, text):
    print(f"{part}: {'ok' if ok else 'BROKEN'}: {text}", flush=True)
    return 0 if ok else 1


def problems_text(problems):
    return "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")


# ---------------------------------------------------------------- parts


def kill_loop():
    """Up to 8 writers at once, each recording events back to back through
    the binary, SIGKILLed at random moments; after every round each
    acknowledged write is in the file and `check` says sound."""
    rounds = env_int("KILL_ROUNDS", 300)
    most = env_int("KILL_WRITERS", 8)
    writers = [f"W{w}" for w in range(most)]
    db = new_db("kill", writers)
    counters = {w: 0 for w in writers}
    acked = set()
    kills = 0
    refused = []
    problems = []
    lock = threading.Lock()

    def writer(ref, until):
        nonlocal kills
        while time.monotonic() < until:
            n = counters[ref]
            counters[ref] += 1
            note = f"kill-{ref}-{n}"
            p = subprocess.Popen(
                cmd(db, *record_args(ref, n, note)),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
            )
            # One write in four is killed on its own, 0 to 40 ms in; the
            # rest run until they finish or the round ends.
            if rng.random() < 0.25:
                time.sleep(rng.uniform(0, 0.04))
                if kill(p):
                    with lock:
                        kills += 1
            remaining = until - time.monotonic()
            try:
                stdout, stderr = p.communicate(timeout=max(remaining, 0.001))
            except subprocess.TimeoutExpired:
                if kill(p):
                    with lock:
                        kills += 1
                p.communicate()
                return
            if p.returncode == 0 and "recorded" in stdout:
                with lock:
                    acked.add((ref, day(n), note))
            elif p.returncode >= 0:
                with lock:
                    refused.append(f"{ref} {day(n)}: exit {p.returncode}: {stderr.strip()[:200]}")

    for r in range(rounds):
        active = writers[: rng.randint(1, most)]
        until = time.monotonic() + rng.uniform(0.3, 2.5)
        threads = [threading.Thread(target=writer, args=(w, until)) for w in active]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stored = set(
            query(
                db,
                "SELECT c.ref, e.on_date, e.note FROM events e JOIN children c ON c.id = e.child_id "
                "WHERE e.event = 'visit' AND e.status = 'current'",
            )
        )
        lost = acked - stored
        if lost:
            problems.append(f"round {r + 1}: {len(lost)} acknowledged writes missing, e.g. {sorted(lost)[0]}")
        ok, text = sound(db)
        if not ok:
            problems.append(f"round {r + 1}: check: {text[:300]}")
    landed = query(db, "SELECT count(*) FROM events WHERE event = 'visit'")[0][0]
    lost = len(acked - set(query(db, "SELECT c.ref, e.on_date, e.note FROM events e JOIN children c ON c.id = e.child_id")))
    if refused:
        problems.append(f"{len(refused)} writes refused without being killed, e.g. {refused[0]}")
    return report(
        "kill loop",
        not problems and lost == 0 and kills > 0,
        f"{rounds} rounds of 1 to {most} writers, {kills} SIGKILLs of running writers (at any point, from start-up to commit), "
        f"{len(acked)} writes acknowledged, {lost} lost, {landed - len(acked)} more landed unacknowledged "
        f"(killed after their commit), {len(refused)} refused unkilled, check sound after every round: "
        f"{'yes' if not any('check' in p for p in problems) else 'no'}"
        + (f"; PROBLEMS: {problems_text(problems)}" if problems else ""),
    )


def concurrent_writers():
    """N processes started together, each one write; every one lands and
    none sees "database is locked" (or any other error)."""
    at_once = env_int("CONCURRENT_AT_ONCE", 50)
    rounds = env_int("CONCURRENT_ROUNDS", 20)
    refs = [f"P{i}" for i in range(at_once)]
    db = new_db("concurrent", refs)
    failures = []
    slowest = 0.0
    for r in range(rounds):
        start = time.monotonic()
        ps = [
            subprocess.Popen(
                cmd(db, *record_args(ref, r, f"conc-{ref}-{r}")),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
            )
            for ref in refs
        ]
        for ref, p in zip(refs, ps):
            stdout, stderr = p.communicate()
            if p.returncode != 0 or "recorded" not in stdout:
                failures.append(f"{ref} round {r}: exit {p.returncode}: {stderr.strip()[:200]}")
        slowest = max(slowest, time.monotonic() - start)
    total = at_once * rounds
    landed = query(db, "SELECT count(*) FROM events WHERE event = 'visit'")[0][0]
    locked = sum("locked" in f or "busy" in f for f in failures)
    ok, text = sound(db)
    return report(
        "concurrent writers",
        not failures and landed == total and ok,
        f"{rounds} rounds of {at_once} processes at once: {landed} of {total} writes landed, "
        f"{len(failures)} failed ({locked} 'locked' or 'busy'), slowest round {slowest:.1f} s, "
        f"check: {'sound' if ok else text[:300]}"
        + (f"; PROBLEMS: {problems_text(failures)}" if failures else ""),
    )


def timed(argv):
    start = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, errors="replace")
    return time.monotonic() - start, out


def killed_at_random(argv, longest):
    """Run ARGV and SIGKILL it at a random moment up to LONGEST seconds in
    (it may finish first); True when it was killed mid-way."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, longest))
    return kill(p)


def torn():
    """SIGKILL `import children` and `restore` at random moments: the
    caseload is wholly before or wholly after, and `check` says sound."""
    runs = env_int("TORN_RUNS", 100)
    rows = env_int("TORN_IMPORT_ROWS", 2000)
    db = new_db("torn", [f"B{i}" for i in range(50)])
    folder = os.path.dirname(db)
    problems = []
    kills = {"import": 0, "restore": 0}
    finished = {"import": 0, "restore": 0}
    # Two backups to restore between: the caseload as it starts, and with
    # one more import.
    small = os.path.join(folder, "small.bak")
    must(db, "backup", small)
    must(db, "import", "children", children_csv(os.path.join(folder, "extra.csv"), [f"X{i}" for i in range(500)]))
    large = os.path.join(folder, "large.bak")
    must(db, "backup", large)
    measured = {}
    csv = lambda i: children_csv(os.path.join(folder, f"torn{i}.csv"), [f"T{i}_{j}" for j in range(rows)])  # noqa: E731
    measured["import"], out = timed(cmd(db, "import", "children", csv("m")))
    if out.returncode != 0:
        raise SystemExit(f"import to time: {out.stderr}")

    def restore_candidate():
        refs, _ = caseload(db)
        return small if "X0" in refs else large

    measured["restore"], out = timed(cmd(db, "restore", restore_candidate(), "--yes"))
    if out.returncode != 0:
        raise SystemExit(f"restore to time: {out.stderr}")
    leftovers = 0

    def tidy():
        nonlocal leftovers
        for name in os.listdir(folder):
            if ".replaced-" in name:
                os.remove(os.path.join(folder, name))
            elif ".restoring-" in name:
                # A copy SIGKILL left (the docs say so: only SIGKILL or a
                # power cut can); it is never taken for the database.
                leftovers += 1
                os.remove(os.path.join(folder, name))

    tidy()
    for i in range(runs):
        for what in ("import", "restore"):
            before = caseload(db)
            if what == "import":
                argv = cmd(db, "import", "children", csv(i))
                refs = set(before[0]) | {f"T{i}_{j}" for j in range(rows)}
                after = (tuple(sorted(refs)), before[1])
            else:
                candidate = restore_candidate()
                argv = cmd(db, "restore", candidate, "--yes")
                after = caseload(candidate)
            if killed_at_random(argv, measured[what] * 1.2):
                kills[what] += 1
            now = caseload(db)
            if now == before:
                pass
            elif now == after:
                finished[what] += 1
            else:
                problems.append(f"{what} {i}: {len(now[0])} children, neither {len(before[0])} nor {len(after[0])}")
            ok, text = sound(db)
            if not ok:
                problems.append(f"{what} {i}: check: {text[:300]}")
            tidy()
    return report(
        "torn import/restore",
        not problems and kills["import"] > 0 and kills["restore"] > 0,
        f"{runs} imports of {rows} children (about {measured['import']:.2f} s each) and {runs} restores "
        f"(about {measured['restore']:.2f} s each) killed at random: {kills['import']} imports and "
        f"{kills['restore']} restores SIGKILLed before they exited; afterwards the caseload was wholly before or wholly after "
        f"every time ({finished['import']} imports and {finished['restore']} restores had finished), "
        f"check sound every time: {'yes' if not problems else 'no'}; {leftovers} temporary restore copies "
        f"left by SIGKILL (removed)"
        + (f"; PROBLEMS: {problems_text(problems)}" if problems else ""),
    )


def disk_full():
    """On a 4 MB tmpfs, write until the disk is full: the write that does
    not fit is refused whole, and every acknowledged one is there."""
    if os.geteuid() != 0:
        print("disk full: skipped: needs root (to mount a small tmpfs)", flush=True)
        return 0
    mount = os.path.join(WORK, "full")
    os.makedirs(mount)
    out = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"disk full: skipped: cannot mount a tmpfs: {out.stderr.strip()}", flush=True)
        return 0
    try:
        db = os.path.join(mount, "live.db")
        must(db, "init")
        must(db, "import", "children", children_csv(os.path.join(WORK, "full.csv"), ["F1"]))
        acked = []
        refusal = ""
        big = "x" * 90_000
        for n in range(10_000):
            out = run(db, *record_args("F1", n, f"full-{n} {big}"))
            if out.returncode == 0:
                acked.append(day(n))
                continue
            refusal = (out.stderr or out.stdout).strip()
            break
        problems = []
        if not refusal:
            problems.append("the disk never filled")
        # An import too large for what is left is refused whole.
        before = caseload(db)
        big_csv = children_csv(os.path.join(WORK, "full-import.csv"), [f"G{i}" for i in range(20_000)])
        imp = run(db, "import", "children", big_csv)
        if imp.returncode == 0:
            problems.append("a 20,000-child import fitted on a full disk")
        if caseload(db) != before:
            problems.append("the refused import changed the caseload")
        stored = {d for (d,) in query(db, "SELECT on_date FROM events WHERE event = 'visit'")}
        lost = [d for d in acked if d not in stored]
        failed = day(len(acked))
        if failed in stored:
            problems.append(f"the refused write ({failed}) is in the database")
        ok, text = sound(db)
        if not ok:
            problems.append(f"check: {text[:300]}")
        return report(
            "disk full",
            not problems and not lost,
            f"4 MB tmpfs: {len(acked)} writes of 90 KB notes acknowledged before the disk filled, {len(lost)} lost; "
            f"the next was refused ({refusal.splitlines()[0][:120] if refusal else 'never'}) and is not in the file; "
            f"a 20,000-child import then refused whole (exit {imp.returncode}); check: {'sound' if ok else 'NOT sound'}"
            + (f"; PROBLEMS: {problems_text(problems)}" if problems else ""),
        )
    finally:
        subprocess.run(["umount", mount], capture_output=True)


def corrupted_copy(source, target, changes):
    """A copy of SOURCE with 1 to CHANGES random bytes set to random
    values; one copy in four within the first 4 KB page (the header and the
    schema's root)."""
    shutil.copyfile(source, target)
    size = os.path.getsize(target)
    with open(target, "r+b") as f:
        first_page = rng.random() < 0.25
        for _ in range(rng.randint(1, changes)):
            at = rng.randrange(min(size, 4096) if first_page else size)
            f.seek(at)
            f.write(bytes([rng.randrange(256)]))


def sample_db(name):
    """A small real database with children, plans' worth of events and a
    backup of it: the source of the corrupted copies."""
    db = new_db(name, [f"S{i}" for i in range(40)])
    for i in range(40):
        must(db, *record_args(f"S{i}", i, f"sample {i}"))
    backup = os.path.join(os.path.dirname(db), "sample.bak")
    must(db, "backup", backup)
    return db, backup


def restore_failures():
    """Bad candidates, each refused with a message, and the live file
    byte-identical after each; a corrupted copy that `check` finds sound
    may restore, and then the result is sound too."""
    corruptions = env_int("RESTORE_CORRUPTIONS", 500)
    live, backup = sample_db("restore")
    folder = os.path.join(WORK, "candidates")
    os.makedirs(folder)
    pristine = os.path.join(folder, "pristine.db")
    shutil.copyfile(live, pristine)

    def sqlite_file(name, user_version, sql):
        path = os.path.join(folder, name)
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
        conn.close()
        return path

    candidates = [
        ("user_version 3 with one unrelated table", sqlite_file("uv3.db", 3, "CREATE TABLE notes (x);")),
        ("user_version 11 with an empty audit table", sqlite_file("uv11.db", 11, "CREATE TABLE audit (id INTEGER);")),
        ("another program's SQLite file", sqlite_file("other.db", 0, "CREATE TABLE t (a, b); INSERT INTO t VALUES (1, 2);")),
    ]
    empty = os.path.join(folder, "empty.db")
    open(empty, "w").close()
    text = os.path.join(folder, "text.db")
    with open(text, "w") as f:
        f.write("not a database\n" * 100)
    candidates += [("a zero-length file", empty), ("a text file", text)]
    size = os.path.getsize(backup)
    for cut in sorted({100, 4096, size // 3, size // 2, size - 4096, size - 1}):
        path = os.path.join(folder, f"truncated-{cut}.db")
        with open(backup, "rb") as f, open(path, "wb") as g:
            g.write(f.read(cut))
        candidates.append((f"the backup cut to {cut} bytes", path))
    for i in range(corruptions):
        path = os.path.join(folder, f"flipped-{i}.db")
        corrupted_copy(backup, path, 16)
        candidates.append(("a backup with random bytes changed", path))

    refused = restored = 0
    problems = []
    for what, path in candidates:
        before = sha256(live)
        candidate_before = sha256(path)
        out = run(live, "restore", path, "--yes")
        if crashed(out):
            problems.append(f"{what} ({os.path.basename(path)}): crashed: exit {out.returncode}")
        if out.returncode != 0:
            refused += 1
            if sha256(live) != before:
                problems.append(f"{what} ({os.path.basename(path)}): refused, but the live file changed")
            if not (out.stderr + out.stdout).strip():
                problems.append(f"{what}: refused without a message")
        else:
            restored += 1
            ok, text = sound(live)
            if not ok:
                problems.append(f"{what} ({os.path.basename(path)}): restored, and then check: {text[:200]}")
            shutil.copyfile(pristine, live)
        if sha256(path) != candidate_before:
            problems.append(f"{what} ({os.path.basename(path)}): the candidate itself changed")
        for name in os.listdir(os.path.dirname(live)):
            if ".replaced-" in name or ".restoring-" in name or name.endswith(("-wal", "-shm", "-journal")):
                os.remove(os.path.join(os.path.dirname(live), name))
    named = len(candidates) - corruptions
    return report(
        "restore failures",
        not problems,
        f"{len(candidates)} candidates ({named} named: the issue's two, another program's file, a zero-length "
        f"file, a text file, {named - 5} truncated backups; and {corruptions} backups with 1 to 16 random bytes "
        f"changed): {refused} refused with a message and the live file byte-identical after each, {restored} "
        f"restored because check found them sound (the bytes changed nothing a reader sees) and then sound"
        + (f"; PROBLEMS: {problems_text(problems)}" if problems else ""),
    )


def corruption():
    """CORRUPTIONS copies with random bytes changed: `check` exits 0 or 1,
    with a message on every 1, and never crashes."""
    count = env_int("CORRUPTIONS", 1000)
    # A backup is one whole file (no -wal beside it): each copy is whole.
    _, source = sample_db("corruption")
    copy = os.path.join(WORK, "corruption", "copy.db")
    reported = sound_count = 0
    problems = []
    for i in range(count):
        for suffix in ("-wal", "-shm", "-journal"):
            if os.path.exists(copy + suffix):
                os.remove(copy + suffix)
        corrupted_copy(source, copy, 16)
        out = run(copy, "check", read_only=True, timeout=120)
        if crashed(out):
            problems.append(f"copy {i}: exit {out.returncode}: {(out.stderr or out.stdout).strip()[:200]}")
        elif out.returncode == 1:
            reported += 1
        else:
            sound_count += 1
    return report(
        "corruption",
        not problems,
        f"{count} copies with 1 to 16 random bytes changed (seed {SEED}): {reported} reported with a message "
        f"(exit 1), {sound_count} sound (exit 0), {len(problems)} crashed"
        + (f"; PROBLEMS: {problems_text(problems)}" if problems else ""),
    )


PARTS = {
    "kill-loop": kill_loop,
    "concurrent": concurrent_writers,
    "torn": torn,
    "disk-full": disk_full,
    "restore-failures": restore_failures,
    "corruption": corruption,
}

if __name__ == "__main__":
    part, BIN, WORK = sys.argv[1:4]
    sys.exit(PARTS[part]())
