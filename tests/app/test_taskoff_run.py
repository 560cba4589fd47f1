"""The main job: taskoff gen+check on the built-in peer pair ends cleanly with
a summary, live lines every second, traffic both ways, and zero check errors."""
import os
import re
import subprocess
import sys

app, pmd = sys.argv[1], sys.argv[2]
argv = ["timeout", "-s", "KILL", "60", app, "-l", "0-1", "--no-pci", "--no-huge", "-m", "512",
        "--file-prefix", "tko-app-%d" % os.getpid(), "-d", pmd, "--", "--duration", "3"]
res = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
out = res.stdout
print(out)
failures = []
if res.returncode != 0:
    failures.append("exit status %d" % res.returncode)
live = re.findall(r"^\[\s*(\d+)s\]", out, re.M)
if live != ["1", "2", "3"]:
    failures.append("expected live lines for seconds 1..3, got %s" % live)
rows = re.findall(r"port (\d)->(\d): sent (\d+) frames, received (\d+) frames, (\d+) payload bytes"
                  r".*seq errors (\d+), payload errors (\d+), header errors (\d+), drops (\d+)", out)
if len(rows) != 2:
    failures.append("summary has %d direction rows" % len(rows))
for r in rows:
    sent, received, payload = int(r[2]), int(r[3]), int(r[4])
    if sent == 0 or sent != received:
        failures.append("port %s->%s sent %d received %d" % (r[0], r[1], sent, received))
    if payload != received * 1460:
        failures.append("payload bytes %d != %d frames x 1460" % (payload, received))
    if any(int(x) for x in r[5:]):
        failures.append("errors or drops in %s" % (r,))
if "check errors: 0" not in out:
    failures.append("summary does not report zero check errors")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
