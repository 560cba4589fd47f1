"""Scenario A: Linux TCP through a TaskOff bridge.

    nsA [vA 10.99.1.1] ==veth== [mA] nsM: taskoff bridge [mB] ==veth== [vB 10.99.1.2] nsB
                         net_af_packet0 <- net_taskoff0   net_taskoff1 -> net_af_packet1

The namespace kernels send MTU-sized frames with full checksums (TX checksum,
TSO, GSO and GRO off on their veths). TaskOff coalesces them on receive (RSC)
and re-segments them on send (LSO), so nsB's kernel validates every segment
TaskOff built. Checks: a 50 MB (IPv4) and a 20 MB (IPv6) byte stream arrive
with the same sha256; iperf3 runs; RSC coalesced and LSO emitted segments;
no bad checksum anywhere; frames are conserved through the bridge.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology, file_sha256  # noqa: E402

SENDER = r"""
import hashlib, random, socket, sys, json
host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = random.Random(size).randbytes(size)
s = socket.create_connection((host, port), timeout=30)
s.sendall(data)
s.shutdown(socket.SHUT_WR)
s.recv(1)
print(json.dumps({"bytes": size, "sha256": hashlib.sha256(data).hexdigest()}))
"""

RECEIVER = r"""
import hashlib, socket, sys, json
host, port = sys.argv[1], int(sys.argv[2])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
ls = socket.socket(fam, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, port))
ls.listen(1)
ls.settimeout(30)
print("listening", flush=True)
c, _ = ls.accept()
c.settimeout(30)
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(1 << 20)
    if not b:
        break
    h.update(b)
    n += len(b)
c.close()
print(json.dumps({"bytes": n, "sha256": h.hexdigest()}), flush=True)
"""


def transfer(topo, nsA, nsB, dst, port, size, chk, label):
    rx = topo.popen(nsB, ["timeout", "60", "/usr/bin/python3", "-c", RECEIVER, dst, port],
                    stdout=subprocess.PIPE, text=True)
    assert rx.stdout.readline().strip() == "listening"
    tx = topo.run(nsA, ["timeout", "60", "/usr/bin/python3", "-c", SENDER, dst, str(port),
                        str(size)], timeout=90)
    sent = json.loads(tx.stdout)
    got = json.loads(rx.stdout.readline())
    rx.wait(timeout=30)
    chk.expect(got == sent, "%s: %d bytes sha256 %s received as %d bytes sha256 %s" % (
        label, sent["bytes"], sent["sha256"][:16], got["bytes"], got["sha256"][:16]))


def socat_file(topo, nsA, nsB, dst, port, size, chk, label):
    """A random file sent with socat from nsA to nsB; the copy must hash the same."""
    src, out = os.path.join(topo.tmp, "in-%d.bin" % port), os.path.join(topo.tmp, "out-%d.bin" % port)
    with open(src, "wb") as f:
        f.write(os.urandom(size))
    v6 = ":" in dst
    listen = "TCP6-LISTEN:%d,bind=[%s],reuseaddr" % (port, dst) if v6 else \
        "TCP4-LISTEN:%d,bind=%s,reuseaddr" % (port, dst)
    rx = topo.popen(nsB, ["timeout", "60", "socat", "-u", listen, "CREATE:%s" % out])
    for _ in range(50):
        if topo.run(nsB, ["ss", "-ltn"]).stdout.find(":%d" % port) >= 0:
            break
        time.sleep(0.1)
    connect = "TCP6:[%s]:%d" % (dst, port) if v6 else "TCP4:%s:%d" % (dst, port)
    tx = topo.run(nsA, ["timeout", "60", "socat", "-u", "OPEN:%s" % src, connect], timeout=90,
                  check=False)
    rx.wait(timeout=60)
    same = tx.returncode == 0 and os.path.exists(out) and file_sha256(out) == file_sha256(src)
    chk.expect(same, "%s: socat copy of a random %d-byte file has the same sha256" % (label, size))


def iperf(topo, nsA, nsB, dst, chk):
    srv = topo.popen(nsB, ["timeout", "30", "iperf3", "-s", "-1", "-B", dst, "-J"],
                     stdout=subprocess.DEVNULL)
    for _ in range(50):
        if topo.run(nsB, ["ss", "-ltn"]).stdout.find(":5201") >= 0:
            break
        time.sleep(0.1)
    res = topo.run(nsA, ["timeout", "30", "iperf3", "-c", dst, "-t", "3", "-J"], timeout=40,
                   check=False)
    srv.wait(timeout=30)
    ok = res.returncode == 0
    if ok:
        end = json.loads(res.stdout)["end"]
        bps = end["sum_received"]["bits_per_second"]
        print("iperf3 through TaskOff bridge: %.3f Gbit/s, %d retransmits" % (
            bps / 1e9, end["sum_sent"].get("retransmits", 0)))
        ok = end["sum_received"]["bytes"] > 0
    chk.expect(ok, "iperf3 TCP run through the bridge completes (rc %d)" % res.returncode)


def check_summary(s, chk):
    chk.expect(s is not None and s["engine"] == "bridge", "bridge wrote its JSON summary")
    if s is None:
        return
    p = s["ports"]
    for i in (0, 1):
        x, b, o = p[i]["xstats"], p[i]["bridge"], p[1 - i]
        name = p[i]["name"]
        rx_drops = sum(v for k, v in x.items() if k.startswith("rx_drop"))
        chk.expect(x["rx_packets"] == b["rx_wire_segments"] + rx_drops,
                   "%s: frames in %d == segments delivered %d + rx drops %d" % (
                       name, x["rx_packets"], b["rx_wire_segments"], rx_drops))
        chk.expect(b["rx_packets"] == b["tx_packets"] + b["drop_end_of_run"],
                   "%s: packets received %d == forwarded %d + dropped at end %d" % (
                       name, b["rx_packets"], b["tx_packets"], b["drop_end_of_run"]))
        tx_drops = sum(v for k, v in o["xstats"].items() if k.startswith("tx_drop"))
        plain = b["tx_packets"] - b["tx_tso_requests"]
        chk.expect(tx_drops == 0 and o["xstats"]["lso_packets"] == b["tx_tso_requests"] and
                   o["xstats"]["tx_packets"] == o["xstats"]["lso_segments"] + plain,
                   "%s: frames out %d == LSO segments %d + unsegmented %d, no tx drops (%d)" % (
                       o["name"], o["xstats"]["tx_packets"], o["xstats"]["lso_segments"], plain,
                       tx_drops))
        for k in ("rx_ip_csum_bad", "rx_l4_csum_bad"):
            chk.expect(x[k] == 0, "%s: %s == 0" % (name, k))
        chk.expect(b["rx_csum_bad"] == 0, "%s: no packet flagged with a bad checksum" % name)
    a, bb = p[0], p[1]
    chk.expect(a["xstats"]["rsc_coalesced_pkts"] > 0 and a["bridge"]["rx_scus"] > 0,
               "A->B data was coalesced: rsc_coalesced_pkts %d, SCUs %d" % (
                   a["xstats"]["rsc_coalesced_pkts"], a["bridge"]["rx_scus"]))
    chk.expect(a["bridge"]["rx_wire_segments"] > a["bridge"]["rx_packets"],
               "coalesce ratio > 1 (%d segments in %d packets)" % (
                   a["bridge"]["rx_wire_segments"], a["bridge"]["rx_packets"]))
    chk.expect(bb["xstats"]["lso_segments"] > 0,
               "LSO emitted segments towards nsB: %d" % bb["xstats"]["lso_segments"])
    chk.expect(s["errors"] == 0, "zero errors")
    chk.pools_returned(s)


def main():
    chk = Checks()
    topo = Topology("a")
    app = None
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
        topo.veth(nsA, vA, nsM, mA)
        topo.veth(nsB, vB, nsM, mB)
        topo.quiet_ipv6(nsM)
        for ns, dev, n in ((nsA, vA, 1), (nsB, vB, 2)):
            topo.kernel_sends_mtu_frames(ns, dev)
            topo.addr(ns, dev, "10.99.1.%d/24" % n)
            topo.addr(ns, dev, "fd00:99:1::%d/64" % n)
        # 4096-frame af_packet rings: the kernel does not overrun them while the bridge's
        # poller shares a CPU with both TCP endpoints
        app = TaskoffApp.bridge(topo, nsM, mA, mB, packet_args=",framecnt=4096")
        app.wait_started()
        transfer(topo, nsA, nsB, "10.99.1.2", 7001, 50 << 20, chk, "IPv4 50 MB")
        transfer(topo, nsA, nsB, "fd00:99:1::2", 7002, 20 << 20, chk, "IPv6 20 MB")
        socat_file(topo, nsA, nsB, "10.99.1.2", 7003, 50 << 20, chk, "IPv4")
        socat_file(topo, nsA, nsB, "fd00:99:1::2", 7004, 50 << 20, chk, "IPv6")
        iperf(topo, nsA, nsB, "10.99.1.2", chk)
        iperf(topo, nsA, nsB, "fd00:99:1::2", chk)
        live = app.ctl_stats("net_taskoff0")["counters"]
        chk.expect(live["rsc_coalesced_pkts"] > 0 and live["rsc_coalesce_events"] > 0,
                   "taskoffctl stats net_taskoff0 while running: rsc_coalesced_pkts %d, "
                   "rsc_coalesce_events %d" % (live["rsc_coalesced_pkts"],
                                               live["rsc_coalesce_events"]))
        rc, summary = app.stop()
        print(app.output())
        chk.expect(rc == 0, "bridge ended cleanly on SIGINT (rc %d)" % rc)
        check_summary(summary, chk)
        if summary is not None:
            final = summary["ports"][0]["xstats"]["rsc_coalesced_pkts"]
            chk.expect(final >= live["rsc_coalesced_pkts"],
                       "final rsc_coalesced_pkts %d >= the live reading" % final)
    finally:
        if app is not None and app.proc.poll() is None:
            print(app.output())
        topo.close()
    chk.exit()


main()
