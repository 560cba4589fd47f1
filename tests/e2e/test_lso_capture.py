"""Scenario C: what LSO and tunnel LSO put on a real wire, as tcpdump sees it.

    nsM: taskoff gen -> net_taskoff0 -> net_af_packet0 [mK] ==veth== [vK] nsK: tcpdump -Q in

gen sends TCP/IPv4, TCP/IPv6 and NVGRE-encapsulated TCP/IPv4 flows as large
packets with LSO requests. tcpdump captures every frame arriving in nsK, and
tshark (checksum validation on for IP, TCP and UDP, inner and outer) reads the
capture. Checks: captured frames == the port's tx frames == lso_segments; every
frame is at most MTU-sized; every IP, TCP (and outer IPv4 of NVGRE) checksum is
Good; the TCP payload bytes captured == gen's payload bytes.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402

GOOD = "1"  # tshark's checksum.status: 0 bad, 1 good, 2 unverified


def tshark_rows(pcap):
    res = subprocess.run(
        ["tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
         "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=;",
         "-e", "frame.len", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
         "-e", "tcp.len", "-e", "ipv6.src", "-e", "gre.key", "-e", "tcp.flags.syn"],
        capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise RuntimeError("tshark: " + res.stderr)
    return [l.split(";") for l in res.stdout.splitlines() if l]


def main():
    chk = Checks()
    topo = Topology("c")
    try:
        pcap = os.path.join(topo.tmp, "lso.pcap")
        nsK, nsM = topo.netns("K"), topo.netns("M")
        vK, mK = topo.name("vK"), topo.name("mK")
        topo.veth(nsK, vK, nsM, mK)
        topo.quiet_ipv6(nsM)
        topo.kernel_sends_mtu_frames(nsK, vK)
        topo.addr(nsK, vK, "10.99.3.2/24")
        topo.addr(nsK, vK, "fd00:99:3::2/64")
        dump = topo.popen(nsK, ["timeout", "90", "tcpdump", "-i", vK, "-Q", "in", "-B", "65536",
                                "-s", "0", "-U", "-w", pcap], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
        for _ in range(50):
            line = dump.stderr.readline()
            if "listening" in line:
                break
        app = TaskoffApp(topo, nsM,
                         ["net_af_packet0,iface=%s" % mK, "net_taskoff0,lower=net_af_packet0"],
                         ["--engine", "gen", "--duration", "1", "--quiet", "1",
                          "--tcp-flows", "2", "--udp-flows", "0", "--nvgre-flows", "1", "--vxlan-flows", "0",
                          "--ipv6-percent", "50", "--tcp-size", "30000", "--nvgre-size", "12000",
                          "--rate-pps", "3000", "--drain-ms", "300",
                          "--dst-mac", topo.mac(nsK, vK), "--src-ip", "10.99.3.1",
                          "--dst-ip", "10.99.3.2", "--src-ip6", "fd00:99:3::1",
                          "--dst-ip6", "fd00:99:3::2"],
                         os.path.join(topo.tmp, "taskoff.log"), os.path.join(topo.tmp, "summary.json"))
        rc, s = app.wait(timeout=60)
        print(app.output())
        time.sleep(0.5)
        os.kill(dump.pid, signal.SIGINT)  # our timeout process passes it on to tcpdump
        dump.wait(timeout=30)
        chk.expect(rc == 0 and s is not None, "gen ran and ended cleanly (rc %d)" % rc)
        if s is None:
            chk.exit()
        gen, x = s["ports"][0]["gen"], s["ports"][0]["xstats"]
        chk.pools_returned(s)
        rows = tshark_rows(pcap)
        chk.expect(len(rows) == x["tx_packets"] == x["lso_segments"] == gen["tcp_segments"] > 0,
                   "captured %d frames == tx frames %d == lso_segments %d == gen segments %d" % (
                       len(rows), x["tx_packets"], x["lso_segments"], gen["tcp_segments"]))
        big = [r for r in rows if int(r[0]) > 1514]
        chk.expect(not big, "every frame <= 1514 bytes (%d larger)" % len(big))
        bad = [r for r in rows if not r[2] or (not r[4] and not r[1]) or
               any(v != GOOD for v in r[1].split(",") + r[2].split(",") if v)]
        chk.expect(not bad, "every IP/TCP checksum (outer and inner) is Good: %d bad, e.g. %s" % (
            len(bad), bad[:3]))
        kinds = (sum(1 for r in rows if r[4]), sum(1 for r in rows if r[5]),
                 sum(1 for r in rows if not r[4] and not r[5]))
        chk.expect(all(k > 0 for k in kinds),
                   "IPv6 %d, NVGRE %d, IPv4 %d frames captured" % kinds)
        chk.expect(sum(int(r[3]) for r in rows) == gen["payload_bytes"],
                   "TCP payload captured == gen payload bytes (%d)" % gen["payload_bytes"])
    finally:
        topo.close()
    chk.exit()


main()
