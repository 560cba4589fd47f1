"""Scenario H: VXLAN decapsulation between the kernel's VXLAN and a plain Linux host.

    nsA: vx0 (VNI 42) [vA 10.99.10.1] ==veth== [mA] nsM: taskoff bridge [mB] ==veth== [vB] nsB
         10.99.11.1         net_taskoff0,lower=..,decap=<VNI 42>    net_taskoff1,lower=..   10.99.11.2

nsA's kernel encapsulates its traffic to 10.99.11.2 in VXLAN (UDP 4789, VNI 42, remote
10.99.10.2 which nobody owns: TaskOff is the tunnel end). net_taskoff0 decapsulates it
on receive and the bridge forwards the inner Ethernet frame to nsB, a plain host with no
VXLAN device, whose stack must accept it. nsB answers in the clear, straight to vA's MAC;
nsA takes the answer on vA for its overlay address (rp_filter off). Checks: inner UDP
datagrams arrive in nsB with their exact payloads and vxlan_decap counts exactly one per
datagram; a TCP connection from nsA completes its handshake (SYN and ACK in VXLAN,
SYN-ACK back in the clear) and its data arrives; nothing malformed, no checksum flagged
bad by TaskOff, none counted by nsB's kernel (nstat). Control: the same datagram to a
VNI the devarg does not name stays encapsulated (nsB, which has no VXLAN, drops it).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402
from vxlan_topo import bound_test, nstat, nstat_delta  # noqa: E402

VNI, OTHER_VNI = 42, 77
# decap= as drivers/net/taskoff/taskoff_probe.c parses it: VXLAN VNI 42 only
DECAP = "vni:%d" % VNI
REMOTE_MAC = "02:99:00:00:0a:02"  # the tunnel's far end (TaskOff) has no address
N_DGRAMS = 5

UDP_RX = r"""
import json, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.99.11.2", int(sys.argv[2])))
s.settimeout(float(sys.argv[3]))
print("listening", flush=True)
got = []
try:
    while len(got) < int(sys.argv[1]):
        got.append(s.recv(65535).hex())
except socket.timeout:
    pass
print(json.dumps(got), flush=True)
"""

UDP_TX = r"""
import json, socket, sys
n, port = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payloads = [bytes((i * 29 + j) & 0xFF for j in range(64 + 250 * i)) for i in range(n)]
for p in payloads:
    s.sendto(p, ("10.99.11.2", port))
print(json.dumps([p.hex() for p in payloads]))
"""

TCP_RX = r"""
import socket
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("10.99.11.2", 7001))
ls.listen(1)
ls.settimeout(20)
print("listening", flush=True)
c, peer = ls.accept()
c.settimeout(10)
print("accepted %s:%d" % peer, flush=True)
print("data %s" % c.recv(100).decode(), flush=True)
c.sendall(b"bye")
c.close()
"""

TCP_TX = r"""
import socket
s = socket.create_connection(("10.99.11.2", 7001), timeout=10)
print("connected", flush=True)
s.sendall(b"hello through VXLAN")
print("reply %s" % s.recv(100).decode(), flush=True)
"""


def vxlan_host(topo, ns, dev, vx, vni, overlay, b_mac):
    topo.run(ns, ["ip", "link", "add", vx, "type", "vxlan", "id", str(vni), "dstport", "4789",
                  "local", "10.99.10.1", "remote", "10.99.10.2", "dev", dev])
    topo.run(ns, ["ip", "link", "set", vx, "mtu", "1450", "up"])
    topo.addr(ns, vx, overlay)
    # static neighbours: no ARP inside the tunnel, so every VXLAN frame is one we send
    topo.run(ns, ["ip", "neigh", "replace", "10.99.11.2", "lladdr", b_mac, "dev", vx])


def decap_count(app):
    c = app.ctl_stats("net_taskoff0")["counters"]
    return c.get("vxlan_decap", -1), c.get("vxlan_malformed", -1)


def udp_phase(topo, nsA, nsB, port, timeout_s, n=N_DGRAMS):
    rx = topo.popen(nsB, ["timeout", "30", "/usr/bin/python3", "-c", UDP_RX, str(n), str(port),
                          str(timeout_s)], stdout=subprocess.PIPE, text=True)
    assert rx.stdout.readline().strip() == "listening"
    sent = json.loads(topo.run(nsA, ["timeout", "20", "/usr/bin/python3", "-c", UDP_TX, str(n),
                                     str(port)], timeout=30).stdout)
    got = json.loads(rx.stdout.readline())
    rx.wait(timeout=30)
    return sent, got


def main():
    chk = Checks()
    bound_test(200)  # under meson's 240 s
    topo = Topology("h")
    app = None
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
        topo.veth(nsA, vA, nsM, mA)
        topo.veth(nsB, vB, nsM, mB)
        for ns in (nsA, nsB, nsM):
            topo.quiet_ipv6(ns)
        topo.kernel_sends_mtu_frames(nsA, vA)
        topo.kernel_sends_mtu_frames(nsB, vB)
        topo.addr(nsA, vA, "10.99.10.1/24")
        topo.run(nsA, ["ip", "neigh", "add", "10.99.10.2", "lladdr", REMOTE_MAC, "dev", vA])
        for key in ("all", "default", vA):
            topo.run(nsA, ["sysctl", "-qw", "net.ipv4.conf.%s.rp_filter=0" % key])
        b_mac, a_mac = topo.mac(nsB, vB), topo.mac(nsA, vA)
        vxlan_host(topo, nsA, vA, "vx0", VNI, "10.99.11.1/24", b_mac)
        topo.addr(nsB, vB, "10.99.11.2/24")
        topo.run(nsB, ["ip", "neigh", "add", "10.99.11.1", "lladdr", a_mac, "dev", vB])

        app = TaskoffApp.bridge(topo, nsM, mA, mB, port0_args=",decap=" + DECAP)
        app.wait_started()
        b_before = nstat(topo, nsB)

        d0, _ = decap_count(app)
        sent, got = udp_phase(topo, nsA, nsB, 7000, 15)
        chk.expect(got == sent, "%d inner UDP datagrams from the kernel's VXLAN arrive in nsB "
                   "with exact payloads (%d arrived)" % (len(sent), len(got)))
        d1, _ = decap_count(app)
        chk.expect(d1 - d0 == N_DGRAMS, "vxlan_decap grew by exactly %d (%d -> %d)" % (
            N_DGRAMS, d0, d1))

        rx = topo.popen(nsB, ["timeout", "30", "/usr/bin/python3", "-c", TCP_RX],
                        stdout=subprocess.PIPE, text=True)
        assert rx.stdout.readline().strip() == "listening"
        tx = topo.run(nsA, ["timeout", "20", "/usr/bin/python3", "-c", TCP_TX], timeout=30,
                      check=False)
        lines = [rx.stdout.readline().strip(), rx.stdout.readline().strip()]
        rx.wait(timeout=30)
        chk.expect(lines[0].startswith("accepted 10.99.11.1:") and
                   lines[1] == "data hello through VXLAN",
                   "nsB accepted the VXLAN-borne connection and read the data: %s" % lines)
        chk.expect(tx.returncode == 0 and tx.stdout.split("\n")[:2] == ["connected",
                                                                          "reply bye"],
                   "nsA's TCP completed the handshake and got the clear reply: rc %d %r" % (
                       tx.returncode, tx.stdout))
        d2, mal = decap_count(app)
        chk.expect(d2 - d1 >= 3, "the handshake's VXLAN frames were decapsulated (%d)" % (
            d2 - d1))

        # control: another VNI is not decapsulated; nsB (no VXLAN) never sees the datagram
        vxlan_host(topo, nsA, vA, "vx1", OTHER_VNI, "10.99.12.1/24", b_mac)
        topo.run(nsA, ["ip", "route", "replace", "10.99.11.2/32", "dev", "vx1"])
        sent2, got2 = udp_phase(topo, nsA, nsB, 7002, 3, n=1)
        d3, mal = decap_count(app)
        chk.expect(got2 == [] and d3 == d2,
                   "VNI %d is left encapsulated: nothing arrives in nsB (%d), vxlan_decap "
                   "unchanged (%d -> %d)" % (OTHER_VNI, len(got2), d2, d3))
        chk.expect(mal == 0, "vxlan_malformed == 0 (%d)" % mal)
        d = nstat_delta(b_before, nstat(topo, nsB))
        chk.expect(d["UdpInCsumErrors"] == 0 and d["TcpInCsumErrors"] == 0,
                   "nsB's kernel counted no checksum errors: %s" % d)

        rc, s = app.stop()
        print(app.output())
        chk.expect(rc == 0 and s is not None, "bridge ended cleanly (rc %d)" % rc)
        if s is not None:
            chk.pools_returned(s)
            for p in s["ports"]:
                bad = {k: v for k, v in p["xstats"].items() if "csum_bad" in k and v}
                chk.expect(not bad and p["bridge"]["rx_csum_bad"] == 0,
                           "%s: no checksum flagged bad (%s)" % (p["name"], bad))
    finally:
        if app is not None and app.proc.poll() is None:
            print(app.output())
        topo.close()
    chk.exit()


main()
