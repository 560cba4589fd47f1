#!/usr/bin/python3
"""Control-plane benchmark: JSON-RPC operations per second on a real TaskOff
port, and the main job's throughput with and without a configuration change
every millisecond. Usage: scripts/bench_ctl.py [SECONDS]  (run after a build)"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PMD = os.path.join(ROOT, "build/drivers/net/taskoff/librte_net_taskoff.so")
sys.path.insert(0, os.path.join(ROOT, "tests", "common"))
from taskoff_plugin import eal_plugin_args  # noqa: E402
APP = os.path.join(ROOT, "build/app/taskoff/taskoff")
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


class Rpc:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.f = self.s.makefile("rb")
        self.id = 0

    def call(self, method, params):
        self.id += 1
        self.s.sendall(json.dumps({"jsonrpc": "2.0", "id": self.id, "method": method,
                                   "params": params}).encode() + b"\n")
        while True:
            msg = json.loads(self.f.readline())
            if msg.get("id") == self.id:
                return msg


def start_app(prefix, seconds):
    argv = ["timeout", str(seconds + 60), APP, "-l", "0-1", "--no-pci", "--file-prefix", prefix,
            *eal_plugin_args(PMD), "--", "--duration", str(seconds)]
    path = "/var/run/dpdk/%s/taskoff.sock" % prefix
    if os.path.exists(path):
        os.unlink(path)  # left by an earlier run that was killed
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while not os.path.exists(path):
        time.sleep(0.05)
    time.sleep(0.2)
    return proc, path


def throughput(out):
    m = re.findall(r"\(([\d.]+) Gbit/s\)", out)
    return sum(float(x) for x in m)


def run(toggle):
    proc, path = start_app("tko-benchctl-%d" % toggle, SECONDS)
    stop, calls = threading.Event(), [0]

    def toggler():
        rpc, v = Rpc(path), 1
        while not stop.is_set():
            try:
                rpc.call("offload.set_parameters",
                         {"port": "net_taskoff0", "parameters": {"RscIPv4": 1 + (v & 1)}})
            except (OSError, ValueError):
                return  # the run ended

            v += 1
            calls[0] += 1
            time.sleep(0.001)

    t = threading.Thread(target=toggler)
    if toggle:
        t.start()
    out = proc.communicate()[0]
    stop.set()
    if toggle:
        t.join()
    return throughput(out), calls[0], out


def ops_per_second():
    proc, path = start_app("tko-benchops", 8)
    rpc = Rpc(path)
    res = {}
    for method, params in (("offload.current_config", {"port": "net_taskoff0"}),
                           ("stats.get", {"port": "net_taskoff0"}),
                           ("offload.set_parameters", {"port": "net_taskoff0",
                                                       "parameters": {"UDPIPv4Checksum": 4}})):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 1.5:
            reply = rpc.call(method, params)
            assert "result" in reply, reply
            n += 1
        res[method] = n / (time.perf_counter() - t0)
    proc.wait()
    return res


if __name__ == "__main__":
    print("machine: %s, %d cores" % (re.search(r"Model name:\s+(.*)", subprocess.run(
        ["lscpu"], capture_output=True, text=True).stdout).group(1), os.cpu_count()))
    for m, r in ops_per_second().items():
        print("%-26s %10.0f requests/s (one client, request-reply)" % (m, r))
    base, _, _ = run(False)
    changed, calls, _ = run(True)
    print("main job without config changes: %.2f Gbit/s payload (both directions)" % base)
    print("main job with a RscIPv4 change every ~1 ms (%d changes): %.2f Gbit/s (%.1f%%)"
          % (calls, changed, 100.0 * changed / base if base else 0))
