"""Transmit offloads through stock dpdk-testpmd's csum engine.

scapy pcap -> net_pcap0 rx -> testpmd csum engine (csum set ip|tcp|udp|outer-ip hw,
csum parse-tunnel on, tso set, tunnel_tso set) -> net_taskoff0,lower=net_pcap1 ->
output pcap. tshark checks every checksum; scapy checks exact segment boundaries,
sequence numbers, IP IDs, lengths and flags against the input.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scapy.all import GRE, IP, IPv6, TCP, UDP, Ether, Raw, rdpcap, wrpcap  # noqa: E402

from testpmd_driver import Testpmd, wait_xstat  # noqa: E402

MSS = 1400
FAILURES = []
TCP_OPTS = [("MSS", 1460), ("NOP", None), ("WScale", 7), ("SAckOK", b""),
            ("Timestamp", (123456, 654321))]


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def payload(n, seed):
    return bytes((i * 7 + seed) & 0xFF for i in range(n))


def inputs():
    eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    tcp4 = (eth / IP(src="10.1.0.1", dst="10.1.0.2", id=0x7FFE, flags="DF")
            / TCP(sport=4000, dport=80, seq=1000, ack=77, flags="PA", window=501, options=TCP_OPTS)
            / Raw(payload(8000, 1)))
    tcp6 = (eth / IPv6(src="fd00::1", dst="fd00::2", tc=0x20, fl=0x12345)
            / TCP(sport=4001, dport=80, seq=0xFFFFF000, ack=5, flags="A", options=TCP_OPTS[4:])
            / Raw(payload(6001, 2)))
    nvgre = (eth / IP(src="192.0.2.1", dst="192.0.2.2", id=0x1234, flags="DF")
             / GRE(key_present=1, proto=0x6558, key=(0x00ABCD << 8) | 0x5A)
             / Ether(src="02:aa:00:00:00:01", dst="02:aa:00:00:00:02")
             / IP(src="172.16.0.1", dst="172.16.0.2", id=0x7000)
             / TCP(sport=5000, dport=443, seq=42, ack=9, flags="PA") / Raw(payload(5000, 3)))
    udp4 = (eth / IP(src="10.2.0.1", dst="10.2.0.2", id=9) / UDP(sport=53, dport=5353)
            / Raw(payload(300, 4)))
    return [tcp4, tcp6, nvgre, udp4]


def tshark_checksums(path):
    out = subprocess.run(
        ["timeout", "60", "tshark", "-r", path, "-o", "ip.check_checksum:TRUE",
         "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
         "-T", "fields", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
         "-e", "udp.checksum.status"], capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def segments_of(frames, pred):
    return [f for f in frames if pred(f)]


def verify_tcp4(frames, tpl):
    segs = segments_of(frames, lambda f: IP in f and f[IP].src == "10.1.0.1")
    n = -(-8000 // MSS)
    check(len(segs) == n, "TCP/IPv4: %d segments of MSS %d (got %d)" % (n, MSS, len(segs)))
    data = b""
    for i, s in enumerate(segs):
        ip, tcp = s[IP], s[TCP]
        size = min(MSS, 8000 - i * MSS)
        check(tcp.seq == 1000 + i * MSS, "TCP/IPv4 seg %d seq %d" % (i, tcp.seq))
        check(ip.id == (0x7FFE + i) & 0x7FFF, "TCP/IPv4 seg %d IP ID %#x (LSOv2 wraps at 0x7FFF)"
              % (i, ip.id))
        check(ip.len == 20 + 40 + size, "TCP/IPv4 seg %d total length %d" % (i, ip.len))
        want_flags = "PA" if i == n - 1 else "A"
        check(str(tcp.flags) == want_flags, "TCP/IPv4 seg %d flags %s" % (i, tcp.flags))
        check(tcp.options == tpl[TCP].options, "TCP/IPv4 seg %d options copied" % i)
        check(ip.flags == "DF" and tcp.ack == 77 and tcp.window == 501,
              "TCP/IPv4 seg %d DF/ack/window copied" % i)
        data += bytes(tcp.payload)
    check(data == bytes(tpl[TCP].payload), "TCP/IPv4 payload reassembles exactly")


def verify_tcp6(frames, tpl):
    segs = segments_of(frames, lambda f: IPv6 in f)
    n = -(-6001 // MSS)
    check(len(segs) == n, "TCP/IPv6: %d segments (got %d)" % (n, len(segs)))
    data = b""
    for i, s in enumerate(segs):
        ip6, tcp = s[IPv6], s[TCP]
        size = min(MSS, 6001 - i * MSS)
        check(tcp.seq == (0xFFFFF000 + i * MSS) & 0xFFFFFFFF, "TCP/IPv6 seg %d seq wraps" % i)
        check(ip6.plen == 32 + size, "TCP/IPv6 seg %d payload length %d" % (i, ip6.plen))
        check(ip6.tc == 0x20 and ip6.fl == 0x12345, "TCP/IPv6 seg %d tc/flow label" % i)
        check(str(tcp.flags) == "A", "TCP/IPv6 seg %d flags %s" % (i, tcp.flags))
        data += bytes(tcp.payload)
    check(data == bytes(tpl[TCP].payload), "TCP/IPv6 payload reassembles exactly")


def verify_nvgre(frames, tpl):
    segs = segments_of(frames, lambda f: GRE in f)
    n = -(-5000 // MSS)
    check(len(segs) == n, "NVGRE: %d segments (got %d)" % (n, len(segs)))
    data = b""
    for i, s in enumerate(segs):
        outer, gre = s[IP], s[GRE]
        inner_ip = gre[IP]
        tcp = inner_ip[TCP]
        size = min(MSS, 5000 - i * MSS)
        check(outer.id == 0x1234 + i and inner_ip.id == 0x7000 + i,
              "NVGRE seg %d outer ID %#x inner ID %#x" % (i, outer.id, inner_ip.id))
        check(outer.len == 20 + 8 + 14 + 20 + 20 + size, "NVGRE seg %d outer length" % i)
        check(inner_ip.len == 20 + 20 + size, "NVGRE seg %d inner length" % i)
        check(gre.key == (0x00ABCD << 8) | 0x5A and gre.proto == 0x6558, "NVGRE seg %d key" % i)
        check(tcp.seq == 42 + i * MSS, "NVGRE seg %d inner seq" % i)
        check(str(tcp.flags) == ("PA" if i == n - 1 else "A"), "NVGRE seg %d flags" % i)
        data += bytes(tcp.payload)
    check(data == bytes(tpl[TCP].payload), "NVGRE inner payload reassembles exactly")


def main():
    d = tempfile.mkdtemp(prefix="taskoff-txoff-")
    src, dst = os.path.join(d, "in.pcap"), os.path.join(d, "out.pcap")
    tpls = inputs()
    wrpcap(src, tpls)
    tp = Testpmd(["net_pcap0,rx_pcap=%s" % src, "net_pcap1,tx_pcap=%s" % dst,
                  "net_taskoff0,lower=net_pcap1"],
                 app_args=["--no-flush-rx", "--mbuf-size=16384", "--max-pkt-len=9600"],
                 mem_mb=1024)
    for c in ["port stop all", "set fwd csum", "csum set ip hw 2", "csum set tcp hw 2",
              "csum set udp hw 2", "csum set outer-ip hw 2", "csum parse-tunnel on 2",
              "tso set %d 2" % MSS, "tunnel_tso set %d 2" % MSS, "port start all", "start"]:
        tp.cmd(c)
    n_frames = -(-8000 // MSS) + -(-6001 // MSS) + -(-5000 // MSS) + 1
    wait_xstat(tp, 2, "tx_packets", n_frames)
    time.sleep(0.3)
    tp.cmd("stop")
    xs = tp.xstats(2)
    tp.cmd("port stop all")
    in_use = tp.mempool_in_use()
    rc, _ = tp.quit()
    check(rc == 0, "testpmd quit cleanly")
    check(in_use == 0, "every mempool (app, headers, indirect) back to start level (%d)" % in_use)

    frames = rdpcap(dst)
    n_tcp4, n_tcp6, n_nvgre = -(-8000 // MSS), -(-6001 // MSS), -(-5000 // MSS)
    total = n_tcp4 + n_tcp6 + n_nvgre + 1
    check(len(frames) == total, "%d frames on the wire (got %d)" % (total, len(frames)))
    check(xs.get("tx_packets") == total, "xstats tx_packets == %d" % total)
    check(xs.get("lso_packets") == 3 and xs.get("lso_segments") == n_tcp4 + n_tcp6 + n_nvgre,
          "xstats lso_packets 3, lso_segments %d (%s/%s)"
          % (n_tcp4 + n_tcp6 + n_nvgre, xs.get("lso_packets"), xs.get("lso_segments")))
    check(xs.get("tcp_payload_bytes_sent") == 8000 + 6001 + 5000,
          "xstats tcp_payload_bytes_sent %s" % xs.get("tcp_payload_bytes_sent"))
    drops = {k: v for k, v in xs.items() if "drop" in k and v}
    check(not drops, "no drops (%s)" % drops)

    statuses = tshark_checksums(dst)
    # NVGRE rows carry "outer,inner" for IP
    values = [v for row in statuses for field in row for v in field.split(",") if v != ""]
    bad = [row for row in statuses if any(v not in ("", "1") for f in row for v in f.split(","))]
    present = sum(1 for v in values if v == "1")
    # IPv4+TCP per TCP/IPv4 segment, TCP per IPv6 segment, outer IP+inner IP+TCP per NVGRE
    # segment, IP+UDP for the datagram
    expected = 2 * n_tcp4 + n_tcp6 + 3 * n_nvgre + 2
    check(not bad and present == expected,
          "tshark: every IP/TCP/UDP checksum good (%d verified, bad rows %s)" % (present, bad[:3]))
    verify_tcp4(frames, tpls[0])
    verify_tcp6(frames, tpls[1])
    verify_nvgre(frames, tpls[2])
    udp = segments_of(frames, lambda f: UDP in f and GRE not in f)
    check(len(udp) == 1 and bytes(udp[0][UDP].payload) == bytes(tpls[3][UDP].payload),
          "UDP/IPv4 datagram passed with payload intact")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
