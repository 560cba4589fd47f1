"""Two Linux hosts talking through kernel VXLAN devices, TaskOff in the wire between them.

    nsA: vx4A/vx6A over [vA] ==veth== [mA] nsM: TaskOff [mB] ==veth== [vB] under vx4B/vx6B: nsB

Underlay: 10.99.7.1|2/24 and fd00:99:7::1|2/64 on vA/vB. Two kernel `vxlan` devices per
side, VNI 42 over the IPv4 underlay and VNI 43 over the IPv6 one (UDP 4789), with the
overlay addresses 10.99.8.x (inner IPv4 over outer IPv4) and fd00:99:9::x (inner IPv6
over outer IPv6). The veths have TX checksum, TSO, GSO and GRO off, so every frame the
kernels put on the wire is an MTU-sized VXLAN segment with full checksums: TaskOff sees
the kernel's own VXLAN encapsulation, coalesces it (RSC on the inner flow), and its
tunnel LSO output is what the other kernel's VXLAN and TCP must accept.

The VXLAN devices' MTUs (1450 over IPv4, 1430 over IPv6) keep the kernel's frames within
1500 bytes of outer IP, the TaskOff ports keep their MTU of 1500 (af_packet allows no
more), but the veths take 1600: a tunnel TSO size the application picks (testpmd's
`tunnel_tso set 1400`) exceeds the inner MSS of an IPv6-in-IPv6 flow (1370), and TaskOff,
like a NIC, cuts the segments the application asks for (1530 bytes of outer IPv6).
"""
import os
import signal
import subprocess
import time

from e2e_topo import Topology, file_sha256, sh  # noqa: F401

UNDERLAY_MTU = 1600
VXLAN_MTU = {"v4": 1450, "v6": 1430}  # 1500 bytes of outer IP
# (VNI, outer family, local/remote underlay addresses, overlay address of A and B, prefix)
TUNNELS = {
    "v4": (42, ("10.99.7.1", "10.99.7.2"), ("10.99.8.1", "10.99.8.2"), 24),
    "v6": (43, ("fd00:99:7::1", "fd00:99:7::2"), ("fd00:99:9::1", "fd00:99:9::2"), 64),
}
NSTAT_KEYS = ("UdpInCsumErrors", "Udp6InCsumErrors", "TcpInCsumErrors", "UdpInErrors",
              "Udp6InErrors")


class TestTooLong(Exception):
    pass


def bound_test(seconds):
    """End the test by an exception, which unwinds through its cleanup (namespaces, processes),
    after @p seconds or on SIGTERM (meson's timeout): a hung transfer leaves nothing behind."""
    def stop(signum, _frame):
        raise TestTooLong("signal %d: test bound of %d s reached or terminated" % (signum,
                                                                                   seconds))
    signal.signal(signal.SIGALRM, stop)
    signal.signal(signal.SIGTERM, stop)
    signal.alarm(seconds)


def set_offloads_off(topo, ns, dev):
    """TSO, GSO and GRO off (and TX checksum: the veth would otherwise leave it partial)."""
    topo.kernel_sends_mtu_frames(ns, dev)


def vxlan_pair(topo):
    """Build the topology; returns (nsA, nsB, nsM, mA, mB, vA, vB)."""
    nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
    vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
    topo.veth(nsA, vA, nsM, mA)
    topo.veth(nsB, vB, nsM, mB)
    topo.quiet_ipv6(nsM)
    for ns, dev in ((nsM, mA), (nsM, mB), (nsA, vA), (nsB, vB)):
        sh("ip", "-n", ns, "link", "set", dev, "mtu", UNDERLAY_MTU)
    for side, (ns, dev) in enumerate(((nsA, vA), (nsB, vB))):
        set_offloads_off(topo, ns, dev)
        topo.addr(ns, dev, "10.99.7.%d/24" % (side + 1))
        topo.addr(ns, dev, "fd00:99:7::%d/64" % (side + 1))
        for fam, (vni, under, over, plen) in TUNNELS.items():
            vx = "vx%s%s" % (fam, "AB"[side])
            sh("ip", "-n", ns, "link", "add", vx, "type", "vxlan", "id", vni, "dstport", 4789,
               "local", under[side], "remote", under[1 - side], "dev", dev)
            sh("ip", "-n", ns, "link", "set", vx, "mtu", VXLAN_MTU[fam], "up")
            # the VXLAN device segments in software itself: same MTU-sized frames either way
            topo.run(ns, ["ethtool", "-K", vx, "gro", "off"], check=False)
            topo.addr(ns, vx, "%s/%d" % (over[side], plen))
    return nsA, nsB, nsM, mA, mB, vA, vB


def vxlan_config(topo, ns, fam, side):
    """What `ip -d link show` says about one VXLAN device (for the log)."""
    return topo.run(ns, ["ip", "-d", "link", "show", "vx%s%s" % (fam, "AB"[side])]).stdout


def nstat(topo, ns):
    """Absolute kernel SNMP counters (nstat -a, without touching its history file)."""
    out = topo.run(ns, ["nstat", "-asz"]).stdout
    vals = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            vals[parts[0]] = int(parts[1])
    return vals


def nstat_delta(before, after):
    return {k: after.get(k, 0) - before.get(k, 0) for k in NSTAT_KEYS}


def wait_listen(topo, ns, port):
    for _ in range(100):
        if ":%d " % port in topo.run(ns, ["ss", "-Hltn"]).stdout:
            return True
        time.sleep(0.1)
    return False


def socat_file(topo, ns_tx, ns_rx, dst, port, size, chk, label):
    """A random file from ns_tx to ns_rx over the overlay with socat; the copy must hash the
    same. Returns the throughput in Mbit/s (file bytes over the sender's run time)."""
    src = os.path.join(topo.tmp, "in-%d.bin" % port)
    out = os.path.join(topo.tmp, "out-%d.bin" % port)
    with open(src, "wb") as f:
        f.write(os.urandom(size))
    v6 = ":" in dst
    listen = ("TCP6-LISTEN:%d,bind=[%s],reuseaddr" % (port, dst) if v6 else
              "TCP4-LISTEN:%d,bind=%s,reuseaddr" % (port, dst))
    rx = topo.popen(ns_rx, ["timeout", "40", "socat", "-u", listen, "CREATE:%s" % out],
                    stderr=subprocess.PIPE, text=True)
    listening = wait_listen(topo, ns_rx, port)
    connect = "TCP6:[%s]:%d" % (dst, port) if v6 else "TCP4:%s:%d" % (dst, port)
    t0 = time.monotonic()
    tx = topo.run(ns_tx, ["timeout", "30", "socat", "-u", "OPEN:%s" % src, connect],
                  timeout=40, check=False)
    try:
        rx.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    secs = time.monotonic() - t0
    same = (listening and tx.returncode == 0 and os.path.exists(out) and
            file_sha256(out) == file_sha256(src))
    mbps = size * 8 / secs / 1e6 if same else 0.0
    chk.expect(same, "%s: random %d-byte file, sha256 identical on arrival (%.0f Mbit/s; "
               "socat rc %d %s)" % (label, size, mbps, tx.returncode, tx.stderr.strip()[-200:]))
    for p in (src, out):
        if os.path.exists(p):
            os.unlink(p)
    return mbps


def transfers(topo, nsA, nsB, chk, size, port_base):
    """Files both ways over both tunnels; returns {label: Mbit/s}."""
    rates = {}
    port = port_base
    for fam, (_vni, _under, over, _plen) in TUNNELS.items():
        outer = "IPv4" if fam == "v4" else "IPv6"
        for ns_tx, ns_rx, dst, d in ((nsA, nsB, over[1], "A->B"), (nsB, nsA, over[0], "B->A")):
            label = "%s outer %s" % (d, outer)
            rates[label] = socat_file(topo, ns_tx, ns_rx, dst, port, size, chk, label)
            port += 1
    return rates
