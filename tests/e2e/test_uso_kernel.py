"""Scenario B: the Linux kernel validates the UDP datagrams TaskOff's USO builds.

    nsM: taskoff gen -> net_taskoff0 -> net_af_packet0 [mK] ==veth== [vK] nsK: UDP sockets

gen sends one IPv4 and one IPv6 UDP flow as 8000-byte packets with a USO
request (1400-byte segments); each segment reaches nsK's kernel as its own
datagram, and the kernel drops any whose UDP checksum (or IPv4 header checksum)
is wrong. Checks: the sockets receive exactly the datagrams USO made (==
gen's count == the port's uso_segments), every payload byte in order
(sha256 of each flow's stream == the app's pattern), and the kernel's
InCsumErrors / InErrors / RcvbufErrors stay 0.
"""
import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology, pattern_bytes  # noqa: E402

RECEIVER = r"""
import hashlib, json, select, socket, sys
base = 10000
socks = []
for fam, addr in ((socket.AF_INET, sys.argv[1]), (socket.AF_INET6, sys.argv[2])):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
    s.bind((addr, 5002))
    socks.append(s)
print("listening", flush=True)
flows = {}
idle = 0
while idle < 3:
    r, _, _ = select.select(socks, [], [], 1.0)
    if not r:
        idle += 1 if flows else 0
        continue
    idle = 0
    for s in r:
        data, src = s.recvfrom(65535)
        f = flows.setdefault(src[1] - base, {"datagrams": 0, "bytes": 0, "h": hashlib.sha256(),
                                             "family": s.family.name})
        f["datagrams"] += 1
        f["bytes"] += len(data)
        f["h"].update(data)
print(json.dumps({str(k): {"datagrams": v["datagrams"], "bytes": v["bytes"],
                           "sha256": v["h"].hexdigest(), "family": v["family"]}
                  for k, v in flows.items()}), flush=True)
"""


BAD_DATAGRAM = r"""
import sys
from scapy.all import Ether, IP, UDP, sendp
sendp(Ether(dst=sys.argv[1]) / IP(src="10.99.2.1", dst="10.99.2.2") /
      UDP(sport=9999, dport=5002, chksum=0x1234) / (b"x" * 100), iface=sys.argv[2], verbose=0)
"""


def snmp_udp(topo, ns):
    """The namespace's Udp and Udp6 counters."""
    out = topo.run(ns, ["cat", "/proc/net/snmp"]).stdout.splitlines()
    udp = [l.split()[1:] for l in out if l.startswith("Udp:")]
    v4 = dict(zip(udp[0], map(int, udp[1])))
    v6 = {}
    for l in topo.run(ns, ["cat", "/proc/net/snmp6"]).stdout.splitlines():
        k, v = l.split()
        v6[k] = int(v)
    return v4, v6


def main():
    chk = Checks()
    topo = Topology("b")
    app = None
    try:
        nsK, nsM = topo.netns("K"), topo.netns("M")
        vK, mK = topo.name("vK"), topo.name("mK")
        topo.veth(nsK, vK, nsM, mK)
        topo.quiet_ipv6(nsM)
        topo.kernel_sends_mtu_frames(nsK, vK)
        topo.addr(nsK, vK, "10.99.2.2/24")
        topo.addr(nsK, vK, "fd00:99:2::2/64")
        rx = topo.popen(nsK, ["timeout", "90", "/usr/bin/python3", "-c", RECEIVER, "10.99.2.2",
                              "fd00:99:2::2"], stdout=subprocess.PIPE, text=True)
        assert rx.stdout.readline().strip() == "listening"
        # control: one datagram with a wrong UDP checksum must be refused by the kernel,
        # which proves nsK verifies the checksums of what arrives on this veth
        topo.run(nsM, ["/usr/bin/python3", "-c", BAD_DATAGRAM, topo.mac(nsK, vK), mK])
        app = TaskoffApp(topo, nsM,
                         ["net_af_packet0,iface=%s" % mK, "net_taskoff0,lower=net_af_packet0"],
                         ["--engine", "gen", "--duration", "2", "--quiet", "1",
                          "--tcp-flows", "0", "--udp-flows", "2", "--nvgre-flows", "0", "--vxlan-flows", "0",
                          "--ipv6-percent", "50", "--udp-size", "8000", "--mss", "1400",
                          "--rate-pps", "4000", "--drain-ms", "300",
                          "--dst-mac", topo.mac(nsK, vK), "--src-ip", "10.99.2.1",
                          "--dst-ip", "10.99.2.2", "--src-ip6", "fd00:99:2::1",
                          "--dst-ip6", "fd00:99:2::2"],
                         os.path.join(topo.tmp, "taskoff.log"), os.path.join(topo.tmp, "summary.json"))
        rc, s = app.wait(timeout=60)
        print(app.output())
        got = json.loads(rx.stdout.readline())
        rx.wait(timeout=30)
        chk.expect(rc == 0 and s is not None, "gen ran and ended cleanly (rc %d)" % rc)
        if s is None:
            chk.exit()
        gen, x = s["ports"][0]["gen"], s["ports"][0]["xstats"]
        chk.pools_returned(s)
        total = sum(f["datagrams"] for f in got.values())
        chk.expect(gen["udp_segments"] > 0 and gen["udp_segments"] == x["uso_segments"],
                   "USO made the segments gen asked for: %d == %d" % (gen["udp_segments"],
                                                                      x["uso_segments"]))
        chk.expect(total == x["uso_segments"],
                   "kernel sockets received %d datagrams == %d USO segments" % (
                       total, x["uso_segments"]))
        chk.expect(sum(f["bytes"] for f in got.values()) == gen["payload_bytes"],
                   "payload bytes received == sent (%d)" % gen["payload_bytes"])
        for flow, fam in ((0, "AF_INET"), (1, "AF_INET6")):
            f = got.get(str(flow))
            if f is None:
                chk.expect(False, "flow %d received" % flow)
                continue
            want = hashlib.sha256(pattern_bytes(flow, 0, f["bytes"])).hexdigest()
            chk.expect(f["family"] == fam and f["sha256"] == want,
                       "flow %d (%s): %d bytes in %d datagrams, stream sha256 matches the pattern"
                       % (flow, fam, f["bytes"], f["datagrams"]))
        v4, v6 = snmp_udp(topo, nsK)
        chk.expect(v4["InCsumErrors"] == 1 and v4["InErrors"] == 1,
                   "Udp InCsumErrors == InErrors == 1: only the control datagram (%d, %d)" % (
                       v4["InCsumErrors"], v4["InErrors"]))
        chk.expect(v4["RcvbufErrors"] == 0, "Udp RcvbufErrors == 0 (%d)" % v4["RcvbufErrors"])
        for k in ("InCsumErrors", "InErrors", "RcvbufErrors"):
            chk.expect(v6["Udp6" + k] == 0, "Udp6 %s == 0 (%d)" % (k, v6["Udp6" + k]))
        chk.expect(v4["InDatagrams"] + v6["Udp6InDatagrams"] == total,
                   "kernel counted %d + %d datagrams" % (v4["InDatagrams"],
                                                         v6["Udp6InDatagrams"]))
        drops = {k: v for k, v in x.items() if "drop" in k and v}
        chk.expect(not drops, "no drops on the port: %s" % drops)
    finally:
        topo.close()
    chk.exit()


main()
