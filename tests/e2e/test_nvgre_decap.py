"""Scenario D: NVGRE decapsulation in front of a Linux stack that has no GRE.

    nsA: scapy [vA] ==veth== [mA] nsM: taskoff bridge [mB] ==veth== [vB 10.99.4.2] nsB
                  net_taskoff0,lower=..,decap=all     net_taskoff1,lower=..

This kernel has no GRE demux, so the tunnel end is TaskOff: scapy sends
NVGRE frames (GRE with key = VSID << 8 | FlowID, protocol 0x6558) from nsA;
net_taskoff0 decapsulates them on receive and the bridge forwards the inner
Ethernet frame to nsB, whose plain stack must accept it. Checks: inner UDP
datagrams arrive with their exact payloads (the kernel also validates their
checksums); an inner TCP handshake with nsB completes (SYN in NVGRE, SYN-ACK
back in the clear, ACK with data in NVGRE) and the data arrives; the port
counts one nvgre_decap per NVGRE frame and nothing malformed. Control: one
datagram with a wrong UDP checksum is flagged and counted by TaskOff (a bad
checksum never stops delivery), forwarded, and refused by nsB's kernel.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402

VSID = 0x5A5A5
INNER_A_MAC = "02:99:00:00:04:01"

UDP_RX = r"""
import json, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.99.4.2", 7000))
s.settimeout(15)
print("listening", flush=True)
got = []
try:
    while len(got) < int(sys.argv[1]):
        got.append(s.recv(65535).hex())
except socket.timeout:
    pass
print(json.dumps(got), flush=True)
"""

TCP_RX = r"""
import socket
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("10.99.4.2", 7001))
ls.listen(1)
ls.settimeout(20)
print("listening", flush=True)
c, peer = ls.accept()
c.settimeout(10)
print("accepted %s:%d" % peer, flush=True)
print("data %s" % c.recv(100).decode(), flush=True)
"""

SCAPY = r"""
import json, sys, time
from scapy.all import AsyncSniffer, Ether, GRE, IP, TCP, UDP, Raw, sendp
iface, dst_mac, vsid, a_mac = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def nvgre(inner, flow_id=0):
    return (Ether(dst="02:99:00:00:04:fe", src="02:99:00:00:04:fd") /
            IP(src="10.99.40.1", dst="10.99.40.2") /
            GRE(key_present=1, proto=0x6558, key=(vsid << 8) | flow_id) /
            Ether(src=a_mac, dst=dst_mac) / inner)
mode = sys.argv[5]
if mode == "bad":
    # in the clear, UDP checksum wrong: the bridge flags it and forwards it, nsB drops it
    sendp(Ether(src=a_mac, dst=dst_mac) / IP(src="10.99.4.1", dst="10.99.4.2") /
          UDP(sport=5999, dport=7000, chksum=0x1234) / (b"y" * 64), iface=iface, verbose=0)
    print(json.dumps({"sent": 1}))
elif mode == "udp":
    payloads = [bytes((i * 13 + j) & 0xFF for j in range(100 + 300 * i)) for i in range(5)]
    for i, p in enumerate(payloads):
        sendp(nvgre(IP(src="10.99.4.1", dst="10.99.4.2") / UDP(sport=6000 + i, dport=7000) / p, i),
              iface=iface, verbose=0)
    print(json.dumps([p.hex() for p in payloads]))
else:
    ip = IP(src="10.99.4.1", dst="10.99.4.2")
    sn = AsyncSniffer(iface=iface, count=1, timeout=10,
                      lfilter=lambda p: TCP in p and p[TCP].sport == 7001 and p[TCP].flags & 0x12 == 0x12)
    sn.start()
    time.sleep(0.5)
    sendp(nvgre(ip / TCP(sport=40000, dport=7001, flags="S", seq=1000)), iface=iface, verbose=0)
    sn.join()
    if not sn.results:
        print(json.dumps({"synack": False}))
        sys.exit(0)
    sa = sn.results[0]
    data = b"hello through NVGRE"
    sendp(nvgre(ip / TCP(sport=40000, dport=7001, flags="PA", seq=1001, ack=sa[TCP].seq + 1) / data),
          iface=iface, verbose=0)
    print(json.dumps({"synack": True, "synack_ack": sa[TCP].ack, "plain": GRE not in sa}))
"""


def main():
    chk = Checks()
    topo = Topology("d")
    app = None
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
        topo.veth(nsA, vA, nsM, mA)
        topo.veth(nsB, vB, nsM, mB)
        for ns in (nsA, nsM):
            topo.quiet_ipv6(ns)
        topo.kernel_sends_mtu_frames(nsB, vB)
        topo.addr(nsB, vB, "10.99.4.2/24")
        # nsA has no IP stack on vA: scapy is the tunnel's far end; nsB answers its MAC
        topo.run(nsB, ["ip", "neigh", "add", "10.99.4.1", "lladdr", INNER_A_MAC, "dev", vB])
        app = TaskoffApp.bridge(topo, nsM, mA, mB, port0_args=",decap=all")
        app.wait_started()
        b_mac = topo.mac(nsB, vB)

        rx = topo.popen(nsB, ["timeout", "30", "/usr/bin/python3", "-c", UDP_RX, "5"],
                        stdout=subprocess.PIPE, text=True)
        assert rx.stdout.readline().strip() == "listening"
        sent = json.loads(topo.run(nsA, ["/usr/bin/python3", "-c", SCAPY, vA, b_mac, str(VSID),
                                         INNER_A_MAC, "udp"], timeout=60).stdout)
        got = json.loads(rx.stdout.readline())
        chk.expect(got == sent, "5 inner UDP datagrams arrive in nsB with exact payloads "
                   "(%d of %d)" % (len(got), len(sent)))

        rx = topo.popen(nsB, ["timeout", "30", "/usr/bin/python3", "-c", TCP_RX],
                        stdout=subprocess.PIPE, text=True)
        assert rx.stdout.readline().strip() == "listening"
        hs = json.loads(topo.run(nsA, ["/usr/bin/python3", "-c", SCAPY, vA, b_mac, str(VSID),
                                       INNER_A_MAC, "tcp"], timeout=60).stdout)
        chk.expect(hs.get("synack") and hs.get("synack_ack") == 1001 and hs.get("plain"),
                   "NVGRE SYN answered by nsB with a SYN-ACK (ack 1001) in the clear: %s" % hs)
        lines = [rx.stdout.readline().strip(), rx.stdout.readline().strip()]
        chk.expect(lines == ["accepted 10.99.4.1:40000", "data hello through NVGRE"],
                   "nsB accepted the connection and read the data: %s" % lines)

        topo.run(nsA, ["/usr/bin/python3", "-c", SCAPY, vA, b_mac, str(VSID), INNER_A_MAC,
                       "bad"], timeout=60)
        time.sleep(0.5)
        snmp = topo.run(nsB, ["cat", "/proc/net/snmp"]).stdout.splitlines()
        udp = [l.split()[1:] for l in snmp if l.startswith("Udp:")]
        udp = dict(zip(udp[0], map(int, udp[1])))
        chk.expect(udp["InCsumErrors"] == 1,
                   "the bad-checksum datagram reached nsB, which refused it (InCsumErrors %d)"
                   % udp["InCsumErrors"])
        rc, s = app.stop()
        print(app.output())
        chk.expect(rc == 0 and s is not None, "bridge ended cleanly (rc %d)" % rc)
        if s is not None:
            chk.pools_returned(s)
            x0 = s["ports"][0]["xstats"]
            chk.expect(x0["nvgre_decap"] == 7, "nvgre_decap == 7 NVGRE frames (5 UDP + SYN + "
                       "ACK): %d" % x0["nvgre_decap"])
            chk.expect(x0["nvgre_malformed"] == 0, "no malformed NVGRE")
            chk.expect(x0["rx_l4_csum_bad"] == 1 and s["ports"][0]["bridge"]["rx_csum_bad"] == 1,
                       "net_taskoff0 counted and flagged the one bad UDP checksum (%d, %d)" % (
                           x0["rx_l4_csum_bad"], s["ports"][0]["bridge"]["rx_csum_bad"]))
            for p in s["ports"]:
                for k in ("rx_ip_csum_bad", "rx_l4_csum_bad", "rx_inner_ip_csum_bad",
                          "rx_inner_l4_csum_bad", "rx_outer_ip_csum_bad"):
                    want = 1 if (p is s["ports"][0] and k == "rx_l4_csum_bad") else 0
                    chk.expect(p["xstats"].get(k, 0) == want,
                               "%s %s == %d" % (p["name"], k, want))
    finally:
        topo.close()
    chk.exit()


main()
