"""Soak: the main job (taskoff gen+check on a peer pair, 2 lcores) at full speed while
one client toggles offloads, RSS and VMQ at random every few milliseconds and another
subscribes and disconnects over and over.

Asserts: zero check errors (taskoff exits 0 and says so), a live line every second
with traffic in it (no stall), the process's resident memory stable, every control
request answered, and the mempools back to their start level (the app checks that
at exit). Usage: soak.py TASKOFF PMD DURATION_S [RSC_HOLD_US]
With RSC_HOLD_US the two ports hold SCUs across bursts (devarg rsc_hold_us), so the
random RSC and checksum toggles also end held SCUs mid-stream.
"""
import os
import random
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from jsonrpc_client import JsonRpcClient  # noqa: E402
from taskoff_plugin import eal_plugin_args  # noqa: E402

app, pmd, duration = sys.argv[1], sys.argv[2], int(sys.argv[3])
hold_us = int(sys.argv[4]) if len(sys.argv) > 4 else 0
prefix = "tko-soak-%d" % os.getpid()
sock_path = "/var/run/dpdk/%s/taskoff.sock" % prefix
failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what, flush=True)
    if not cond:
        failures.append(what)


stats = {"calls": 0, "accepted": 0, "refused": 0, "errors": [], "subscribes": 0}
stop = threading.Event()


def toggler():
    # Receive offloads, RSS, VMQ and LsoV1 (gen uses LSOv2 while it is on) change at random.
    # Transmit offloads gen is using are left alone here: per NDIS a packet that still asks
    # for a just-disabled offload is dropped and counted (ctl_testpmd_* tests cover that),
    # which a byte-stream checker without retransmission would see as a gap.
    rng = random.Random(1234)
    fields = ["LsoV1", "RscIPv4", "RscIPv6"]
    csum = ["IPv4Checksum", "TCPIPv4Checksum", "UDPIPv4Checksum", "TCPIPv6Checksum",
            "UDPIPv6Checksum"]
    rpc = JsonRpcClient(sock_path)
    while not stop.is_set():
        port = "net_taskoff%d" % rng.randrange(2)
        kind = rng.randrange(4)
        if kind == 0:
            params = {"port": port, "parameters": {rng.choice(fields): rng.choice([1, 2])}}
            msg = rpc.call("offload.set_parameters", params)
        elif kind == 1:
            # 2 = TX on, RX off; 4 = both on: receive validation comes and goes
            params = {"port": port, "parameters": {rng.choice(csum): rng.choice([2, 4])}}
            msg = rpc.call("offload.set_parameters", params)
        elif kind == 2:
            msg = rpc.call("rss.set", {"port": port, "reta": [0]})
        else:
            mac = "02:00:00:00:%02x:%02x" % (rng.randrange(256), rng.randrange(256))
            msg = rpc.call("vmq.filter_add", {"port": port, "mac": mac, "queue": 0})
            if "result" in msg:
                rpc.call("vmq.filter_remove", {"port": port, "mac": mac})
        stats["calls"] += 1
        if "result" in msg:
            stats["accepted"] += 1
        elif msg.get("error", {}).get("data", {}).get("status", "").startswith("NDIS_STATUS_"):
            stats["refused"] += 1  # e.g. a combination rule: a named refusal is fine
        else:
            stats["errors"].append(msg)
        time.sleep(rng.uniform(0.001, 0.005))
    # leave every offload on for the end of the run
    for port in ("net_taskoff0", "net_taskoff1"):
        rpc.call("offload.set_parameters", {"port": port, "parameters": {
            "IPv4Checksum": 4, "TCPIPv4Checksum": 4, "UDPIPv4Checksum": 4, "TCPIPv6Checksum": 4,
            "UDPIPv6Checksum": 4}})


def subscriber():
    while not stop.is_set():
        try:
            rpc = JsonRpcClient(sock_path)
            rpc.call("events.subscribe", {})
            time.sleep(random.uniform(0.005, 0.05))
            rpc.close()
            stats["subscribes"] += 1
        except OSError as e:
            stats["errors"].append(str(e))


def rss_kb(timeout_pid):
    """Resident memory of taskoff itself (the child of the timeout wrapper)."""
    with open("/proc/%d/task/%d/children" % (timeout_pid, timeout_pid)) as f:
        pid = int(f.read().split()[0])
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


vdevs = []
if hold_us:
    vdevs = ["--vdev", "net_taskoff0,peer=net_taskoff1,rsc_hold_us=%d" % hold_us,
             "--vdev", "net_taskoff1,peer=net_taskoff0,rsc_hold_us=%d" % hold_us]
argv = ["timeout", "-s", "KILL", str(duration + 60), app, "-l", "0-1", "--no-pci", "--no-huge",
        "-m", "1024", "--file-prefix", prefix, *eal_plugin_args(pmd)] + vdevs + [
        "--", "--duration", str(duration)]
proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
out_lines = []
reader = threading.Thread(target=lambda: out_lines.extend(proc.stdout), daemon=True)
reader.start()
deadline = time.monotonic() + 30
while not os.path.exists(sock_path) and time.monotonic() < deadline:
    time.sleep(0.1)
check(os.path.exists(sock_path), "control socket is up")
threads = [threading.Thread(target=toggler), threading.Thread(target=subscriber)]
for t in threads:
    t.start()
# memory without hugepages is touched gradually as mbufs first cycle: compare the
# second half of the run only
time.sleep(duration / 2)
rss_start = rss_kb(proc.pid)
time.sleep(max(0, duration / 2 - 3))
rss_end = rss_kb(proc.pid)
stop.set()
for t in threads:
    t.join(30)
rc = proc.wait(duration + 90)
reader.join(5)
out = "".join(out_lines)
print(out[-3000:])
live = [l for l in out.splitlines() if re.match(r"^\[\s*\d+s\]", l)]
rates = [sum(float(x) for x in re.findall(r"([\d.]+) Gbit/s", l)) for l in live]
check(rc == 0, "taskoff exits 0 (rc=%d)" % rc)
check(re.search(r"check errors:\s*0\b", out) is not None, "zero check errors")
check(len(live) >= duration - 1, "a live line every second (%d lines)" % len(live))
check(all(r > 0 for r in rates), "traffic in every second, no stall (min %.2f Gbit/s)"
      % (min(rates) if rates else 0))
check(rss_end - rss_start < 8 * 1024, "resident memory stable over the second half (%d kB -> %d kB)"
      % (rss_start, rss_end))
check(stats["calls"] > 100 and stats["accepted"] > 0 and not stats["errors"],
      "control requests: %d calls, %d accepted, %d refused by name, errors %s"
      % (stats["calls"], stats["accepted"], stats["refused"], stats["errors"][:2]))
check(stats["subscribes"] > 10, "%d subscribe/disconnect cycles" % stats["subscribes"])
sys.exit(1 if failures else 0)
