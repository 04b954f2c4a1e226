#!/usr/bin/env python3
# For comparison in docs/reliability.md ("Backup"): the backup method
# permanence used before issue 16 (SQLite's online backup, 512 pages a
# step, 2 ms between steps), run with Python's sqlite3 on DATABASE, idle
# and under N unthrottled draft writers, stopped after 120 s.
# Usage: paged_backup_under_load.py DATABASE N... (writes DATABASE.paged-N.db, then removes it)
import os, sqlite3, sys, time, multiprocessing
db = sys.argv[1]
def writer(me, stop):
    c = sqlite3.connect(db, timeout=30, isolation_level=None)
    n = 0
    while not stop.is_set():
        n += 1
        c.execute("INSERT OR REPLACE INTO drafts (user, purpose, fields, saved_at) VALUES (?, 'bench', ?, '2026-12-06T00:00:00Z')", (f"old-{me}", '{"n": %d}' % n))
for n in [int(a) for a in sys.argv[2:]]:
    stop = multiprocessing.Event()
    ps = [multiprocessing.Process(target=writer, args=(i, stop)) for i in range(n)]
    for p in ps: p.start()
    if n: time.sleep(2)
    out = f"{db}.paged-{n}.db"
    if os.path.exists(out): os.remove(out)
    src = sqlite3.connect(db, timeout=30)
    dst = sqlite3.connect(out)
    start = time.time(); limit = 120; steps = [0]
    def progress(status, remaining, total):
        steps[0] += 1
        if time.time() - start > limit: raise KeyboardInterrupt
    try:
        src.backup(dst, pages=512, progress=progress, sleep=0.002)
        verdict = "finished"
    except KeyboardInterrupt:
        verdict = f"NOT finished within {limit} s"
    el = time.time() - start
    stop.set()
    for p in ps: p.join()
    print(f"paged method, writers {n}: {verdict} after {el:.1f} s, {steps[0]} steps; load {open('/proc/loadavg').read().split()[0]}", flush=True)
    dst.close(); os.remove(out)
