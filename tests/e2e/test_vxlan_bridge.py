"""Scenario F: the Linux kernel's own VXLAN through the taskoff bridge, both ways.

    nsA: vxv4A/vxv6A [vA] ==veth== [mA] nsM: taskoff bridge [mB] ==veth== [vB] vxv4B/vxv6B: nsB
                          net_af_packet0 <- net_taskoff0   net_taskoff1 -> net_af_packet1

Kernel VXLAN devices (VNI 42 over IPv4, VNI 43 over IPv6, UDP 4789; see vxlan_topo.py)
send MTU-sized VXLAN segments with full checksums. TaskOff coalesces them (RSC on the
inner TCP flow, keyed by VNI and outer addresses), the bridge hands each coalesced unit
to the other port as a VXLAN tunnel TSO request (outer UDP checksum asked) with the MSS
RSC observed, and tunnel LSO cuts it again; the far kernel decapsulates and its TCP
accepts every segment. Checks: a random file intact (sha256) both ways over both
tunnels; RSC coalesced and tunnel LSO ran on both ports; no checksum flagged bad by
TaskOff and none counted by either kernel (nstat deltas of Udp/Udp6/TcpInCsumErrors 0);
frames conserved through the bridge; every mbuf back in its pool.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402
from vxlan_topo import bound_test, nstat, nstat_delta, transfers, vxlan_pair  # noqa: E402

FILE_SIZE = 16 << 20


def check_ports(s, chk):
    p = s["ports"]
    for i in (0, 1):
        x, b, o = p[i]["xstats"], p[i]["bridge"], p[1 - i]
        name = p[i]["name"]
        chk.expect(x["rsc_coalesced_pkts"] > 0 and b["rx_scus"] > 0 and
                   b["rx_wire_segments"] > b["rx_packets"],
                   "%s coalesced the kernel's VXLAN segments: rsc_coalesced_pkts %d, %d "
                   "segments in %d packets" % (name, x["rsc_coalesced_pkts"],
                                               b["rx_wire_segments"], b["rx_packets"]))
        chk.expect(o["xstats"]["tunnel_lso_packets"] > 0 and
                   o["xstats"]["tunnel_lso_packets"] == b["tx_tso_requests"],
                   "%s: tunnel_lso_packets %d == the bridge's TSO requests %d" % (
                       o["name"], o["xstats"]["tunnel_lso_packets"], b["tx_tso_requests"]))
        bad = {k: v for k, v in x.items() if "csum_bad" in k and v}
        chk.expect(not bad and b["rx_csum_bad"] == 0,
                   "%s: no checksum flagged bad (%s)" % (name, bad))
        drops = {k: v for k, v in list(x.items()) if k.endswith("_dropped") and v}
        chk.expect(not drops, "%s: no drops (%s)" % (name, drops))
        chk.expect(b["rx_packets"] == b["tx_packets"] + b["drop_end_of_run"],
                   "%s: packets received %d == forwarded %d + dropped at end %d" % (
                       name, b["rx_packets"], b["tx_packets"], b["drop_end_of_run"]))
        plain = b["tx_packets"] - b["tx_tso_requests"]
        chk.expect(o["xstats"]["tx_packets"] == o["xstats"]["lso_segments"] + plain,
                   "%s: frames out %d == LSO segments %d + unsegmented %d" % (
                       o["name"], o["xstats"]["tx_packets"], o["xstats"]["lso_segments"], plain))
    chk.expect(s["errors"] == 0, "zero errors")
    chk.pools_returned(s)


def main():
    chk = Checks()
    bound_test(200)  # under meson's 240 s
    topo = Topology("f")
    app = None
    try:
        nsA, nsB, nsM, mA, mB, _vA, _vB = vxlan_pair(topo)
        app = TaskoffApp.bridge(topo, nsM, mA, mB, packet_args=",framecnt=4096", timeout_s=200)
        app.wait_started()
        before = {ns: nstat(topo, ns) for ns in (nsA, nsB)}
        rates = transfers(topo, nsA, nsB, chk, FILE_SIZE, 7101)
        for ns, what in ((nsA, "nsA"), (nsB, "nsB")):
            d = nstat_delta(before[ns], nstat(topo, ns))
            chk.expect(all(v == 0 for v in d.values()),
                       "%s kernel counted no checksum or UDP errors: %s" % (what, d))
        rc, s = app.stop()
        print(app.output())
        chk.expect(rc == 0 and s is not None and s["engine"] == "bridge",
                   "bridge ended cleanly on SIGINT with its summary (rc %d)" % rc)
        if s is not None:
            check_ports(s, chk)
        for label, mbps in rates.items():
            print("throughput %s through the taskoff bridge: %.0f Mbit/s" % (label, mbps))
    finally:
        if app is not None and app.proc.poll() is None:
            print(app.output())
        topo.close()
    chk.exit()


main()
