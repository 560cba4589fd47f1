"""taskoffctl under valgrind memcheck against real TaskOff ports in testpmd: every
subcommand (success and error paths, --json, --help) leaks nothing and makes no
invalid access. Usage: test_taskoffctl_valgrind.py TASKOFFCTL"""
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pmd"))
from testpmd_driver import Testpmd  # noqa: E402

CTL = sys.argv[1]
VALGRIND = ["timeout", "120", "valgrind", "-q", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect,possible", "--error-exitcode=99"]
failures = []


def run(prefix, args, want_rc):
    res = subprocess.run(VALGRIND + [CTL, "--file-prefix", prefix] + args, capture_output=True,
                         text=True)
    # valgrind reports on lines starting with ==PID==; -q prints nothing when clean
    reports = [l for l in res.stderr.splitlines() if l.startswith("==")]
    ok = res.returncode == want_rc and not reports
    print(("ok: " if ok else "FAIL: ") + "taskoffctl %s -> rc %d (want %d) %s"
          % (" ".join(args), res.returncode, want_rc, res.stderr.strip()[-400:]))
    if not ok:
        failures.append(args)


tp = Testpmd(["net_taskoff0,peer=net_taskoff1", "net_taskoff1,peer=net_taskoff0"])
p = tp.prefix
cases = [
    (["ports"], 0), (["--json", "ports"], 0), (["caps", "net_taskoff0"], 0),
    (["caps", "net_taskoff0", "--hardware"], 0), (["show", "net_taskoff1"], 0),
    (["--json", "show", "net_taskoff1"], 0), (["set", "net_taskoff0", "lsov2-ipv4=off"], 0),
    (["set", "net_taskoff0", "LsoV2IPv4=2"], 0), (["set", "net_taskoff0", "Bogus=1"], 1),
    (["set", "net_taskoff9", "LsoV1=1"], 1), (["keyword", "net_taskoff0"], 0),
    (["keyword", "net_taskoff0", "*RscIPv4=0"], 0), (["keyword", "net_taskoff0", "*RscIPv4=9"], 1),
    (["stats", "net_taskoff0"], 0), (["--json", "stats", "net_taskoff0"], 0),
    (["rss", "net_taskoff0"], 0), (["vmq", "net_taskoff0", "add", "02:00:00:00:00:05", "queue", "0"], 0),
    (["vmq", "net_taskoff0", "list"], 0), (["vmq", "net_taskoff0", "remove", "02:00:00:00:00:05"], 0),
    (["vmq", "net_taskoff0", "remove", "02:00:00:00:00:05"], 1), (["nosuchcommand"], 1),
]
for sub in ["ports", "caps", "show", "set", "keyword", "stats", "watch", "rss", "vmq"]:
    cases.append(([sub, "--help"], 0))
for args, rc in cases:
    run(p, args, rc)


def poke():
    time.sleep(2)
    subprocess.run([CTL, "--file-prefix", p, "set", "net_taskoff1", "RscIPv6=1"],
                   capture_output=True)


t = threading.Thread(target=poke)
t.start()
run(p, ["watch", "--count", "1"], 0)
t.join()
tp.quit()
sys.exit(1 if failures else 0)
