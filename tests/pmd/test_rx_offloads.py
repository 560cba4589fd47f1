"""Receive offloads through stock dpdk-testpmd: scapy pcap of MTU-sized segments
(in-order flow, bad TCP checksum, bad IPv4 checksum, SYN, NVGRE) -> net_pcap ->
net_taskoff,lower= with `port config rx_offload tcp_lro on` -> rxonly with
`set verbose 1`. The flags, lengths and packet types testpmd prints are asserted.
Usage: test_rx_offloads.py CASE (lro | decap | lro_hold)
"""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scapy.all import GRE, IP, TCP, UDP, Ether, Raw, wrpcap  # noqa: E402

from testpmd_driver import Testpmd  # noqa: E402

FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def frames():
    eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
    out = []
    for i in range(4):  # one flow, in order: one SCU
        out.append(eth / IP(src="10.0.0.1", dst="10.0.0.2", id=10 + i, ttl=64 - i)
                   / TCP(sport=1000, dport=80, seq=1000 + i * 1000, ack=5, flags="A")
                   / Raw(bytes([i]) * 1000))
    bad_tcp = Ether(bytes(eth / IP(src="10.0.0.3", dst="10.0.0.2")
                          / TCP(sport=2000, dport=80, seq=1, flags="A") / Raw(b"x" * 100)))
    bad_tcp[TCP].chksum ^= 0x1111
    out.append(bad_tcp)
    bad_ip = Ether(bytes(eth / IP(src="10.0.0.4", dst="10.0.0.2") / UDP(sport=5, dport=6)
                         / Raw(b"y" * 50)))
    bad_ip[IP].chksum ^= 0x0101
    out.append(bad_ip)
    out.append(eth / IP(src="10.0.0.5", dst="10.0.0.2") / TCP(sport=3000, dport=80, flags="S"))
    out.append(eth / IP(src="192.0.2.1", dst="192.0.2.2")
               / GRE(key_present=1, proto=0x6558, key=(77 << 8) | 1)
               / Ether(src="02:aa:00:00:00:01", dst="02:aa:00:00:00:02")
               / IP(src="172.16.0.1", dst="172.16.0.2") / TCP(sport=9, dport=10, flags="A")
               / Raw(b"z" * 200))
    return out


def received(log):
    """(length, hw ptype, ol_flags) for every packet testpmd printed."""
    pkts = re.findall(r"length=(\d+) .*?hw ptype: ([A-Z0-9_ ]+?)\s+- .*?\n\s+ol_flags: ([A-Z0-9_ ]+)",
                      log)
    return [(int(l), p.split(), f.split()) for l, p, f in pkts]


def run(decap, hold_us=0):
    d = tempfile.mkdtemp(prefix="taskoff-rx-")
    src = os.path.join(d, "rx.pcap")
    wrpcap(src, frames())
    vdev = "net_taskoff0,lower=net_pcap0" + (",decap=77" if decap else "")
    if hold_us:
        vdev += ",rsc_hold_us=%d" % hold_us
    tp = Testpmd(["net_pcap0,rx_pcap=%s" % src, vdev], app_args=["--no-flush-rx"])
    for c in ["port stop 1", "port config 1 rx_offload tcp_lro on", "port start 1",
              "set fwd rxonly", "set verbose 1"]:
        tp.cmd(c)
    # verbose packet dumps race with the prompt: do not wait for it after start
    start = tp.send("start")
    tp.wait_count("ol_flags:", 5, start)
    time.sleep(0.5)
    tp.cmd("stop")
    xs = tp.xstats(1)
    tp.cmd("port stop all")
    in_use = tp.mempool_in_use()
    tp.quit()
    check(in_use == 0, "mempool back to start level (%d)" % in_use)
    return received(tp.log()), xs


def common_checks(pkts, xs):
    check(len(pkts) == 5, "8 wire frames delivered as 5 packets (%d)" % len(pkts))
    scu, bad_tcp, bad_ip, syn = pkts[0], pkts[1], pkts[2], pkts[3]
    check(scu[0] == 14 + 20 + 20 + 4000 and "RTE_MBUF_F_RX_LRO" in scu[2],
          "4 in-order segments -> one SCU of 4054 bytes flagged RX_LRO (%s)" % (scu,))
    check("RTE_MBUF_F_RX_L4_CKSUM_GOOD" in scu[2] and "RTE_MBUF_F_RX_IP_CKSUM_GOOD" in scu[2],
          "SCU checksums verified good")
    check("RTE_MBUF_F_RX_L4_CKSUM_BAD" in bad_tcp[2] and "RTE_MBUF_F_RX_LRO" not in bad_tcp[2],
          "bad TCP checksum flagged BAD and delivered, not coalesced")
    check("RTE_MBUF_F_RX_IP_CKSUM_BAD" in bad_ip[2] and bad_ip[1][-1] == "L4_UDP",
          "bad IPv4 header checksum flagged BAD")
    check(syn[0] == 54 and "RTE_MBUF_F_RX_LRO" not in syn[2], "SYN delivered on its own")
    check(xs["rx_packets"] == 8 and xs["rsc_coalesced_pkts"] == 1
          and xs["rsc_coalesced_octets"] == 4000 and xs["rx_l4_csum_bad"] == 1
          and xs["rx_ip_csum_bad"] == 1,
          "xstats: 8 wire frames, 1 SCU of 4000 payload bytes, one bad L4, one bad IP")


def case_lro():
    pkts, xs = run(decap=False)
    common_checks(pkts, xs)
    if len(pkts) == 5:
        nv = pkts[4]
        check(nv[0] == 296 and "TUNNEL_NVGRE" in nv[1] and "INNER_L4_TCP" in nv[1],
              "NVGRE frame: tunnel and inner packet types (%s)" % (nv,))
        check("RTE_MBUF_F_RX_L4_CKSUM_GOOD" in nv[2], "NVGRE inner TCP checksum verified")


def case_decap():
    pkts, xs = run(decap=True)
    common_checks(pkts, xs)
    if len(pkts) == 5:
        nv = pkts[4]
        check(nv[0] == 296 - 14 - 20 - 8 and nv[1] == ["L2_ETHER", "L3_IPV4", "L4_TCP"],
              "decap=77: outer Eth/IP/GRE stripped, inner packet types (%s)" % (nv,))
    check(xs["nvgre_decap"] == 1, "nvgre_decap counted")


def case_lro_hold():
    """rsc_hold_us=20000: the SCUs (the 4-segment flow, the 1-segment NVGRE flow) stay open
    after the burst that brought them and arrive with a later poll, after the frames that
    ended no SCU; the same packets and counters as without holding."""
    pkts, xs = run(decap=False, hold_us=20000)
    by_len = {p[0]: p for p in pkts}
    check(sorted(by_len) == [54, 92, 154, 296, 4054] and len(pkts) == 5,
          "5 packets: SCU 4054, bad TCP 154, bad IP 92, SYN 54, NVGRE 296 (%s)"
          % [p[0] for p in pkts])
    if len(pkts) == 5 and 4054 in by_len:
        check("RTE_MBUF_F_RX_LRO" in by_len[4054][2]
              and "RTE_MBUF_F_RX_L4_CKSUM_GOOD" in by_len[4054][2],
              "the held SCU: RX_LRO, checksums good")
        check([p[0] for p in pkts][-2:] in ([4054, 296], [296, 4054]),
              "the held SCUs come after the packets delivered at once")
    check(xs["rx_packets"] == 8 and xs["rsc_coalesced_pkts"] == 1
          and xs["rsc_coalesced_octets"] == 4000 and xs["rx_port_stopped_dropped"] == 0,
          "xstats: 8 wire frames, 1 SCU of 4000 payload bytes, nothing dropped")


if __name__ == "__main__":
    {"lro": case_lro, "decap": case_decap, "lro_hold": case_lro_hold}[sys.argv[1]]()
    sys.exit(1 if FAILURES else 0)
