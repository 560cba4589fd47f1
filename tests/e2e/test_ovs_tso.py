"""Open vSwitch (Debian openvswitch-switch-dpdk 3.1, DPDK 22.11) with userspace TSO
through a TaskOff port added with OVS's default port options.

    nsA [tapA 10.99.7.1] -- nsM: ovs-vswitchd-dpdk br0 (netdev) -- [mB] ==veth== [vB 10.99.7.2] nsB
        OVS internal port        tko0: net_taskoff0 over net_af_packet0 (mB)

ovsdb-server and ovs-vswitchd run in nsM from a private run directory with a
private database and DPDK --file-prefix; the plugin is loaded through
other_config:dpdk-extra. nsA's kernel hands 64 KB TCP packets to OVS's tap
(userspace-tso-enable=true); OVS passes them to TaskOff with
RTE_MBUF_F_TX_TCP_SEG and TaskOff segments them onto the wire. nsB's kernel
sends MTU frames with full checksums (the af_packet lower carries no GSO).

Checks: `add-port ... type=dpdk options:dpdk-devargs=net_taskoff0` and nothing
else succeeds (OVS asks 2048 descriptors per queue); a random file crosses
intact both ways (sha256); TaskOff's lso_segments grows with no tx_drop_*;
OVS counts no drop on the port; iperf3 runs both ways; mtu_request=9000,
which the af_packet lower (2048-byte frames) cannot carry, is not reported as
set. The same topology with a plain af_packet port (OVS defaults, no
userspace TSO) is measured for comparison; both iperf3 results are printed as
one JSON line ("ovs_tso": {...}) for BENCHMARKS.md. What OVS logs about SCTP
checksum and MTU is printed too.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import CTL, PMD, Checks, Topology, file_sha256, sh  # noqa: E402
from taskoff_plugin import eal_plugin_args  # noqa: E402  (e2e_topo put tests/common on the path)

VSWITCHD = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk"
SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
FILE_BYTES = 24 << 20
IPERF_SECONDS = 3
# every OVS process is bounded by this, the whole test by TEST_BOUND_S (a run takes 20-30 s)
OVS_LIFETIME_S = 150
TEST_BOUND_S = 170
A_IP, B_IP = "10.99.7.1", "10.99.7.2"


class Ovs:
    """ovsdb-server + ovs-vswitchd-dpdk in a namespace, everything in a private run dir."""

    def __init__(self, topo, ns, label, other_config):
        self.topo, self.ns = topo, ns
        self.dir = os.path.join(topo.tmp, "ovs-" + label)
        os.makedirs(self.dir)
        self.db_sock = os.path.join(self.dir, "db.sock")
        self.log_path = os.path.join(self.dir, "ovs-vswitchd.log")
        self.procs = []
        env = dict(os.environ, OVS_RUNDIR=self.dir, OVS_DBDIR=self.dir, OVS_LOGDIR=self.dir)
        db = os.path.join(self.dir, "conf.db")
        sh("ovsdb-tool", "create", db, SCHEMA)
        self._start(["ovsdb-server", db, "--remote=punix:" + self.db_sock,
                     "--unixctl=" + os.path.join(self.dir, "ovsdb-server.ctl"),
                     "--log-file=" + os.path.join(self.dir, "ovsdb-server.log")], env)
        self._wait_for(lambda: os.path.exists(self.db_sock), "ovsdb-server socket")
        self.vsctl("--no-wait", "init")
        self.vsctl("--no-wait", "set", "Open_vSwitch", ".",
                   *("other_config:%s=%s" % kv for kv in other_config.items()))
        self._start([VSWITCHD, "unix:" + self.db_sock,
                     "--unixctl=" + os.path.join(self.dir, "ovs-vswitchd.ctl"),
                     "--log-file=" + self.log_path], env)
        # add-br without --no-wait returns once ovs-vswitchd applied it: DPDK is up
        try:
            self.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev",
                       timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            raise RuntimeError("%s\novs-vswitchd log:\n%s" % (e, self.log()[-3000:]))

    def _start(self, argv, env):
        log = open(os.path.join(self.dir, os.path.basename(argv[0]) + ".out"), "w")
        self.procs.append(self.topo.popen(self.ns, ["timeout", "-k", "5", str(OVS_LIFETIME_S),
                                                    *argv], env=env, stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))

    def _wait_for(self, ready, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if ready():
                return
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(0.1)
        raise RuntimeError("%s not ready:\n%s" % (what, self.log()))

    def vsctl(self, *args, check=True, timeout=30):
        return sh("ovs-vsctl", "--db=unix:" + self.db_sock, "--timeout=%d" % timeout, *args,
                  check=check, timeout=timeout + 5)

    def get(self, table, record, column):
        return self.vsctl("get", table, record, column).stdout.strip()

    def stats(self, iface):
        """`ovs-vsctl get interface IFACE statistics` as a dict of ints."""
        out = self.get("interface", iface, "statistics").strip("{}")
        return {k.strip(): int(v) for k, v in (kv.split("=") for kv in out.split(",") if kv)}

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    def appctl(self, *args):
        return sh("ovs-appctl", "-t", os.path.join(self.dir, "ovs-vswitchd.ctl"),
                  "--timeout=20", *args, check=False, timeout=25).stdout

    def stop(self):
        # del-br first: OVS makes its taps persistent and only a port removal undoes
        # that (tapA sits in another namespace). SIGTERM then lets ovs-vswitchd close
        # its DPDK ports; Topology.close() SIGKILLs whatever remains.
        if all(p.poll() is None for p in self.procs):
            self.vsctl("--if-exists", "del-br", "br0", check=False, timeout=20)
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


def run_client(topo, ns, cmd, timeout):
    """A client in its own process group (Topology.close() ends it and its children even
    when this test is interrupted); returns (exit status, stdout)."""
    p = topo.popen(ns, cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=timeout)
    if p.returncode != 0:
        print("%s: rc %d: %s" % (cmd[2] if cmd[0] == "timeout" else cmd[0], p.returncode,
                                 err.strip()[-300:]))
    return p.returncode, out


def wait_listen(topo, ns, port):
    for _ in range(50):
        if ":%d " % port in topo.run(ns, ["ss", "-ltnH"]).stdout:
            return
        time.sleep(0.1)


def socat_file(topo, src_ns, dst_ns, dst, port, chk, label):
    """A random file copied with socat; the copy must hash the same."""
    src = os.path.join(topo.tmp, "in-%d.bin" % port)
    out = os.path.join(topo.tmp, "out-%d.bin" % port)
    with open(src, "wb") as f:
        f.write(os.urandom(FILE_BYTES))
    rx = topo.popen(dst_ns, ["timeout", "40", "socat", "-u",
                             "TCP4-LISTEN:%d,bind=%s,reuseaddr" % (port, dst), "CREATE:" + out])
    wait_listen(topo, dst_ns, port)
    rc, _ = run_client(topo, src_ns, ["timeout", "40", "socat", "-u", "OPEN:" + src,
                                      "TCP4:%s:%d" % (dst, port)], 50)
    rx.wait(timeout=45)
    same = rc == 0 and os.path.exists(out) and file_sha256(out) == file_sha256(src)
    chk.expect(same, "%s: a random %d-byte file arrives with the same sha256" % (label, FILE_BYTES))
    for p in (src, out):
        if os.path.exists(p):
            os.unlink(p)


def iperf(topo, nsA, nsB, reverse):
    srv = topo.popen(nsB, ["timeout", "30", "iperf3", "-s", "-1", "-B", B_IP],
                     stdout=subprocess.DEVNULL)
    wait_listen(topo, nsB, 5201)
    rc, out = run_client(topo, nsA, ["timeout", "30", "iperf3", "-c", B_IP, "-t",
                                     str(IPERF_SECONDS), "-J", *(["-R"] if reverse else [])], 40)
    srv.wait(timeout=30)
    try:
        end = json.loads(out)["end"]
        return {"gbit_s": round(end["sum_received"]["bits_per_second"] / 1e9, 3),
                "bytes": end["sum_received"]["bytes"],
                "retransmits": end["sum_sent"].get("retransmits", 0)}
    except (ValueError, KeyError):
        print("iperf3 rc %d: %s" % (rc, out[-600:]))
        return None


def taskoff_counters(prefix):
    res = sh(os.path.abspath(CTL), "--file-prefix", prefix, "--json", "stats", "net_taskoff0",
             check=False)
    if res.returncode != 0:
        raise RuntimeError("taskoffctl: %s %s" % (res.stdout, res.stderr))
    return json.loads(res.stdout)["counters"]


def telemetry(prefix, command):
    """One DPDK telemetry command (the v2 socket in the EAL runtime dir); its data."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(5)
        s.connect("/var/run/dpdk/%s/dpdk_telemetry.v2" % prefix)
        s.recv(16384)  # the greeting
        s.send(command.encode())
        return json.loads(s.recv(1 << 20).decode())[command.split(",")[0]]


def ethdev_mtu(prefix, name):
    """The MTU the ethdev layer holds for port NAME (rte_eth_dev_get_mtu)."""
    for port_id in telemetry(prefix, "/ethdev/list"):
        info = telemetry(prefix, "/ethdev/info,%d" % port_id)
        if info["name"] == name:
            return info["mtu"]
    raise RuntimeError("no ethdev %s" % name)


def tap_to_namespace(topo, ovs, nsA):
    """OVS's internal port (a tap in nsM) moved to nsA: the TCP source and sink."""
    ovs.vsctl("add-port", "br0", "tapA", "--", "set", "interface", "tapA", "type=internal")
    sh("ip", "-n", ovs.ns, "link", "set", "tapA", "netns", nsA)
    sh("ip", "-n", nsA, "link", "set", "tapA", "up")
    Topology.addr(nsA, "tapA", A_IP + "/24")


def port_added(ovs, iface, chk, label):
    err = ovs.get("interface", iface, "error")
    ofport = int(ovs.get("interface", iface, "ofport"))
    chk.expect(err == "[]" and ofport > 0, "%s: add-port with OVS defaults: error %s, ofport %d"
               % (label, err, ofport))
    return err == "[]" and ofport > 0


def log_lines(ovs, pattern):
    return [l.split("|", 4)[-1] for l in ovs.log().splitlines() if re.search(pattern, l)]


def run_taskoff(topo, nsA, nsB, nsM, mB, chk, out):
    prefix = "ovs_taskoff_" + topo.tag
    topo.dpdk_prefixes.append(prefix)
    # -d <build copy>, or nothing when that very build is installed in DPDK's plugin directory
    extra = ("--no-pci --no-huge --legacy-mem -m 1024 --file-prefix %s %s "
             "--vdev net_af_packet0,iface=%s,framecnt=4096 --vdev net_taskoff0,lower=net_af_packet0"
             % (prefix, " ".join(eal_plugin_args(PMD)), mB))
    ovs = Ovs(topo, nsM, "taskoff", {"dpdk-init": "true", "userspace-tso-enable": "true",
                                     "pmd-cpu-mask": "0x2", "dpdk-extra": '"%s"' % extra})
    try:
        # OVS's defaults: type and devargs, nothing else (2048 descriptors per queue)
        ovs.vsctl("add-port", "br0", "tko0", "--", "set", "interface", "tko0", "type=dpdk",
                  "options:dpdk-devargs=net_taskoff0", check=False)
        if not port_added(ovs, "tko0", chk, "TaskOff"):
            print("\n".join(log_lines(ovs, r"tko0|nb_.x_desc")))
            return
        tap_to_namespace(topo, ovs, nsA)
        before = taskoff_counters(prefix)
        socat_file(topo, nsA, nsB, B_IP, 5301, chk, "TaskOff, nsA -> nsB (OVS TSO)")
        mid = taskoff_counters(prefix)
        lso_pkts = mid["lso_packets"] - before["lso_packets"]
        lso_segs = mid["lso_segments"] - before["lso_segments"]
        chk.expect(lso_pkts > 0 and lso_segs > lso_pkts,
                   "TaskOff segmented OVS's TSO packets: %d LSO packets -> %d segments"
                   % (lso_pkts, lso_segs))
        socat_file(topo, nsB, nsA, A_IP, 5302, chk, "TaskOff, nsB -> nsA")
        out["taskoff_tx"] = iperf(topo, nsA, nsB, reverse=False)
        out["taskoff_rx"] = iperf(topo, nsA, nsB, reverse=True)
        chk.expect(out["taskoff_tx"] is not None and out["taskoff_tx"]["bytes"] > 0,
                   "iperf3 nsA -> nsB through TaskOff: %s" % out["taskoff_tx"])
        chk.expect(out["taskoff_rx"] is not None and out["taskoff_rx"]["bytes"] > 0,
                   "iperf3 nsB -> nsA through TaskOff: %s" % out["taskoff_rx"])
        after = taskoff_counters(prefix)
        drops = {k: v for k, v in after.items() if k.startswith("tx_") and k.endswith("_dropped") and v}
        chk.expect(not drops, "no TaskOff tx_drop_* counter moved: %s" % drops)
        st = ovs.stats("tko0")
        print("OVS statistics of tko0:", json.dumps(st, sort_keys=True))
        bad = {k: st[k] for k in ("tx_dropped", "tx_errors", "ovs_tx_invalid_hwol_drops",
                                  "ovs_tx_mtu_exceeded_drops", "ovs_tx_failure_drops")
               if st.get(k)}
        chk.expect(not bad, "OVS counts no TX drop or error on tko0: %s" % bad)
        shown = sorted(k for k in after if k in st)
        print("TaskOff counters that OVS shows in statistics:", shown)
        print("TaskOff counters that OVS filters out:", sorted(k for k in after if k not in st))
        # an MTU the af_packet lower cannot carry (2048-byte frames) is refused by TaskOff:
        # the ethdev keeps 1500. (OVS 3.1 itself writes the requested value into the
        # Interface's mtu column before it configures the port: it is printed, not checked.)
        ovs.vsctl("set", "interface", "tko0", "mtu_request=9000", check=False)
        time.sleep(1)
        mtu, err = ovs.get("interface", "tko0", "mtu"), ovs.get("interface", "tko0", "error")
        dev_mtu = ethdev_mtu(prefix, "net_taskoff0")
        in_dp = "tko0" in ovs.appctl("dpctl/show")
        print("after mtu_request=9000: OVS mtu column %s, error %s, ethdev MTU %d, tko0 in "
              "the datapath: %s" % (mtu, err, dev_mtu, in_dp))
        chk.expect(dev_mtu == 1500, "mtu_request=9000 over a 2048-byte af_packet lower is "
                   "refused: the ethdev MTU stays 1500 (reads %d)" % dev_mtu)
        out["taskoff_mtu_9000"] = {"ovs_mtu": mtu, "ovs_error": err, "ethdev_mtu": dev_mtu,
                                   "port_in_datapath": in_dp}
        print("OVS log on tko0 / SCTP / MTU:")
        for l in log_lines(ovs, r"tko0|SCTP|MTU|mtu"):
            print("   ", l)
        # with TSO on, OVS drops SCTP to a port that cannot insert SCTP checksums
        sctp = log_lines(ovs, r"SCTP checksum offload is not supported")
        chk.expect(not sctp, "OVS found TX SCTP checksum offload on tko0 (%s)" % sctp)
    finally:
        ovs.stop()


def run_af_packet(topo, nsA, nsB, nsM, mB, chk, out):
    """The same topology with a plain af_packet port and OVS's defaults (no userspace TSO:
    OVS 3.1 cannot send a TSO packet to a port without TSO, so nsA's kernel segments)."""
    prefix = "ovs_afpacket_" + topo.tag
    topo.dpdk_prefixes.append(prefix)
    extra = ("--no-pci --no-huge --legacy-mem -m 1024 --file-prefix %s "
             "--vdev net_af_packet0,iface=%s,framecnt=4096" % (prefix, mB))
    ovs = Ovs(topo, nsM, "afpacket", {"dpdk-init": "true", "pmd-cpu-mask": "0x2",
                                      "dpdk-extra": '"%s"' % extra})
    try:
        ovs.vsctl("add-port", "br0", "afp0", "--", "set", "interface", "afp0", "type=dpdk",
                  "options:dpdk-devargs=net_af_packet0", check=False)
        if not port_added(ovs, "afp0", chk, "af_packet"):
            return
        tap_to_namespace(topo, ovs, nsA)
        out["af_packet_tx"] = iperf(topo, nsA, nsB, reverse=False)
        out["af_packet_rx"] = iperf(topo, nsA, nsB, reverse=True)
        chk.expect(out["af_packet_tx"] is not None and out["af_packet_tx"]["bytes"] > 0,
                   "iperf3 nsA -> nsB through plain af_packet: %s" % out["af_packet_tx"])
    finally:
        ovs.stop()


def main():
    if not os.path.exists(VSWITCHD):
        print("SKIP: %s not installed (bash scripts/setup.sh installs it)" % VSWITCHD)
        sys.exit(77)
    def too_long(signum, frame):
        raise RuntimeError("test bound of %d s reached" % TEST_BOUND_S)

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TEST_BOUND_S)  # the exception unwinds through the cleanup below
    chk = Checks()
    topo = Topology("o")
    topo.dpdk_prefixes = []
    out = {"seconds": IPERF_SECONDS}
    t0 = time.time()
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        mB, vB = topo.name("mB"), topo.name("vB")
        topo.veth(nsM, mB, nsB, vB)
        topo.quiet_ipv6(nsM)
        topo.quiet_ipv6(nsA)
        topo.kernel_sends_mtu_frames(nsB, vB)
        Topology.addr(nsB, vB, B_IP + "/24")
        run_taskoff(topo, nsA, nsB, nsM, mB, chk, out)
        # the first OVS's tap left nsA with it; the second OVS moves its own there
        run_af_packet(topo, nsA, nsB, nsM, mB, chk, out)
        print(json.dumps({"ovs_tso": out}))
        print("test took %.1f s" % (time.time() - t0))
    finally:
        signal.alarm(0)
        topo.close()
        for prefix in topo.dpdk_prefixes:
            shutil.rmtree("/var/run/dpdk/" + prefix, ignore_errors=True)
    chk.exit()


main()
