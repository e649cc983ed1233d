#!/usr/bin/env python3
"""Runs one command (stdout to a file or /dev/null) and prints JSON: wall seconds, CPU seconds (user + system) and peak RSS (bytes) of the child."""
import json, resource, subprocess, sys, time

out = sys.argv[1]
cmd = sys.argv[2:]
with open(out, 'wb') as f:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=f)
    t1 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": t1 - t0, "cpu": ru.ru_utime + ru.ru_stime, "maxrss": ru.ru_maxrss * 1024, "code": p.returncode}))
