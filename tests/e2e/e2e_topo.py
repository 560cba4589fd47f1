"""Network namespaces, veth pairs and the taskoff process for end-to-end tests.

Everything a test creates lives in namespaces it names uniquely (tag + pid) and
is removed in Topology.close(), which tests call from `finally`: processes are
killed by their own pid, then `ip netns del` removes each namespace and with it
every veth inside. No address is ever configured outside these namespaces.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from taskoff_plugin import eal_plugin_args  # noqa: E402

APP = os.environ.get("TASKOFF_APP", "build/app/taskoff/taskoff")
PMD = os.environ.get("TASKOFF_PMD", "build/drivers/net/taskoff/librte_net_taskoff.so")
CTL = os.environ.get("TASKOFFCTL", "build/app/taskoffctl/taskoffctl")


def sh(*cmd, check=True, timeout=30, **kw):
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout,
                         **kw)
    if check and res.returncode != 0:
        raise RuntimeError("%s: rc %d: %s" % (" ".join(map(str, cmd)), res.returncode,
                                               res.stderr.strip()))
    return res


class Topology:
    def __init__(self, tag):
        self.tag = "%s%d" % (tag, os.getpid() % 100000)
        self.namespaces = []
        self.procs = []
        self.tmp = tempfile.mkdtemp(prefix="tko-e2e-%s-" % self.tag)

    def name(self, what):
        return ("%s%s" % (what, self.tag))[:15]

    def netns(self, what):
        ns = self.name("tko" + what)
        sh("ip", "netns", "add", ns)
        self.namespaces.append(ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        return ns

    def veth(self, ns_a, dev_a, ns_b, dev_b):
        """A veth pair with one end in each namespace; both up."""
        sh("ip", "link", "add", dev_a, "netns", ns_a, "type", "veth", "peer", "name", dev_b,
           "netns", ns_b)
        sh("ip", "-n", ns_a, "link", "set", dev_a, "up")
        sh("ip", "-n", ns_b, "link", "set", dev_b, "up")

    @staticmethod
    def kernel_sends_mtu_frames(ns, dev):
        """No TX checksum offload, TSO, GSO or GRO: every frame on the wire is MTU-sized with
        full checksums (tx off also turns the segmentation features off)."""
        sh("ip", "netns", "exec", ns, "ethtool", "-K", dev, "tx", "off", "tso", "off", "gso",
           "off", "gro", "off")
        feats = sh("ip", "netns", "exec", ns, "ethtool", "-k", dev).stdout
        for f in ("tx-checksum-ip-generic", "tcp-segmentation-offload",
                  "generic-segmentation-offload", "generic-receive-offload",
                  "tx-udp-segmentation"):
            line = [l for l in feats.splitlines() if l.strip().startswith(f + ":")]
            if line and ": on" in line[0]:
                raise RuntimeError("%s still on for %s: %s" % (f, dev, line[0]))

    @staticmethod
    def addr(ns, dev, cidr):
        extra = ["nodad"] if ":" in cidr else []
        sh("ip", "-n", ns, "addr", "add", cidr, "dev", dev, *extra)

    @staticmethod
    def quiet_ipv6(ns):
        """The namespace that runs DPDK has no addresses at all: no IPv6 link-local chatter."""
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1")

    @staticmethod
    def mac(ns, dev):
        out = sh("ip", "-n", ns, "-j", "link", "show", dev).stdout
        return json.loads(out)[0]["address"]

    def popen(self, ns, cmd, **kw):
        # own session: close() can end the process and its children by this group id
        p = subprocess.Popen(["ip", "netns", "exec", ns, *map(str, cmd)], start_new_session=True,
                             **kw)
        self.procs.append(p)
        return p

    def run(self, ns, cmd, timeout=60, check=True):
        return sh("ip", "netns", "exec", ns, *cmd, timeout=timeout, check=check)

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        for ns in reversed(self.namespaces):
            sh("ip", "netns", "del", ns, check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


class TaskoffApp:
    """The taskoff application running in a namespace; output goes to a log file."""

    def __init__(self, topo, ns, vdevs, app_args, log_path, json_path, timeout_s=120):
        self.prefix = "tko-e2e-%s" % topo.tag
        self.log_path = log_path
        self.json_path = json_path
        eal = ["-l", "0-1", "--no-pci", "--no-huge", "-m", "1024", "--file-prefix", self.prefix,
               *eal_plugin_args(PMD), "--log-level", "lib.eal:warning"]
        for v in vdevs:
            eal += ["--vdev", v]
        self.argv = ["timeout", "-s", "INT", "-k", "10", str(timeout_s), os.path.abspath(APP),
                     *eal, "--", "--summary-json", json_path, *app_args]
        self.log = open(log_path, "w")
        self.proc = topo.popen(ns, self.argv, stdout=self.log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    @classmethod
    def bridge(cls, topo, ns, dev0, dev1, port0_args="", packet_args="", timeout_s=120):
        """The bridge engine between af_packet ports on @dev0 and @dev1, each under a
        net_taskoff port; port0_args are extra devargs of net_taskoff0 (",decap=all"),
        packet_args of both af_packet ports (",framecnt=4096")."""
        return cls(topo, ns,
                   ["net_af_packet0,iface=%s%s" % (dev0, packet_args),
                    "net_taskoff0,lower=net_af_packet0%s" % port0_args,
                    "net_af_packet1,iface=%s%s" % (dev1, packet_args),
                    "net_taskoff1,lower=net_af_packet1"],
                   ["--engine", "bridge", "--duration", "0", "--quiet", "1"],
                   os.path.join(topo.tmp, "taskoff.log"),
                   os.path.join(topo.tmp, "summary.json"), timeout_s)

    def wait_started(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if "control socket:" in self.output():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError("taskoff did not start:\n" + self.output())

    def stop(self):
        """SIGINT (Ctrl-C), as a user ends a run; returns (exit status, JSON summary)."""
        if self.proc.poll() is None:
            # `ip netns exec` execs `timeout`, which passes SIGINT on to taskoff
            os.kill(self.proc.pid, signal.SIGINT)
        rc = self.proc.wait(timeout=60)
        self.log.close()
        return rc, self.summary()

    def wait(self, timeout=120):
        rc = self.proc.wait(timeout=timeout)
        self.log.close()
        return rc, self.summary()

    def summary(self):
        try:
            with open(self.json_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def ctl_stats(self, port):
        res = sh(os.path.abspath(CTL), "--file-prefix", self.prefix, "--json", "stats", port,
                 check=False)
        if res.returncode != 0:
            raise RuntimeError("taskoffctl failed: %s %s" % (res.stdout, res.stderr))
        return json.loads(res.stdout)


class Checks:
    def __init__(self):
        self.failures = []

    def pools_returned(self, s):
        """After the ports stopped, every mbuf is back in the application's pools."""
        self.expect(s["rx_pool_in_use"] == 0 and s["gen_pool_in_use"] == 0,
                    "mbufs back in the pools after stop (rx %d, gen %d in use)" % (
                        s["rx_pool_in_use"], s["gen_pool_in_use"]))

    def expect(self, ok, what):
        print("%s: %s" % ("ok  " if ok else "FAIL", what))
        if not ok:
            self.failures.append(what)

    def exit(self):
        for f in self.failures:
            print("FAIL:", f)
        sys.exit(1 if self.failures else 0)


def file_sha256(path):
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pattern_bytes(flow, start, length):
    """The app's flow pattern (app/taskoff/flows.h flow_pattern_byte)."""
    base = start + flow * 977
    return bytes(((s * 7) + (s >> 8) + (s >> 16)) & 0xFF for s in range(base, base + length))
