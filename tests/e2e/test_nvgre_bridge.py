"""Scenario E: NVGRE TCP through the bridge without decap: coalesced, then
re-segmented with tunnel LSO.

    nsA: scapy [vA] ==veth== [mA] nsM: taskoff bridge [mB] ==veth== [vB] nsB: tcpdump

scapy builds one NVGRE TCP flow as 40 in-order 1000-byte segments, sent back to
back on a raw socket.
net_taskoff0 coalesces them (RSC keys NVGRE flows by VSID too); the bridge
hands each SCU to net_taskoff1 as a GRE tunnel TSO request with the MSS RSC
observed, and tunnel LSO cuts it again. Checks, on what tcpdump captured in
nsB: 40 NVGRE frames, every outer IPv4, inner IPv4 and inner TCP checksum
Good, inner sequence numbers contiguous, and the inner payload bytes identical
to what scapy sent; TaskOff counted SCUs on one side and tunnel LSO on the other.
"""
import hashlib
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402

SEGMENTS, MSS, ISN = 40, 1000, 0x10000

SCAPY = r"""
import hashlib, socket, sys
from scapy.all import Ether, GRE, IP, TCP
iface, n, mss, isn = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = bytes((i * 31 + (i >> 8)) & 0xFF for i in range(n * mss))
frames = []
for k in range(n):
    inner = (Ether(src="02:99:00:00:05:01", dst="02:99:00:00:05:02") /
             IP(src="10.99.50.1", dst="10.99.50.2", id=100 + k) /
             TCP(sport=41000, dport=7005, seq=isn + k * mss, ack=1,
                 flags="PA" if k == n - 1 else "A", window=65535) /
             data[k * mss:(k + 1) * mss])
    frames.append(bytes(Ether(src="02:99:00:00:05:fd", dst="02:99:00:00:05:fe") /
                        IP(src="10.99.5.1", dst="10.99.5.2", id=k) /
                        GRE(key_present=1, proto=0x6558, key=(0xABCDE << 8) | 7) / inner))
# one raw socket, frames back to back: they reach the bridge close enough to coalesce
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
for f in frames:
    s.send(f)
print(hashlib.sha256(data).hexdigest())
"""


def capture_rows(pcap):
    res = subprocess.run(
        ["tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
         "-o", "tcp.relative_sequence_numbers:FALSE", "-Y", "gre", "-T", "fields",
         "-E", "separator=;", "-e", "frame.len", "-e", "ip.checksum.status",
         "-e", "tcp.checksum.status", "-e", "tcp.seq", "-e", "tcp.len", "-e", "tcp.payload",
         "-e", "gre.key"], capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        raise RuntimeError("tshark: " + res.stderr)
    return [l.split(";") for l in res.stdout.splitlines() if l]


def main():
    chk = Checks()
    topo = Topology("e")
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
        topo.veth(nsA, vA, nsM, mA)
        topo.veth(nsB, vB, nsM, mB)
        for ns in (nsA, nsB, nsM):
            topo.quiet_ipv6(ns)
        pcap = os.path.join(topo.tmp, "nvgre.pcap")
        dump = topo.popen(nsB, ["timeout", "60", "tcpdump", "-i", vB, "-Q", "in", "-s", "0",
                                "-U", "-w", pcap, "ip proto 47"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
        for _ in range(50):
            if "listening" in dump.stderr.readline():
                break
        app = TaskoffApp.bridge(topo, nsM, mA, mB)
        app.wait_started()
        sent_sha = topo.run(nsA, ["/usr/bin/python3", "-c", SCAPY, vA, str(SEGMENTS), str(MSS),
                                  str(ISN)], timeout=60).stdout.strip()
        time.sleep(1)
        rc, s = app.stop()
        print(app.output())
        os.kill(dump.pid, signal.SIGINT)
        dump.wait(timeout=30)
        chk.expect(rc == 0 and s is not None, "bridge ended cleanly (rc %d)" % rc)
        rows = capture_rows(pcap)
        chk.expect(len(rows) == SEGMENTS, "nsB captured %d NVGRE frames (want %d)" % (
            len(rows), SEGMENTS))
        bad = [r for r in rows if r[1] != "1,1" or r[2] != "1" or r[6] != "0x0abcde07"]
        chk.expect(not bad, "outer IPv4, inner IPv4 and inner TCP checksums Good, key kept: "
                   "%d bad, e.g. %s" % (len(bad), [r[:5] for r in bad[:2]]))
        seqs = [int(r[3]) for r in rows]
        lens = [int(r[4]) for r in rows]
        contiguous = all(seqs[i + 1] == seqs[i] + lens[i] for i in range(len(rows) - 1))
        chk.expect(rows != [] and seqs[0] == ISN and contiguous and sum(lens) == SEGMENTS * MSS,
                   "inner sequence contiguous from %#x over %d bytes" % (ISN, sum(lens)))
        got = hashlib.sha256(b"".join(bytes.fromhex(r[5]) for r in rows)).hexdigest()
        chk.expect(got == sent_sha, "inner payload sha256 identical to what scapy sent")
        if s is not None:
            b0, x1 = s["ports"][0]["bridge"], s["ports"][1]["xstats"]
            chk.expect(b0["rx_scus"] >= 1 and b0["rx_wire_segments"] == SEGMENTS,
                       "net_taskoff0 coalesced: %d SCUs for %d segments" % (
                           b0["rx_scus"], b0["rx_wire_segments"]))
            plain = b0["tx_packets"] - b0["tx_tso_requests"]
            chk.expect(x1["tunnel_lso_packets"] == b0["tx_tso_requests"] >= 1 and
                       x1["lso_segments"] + plain == SEGMENTS,
                       "net_taskoff1: %d tunnel LSO packets made %d segments, + %d sent as "
                       "they came == %d" % (x1["tunnel_lso_packets"], x1["lso_segments"], plain,
                                            SEGMENTS))
            chk.pools_returned(s)
    finally:
        topo.close()
    chk.exit()


main()
