"""Scenario G: the Linux kernel's own VXLAN through stock dpdk-testpmd's csum engine.

    nsA: vxv4A/vxv6A [vA] ==veth== [mA] nsM: dpdk-testpmd [mB] ==veth== [vB] vxv4B/vxv6B: nsB
                  net_af_packet0 <- net_taskoff0 (port 1)  net_taskoff1 (port 3) -> net_af_packet1

testpmd forwards between the two TaskOff ports (their af_packet lowers belong to them)
with the csum engine as a VXLAN NIC user would set it up: `csum parse-tunnel on`, IP,
TCP, UDP, outer IP and outer UDP checksums in hardware, `tso set 1400`,
`tunnel_tso set 1400`, RX LRO on. TaskOff coalesces the kernel's VXLAN segments (RSC on
the inner flow), testpmd turns each coalesced unit into a VXLAN tunnel TSO request
(RTE_MBUF_F_TX_TUNNEL_VXLAN, OUTER_IPV4|6, OUTER_IP_CKSUM, OUTER_UDP_CKSUM, inner
IPV4|6, TCP_SEG) and TaskOff's tunnel LSO cuts it into 1400-byte inner segments, which
the other kernel's VXLAN and TCP accept. Checks: a random file intact (sha256) both ways
over the IPv4 and the IPv6 tunnel; rsc_coalesced_pkts and tunnel_lso_packets grow on
both ports; no checksum flagged bad, nothing dropped; the kernels count no checksum
errors (nstat); testpmd quits cleanly.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "pmd"))
from e2e_topo import Checks, Topology  # noqa: E402
from testpmd_driver import PROMPT, TESTPMD, Testpmd, plugin_args  # noqa: E402
from vxlan_topo import (bound_test, nstat, nstat_delta, transfers,  # noqa: E402
                        vxlan_pair)

FILE_SIZE = 16 << 20
MSS = 1400
PORTS = (1, 3)  # net_taskoff0, net_taskoff1 (the af_packet lowers 0 and 2 are theirs)


class NsTestpmd(Testpmd):
    """Testpmd (tests/pmd/testpmd_driver.py) started inside a network namespace."""

    def __init__(self, topo, ns, vdevs, app_args=(), timeout=200, mem_mb=1024):
        prefix = "tko-e2e-%s" % topo.tag
        self.prefix = prefix
        eal = ["-l", "0-1", "--no-pci", "--no-huge", "-m", str(mem_mb), "--file-prefix", prefix,
               *plugin_args()]
        for v in vdevs:
            eal += ["--vdev", v]
        self.argv = ["ip", "netns", "exec", ns, "timeout", "-s", "KILL", str(timeout), "stdbuf",
                     "-oL", "-eL", TESTPMD, *eal, "--", "-i", "--total-num-mbufs=32768",
                     *app_args]
        # own session: Topology.close() ends it by its process group
        self._spawn(start_new_session=True)
        topo.procs.append(self.proc)
        self.wait_for(PROMPT, 0, 60)


def setup(tp):
    tp.cmd("port stop all")
    for p in PORTS:
        for c in ("port config %d rx_offload tcp_lro on" % p,
                  "csum parse-tunnel on %d" % p,
                  "csum set ip hw %d" % p, "csum set tcp hw %d" % p, "csum set udp hw %d" % p,
                  "csum set outer-ip hw %d" % p, "csum set outer-udp hw %d" % p,
                  "tso set %d %d" % (MSS, p), "tunnel_tso set %d %d" % (MSS, p)):
            out = tp.cmd(c)
            # tunnel_tso warns about every tunnel type a port lacks (IPIP, GENEVE...): only
            # VXLAN matters here
            refused = [l for l in out.splitlines() if "not supported" in l and
                       ("TUNNEL TSO" not in l or "VXLAN" in l)]
            if refused or "Bad arguments" in out or "Invalid" in out:
                raise RuntimeError("testpmd refused %r: %s" % (c, out))
    tp.cmd("set fwd csum")
    for p in PORTS:
        print(tp.cmd("csum show %d" % p))
    tp.cmd("port start all")
    print(tp.cmd("show port summary all"))
    tp.cmd("start")


def main():
    chk = Checks()
    bound_test(200)  # under meson's 240 s
    topo = Topology("g")
    tp = None
    try:
        nsA, nsB, nsM, mA, mB, vA, vB = vxlan_pair(topo)
        # the csum engine rewrites the Ethernet addresses (source: the TX port's, destination:
        # the TX port's peer): the peers are the kernels' veths
        peers = ["--eth-peer=1,%s" % topo.mac(nsA, vA), "--eth-peer=3,%s" % topo.mac(nsB, vB)]
        tp = NsTestpmd(topo, nsM, ["net_af_packet0,iface=%s,framecnt=4096" % mA,
                                   "net_taskoff0,lower=net_af_packet0",
                                   "net_af_packet1,iface=%s,framecnt=4096" % mB,
                                   "net_taskoff1,lower=net_af_packet1"],
                       app_args=["--no-flush-rx", *peers])
        setup(tp)
        before = {ns: nstat(topo, ns) for ns in (nsA, nsB)}
        rates = transfers(topo, nsA, nsB, chk, FILE_SIZE, 7201)
        for ns, what in ((nsA, "nsA"), (nsB, "nsB")):
            d = nstat_delta(before[ns], nstat(topo, ns))
            chk.expect(all(v == 0 for v in d.values()),
                       "%s kernel counted no checksum or UDP errors: %s" % (what, d))
        tp.cmd("stop")
        xs = {p: tp.xstats(p) for p in PORTS}
        tp.cmd("port stop all")
        in_use = tp.mempool_in_use()
        rc, _ = tp.quit()
        chk.expect(rc == 0, "testpmd quit cleanly (rc %s)" % rc)
        chk.expect(in_use == 0, "every mbuf back in testpmd's pools (%d in use)" % in_use)
        for p in PORTS:
            x = xs[p]
            chk.expect(x.get("rsc_coalesced_pkts", 0) > 0 and x.get("rsc_coalesce_events", 0) > 0,
                       "port %d coalesced the kernel's VXLAN segments: rsc_coalesced_pkts %s, "
                       "rsc_coalesce_events %s" % (p, x.get("rsc_coalesced_pkts"),
                                                   x.get("rsc_coalesce_events")))
            chk.expect(x.get("tunnel_lso_packets", 0) > 0 and x.get("lso_segments", 0) >
                       x.get("tunnel_lso_packets", 0),
                       "port %d cut testpmd's VXLAN tunnel TSO requests: tunnel_lso_packets %s, "
                       "lso_segments %s" % (p, x.get("tunnel_lso_packets"),
                                            x.get("lso_segments")))
            bad = {k: v for k, v in x.items() if "csum_bad" in k and v}
            chk.expect(not bad, "port %d: no checksum flagged bad (%s)" % (p, bad))
            drops = {k: v for k, v in x.items() if k.endswith("_dropped") and v}
            chk.expect(not drops, "port %d: no drops (%s)" % (p, drops))
        for label, mbps in rates.items():
            print("throughput %s through testpmd csum engine + TaskOff: %.0f Mbit/s" % (
                label, mbps))
    finally:
        if tp is not None and tp.proc.poll() is None:
            print(tp.log()[-4000:])
        elif tp is not None and chk.failures:
            print(tp.log()[-6000:])
        topo.close()
    chk.exit()


main()
