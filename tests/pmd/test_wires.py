"""PMD wire tests under stock dpdk-testpmd: loopback, peer pair, lower=net_pcap.

Each case asserts exact frame counts and bytes, conservation per port
(frames sent = frames received + frames dropped with a reason), and that every
mbuf is back in its pool after the ports stop.
Usage: test_wires.py CASE
"""
import json
import os
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scapy.all import ICMP, IP, IPv6, TCP, UDP, Ether, Raw, rdpcap, wrpcap  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402

from testpmd_driver import Testpmd, run_until_quiet  # noqa: E402

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)


def sample_frames(n=100):
    frames = []
    for i in range(n):
        eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
        if i % 3 == 0:
            pkt = eth / IPv6(src="fd00::1", dst="fd00::2") / UDP(sport=5000 + i, dport=53)
        else:
            pkt = eth / IP(src="10.0.0.1", dst="10.0.0.2", id=i) / TCP(sport=1000 + i,
                                                                      dport=80, seq=i * 1000)
        frames.append(pkt / Raw(bytes([i % 251]) * ((i * 37) % 1400)))
    return frames


def pcap_pair():
    d = tempfile.mkdtemp(prefix="taskoff-wires-")
    src, dst = os.path.join(d, "in.pcap"), os.path.join(d, "out.pcap")
    frames = sample_frames()
    wrpcap(src, frames)
    return frames, src, dst


def compare_pcaps(frames, out_path, label):
    got = rdpcap(out_path)
    check(len(got) == len(frames), "%s: %d frames out of %d in" % (label, len(got), len(frames)))
    same = all(bytes(a) == bytes(b) for a, b in zip(frames, got))
    check(same, "%s: every frame byte-identical and in order" % label)


def stop_and_check_pool(tp, label):
    tp.cmd("port stop all")
    in_use = tp.mempool_in_use()
    check(in_use == 0, "%s: mempool back to start level after stop (%d in use)" % (label, in_use))


def finish(tp, label):
    rc, _ = tp.quit()
    check(rc == 0, "%s: testpmd quit cleanly (rc=%d)" % (label, rc))


def case_lower_pcap():
    frames, src, dst = pcap_pair()
    tp = Testpmd(["net_pcap0,rx_pcap=%s,tx_pcap=%s" % (src, dst), "net_taskoff0,lower=net_pcap0"],
                 app_args=["--no-flush-rx"])
    ports = tp.cmd("show port summary all")
    check(ports.count("02:54:4F:46") == 1 and "pcap" not in ports.lower().replace(
        "net_pcap0", ""), "testpmd sees only the TaskOff port")
    run_until_quiet(tp, 0.5, 1, "tx_packets", len(frames))
    st = tp.port_stats(1)  # port 0 is the lower pcap port, owned and hidden
    check(st["rx_packets"] == len(frames), "lower: RX-packets == %d" % len(frames))
    check(st["tx_packets"] == len(frames), "lower: TX-packets == %d" % len(frames))
    total = sum(len(bytes(f)) for f in frames)
    check(st["rx_bytes"] == total and st["tx_bytes"] == total, "lower: bytes == %d" % total)
    stop_and_check_pool(tp, "lower")
    finish(tp, "lower")
    compare_pcaps(frames, dst, "lower pcap in -> TaskOff -> pcap out")


def case_loopback_pcap():
    # port 0 = pcap, port 1 = TaskOff loopback: pcap rx -> tko tx -> wire -> tko rx -> pcap tx
    frames, src, dst = pcap_pair()
    tp = Testpmd(["net_pcap0,rx_pcap=%s,tx_pcap=%s" % (src, dst), "net_taskoff0"],
                 app_args=["--no-flush-rx"])
    run_until_quiet(tp, 0.5, 1, "rx_packets", len(frames))
    st = tp.port_stats(1)
    check(st["tx_packets"] == len(frames) and st["rx_packets"] == len(frames),
          "loopback: TaskOff TX == RX == %d" % len(frames))
    stop_and_check_pool(tp, "loopback")
    finish(tp, "loopback")
    compare_pcaps(frames, dst, "loopback")


def case_peer_pcap():
    # ports: 0 pcap, 1 tko0, 2 tko1 (paired with itself):
    # pcap rx -> tko0 tx -> wire -> tko1 rx -> tko1 tx -> wire -> tko0 rx -> pcap tx
    frames, src, dst = pcap_pair()
    tp = Testpmd(["net_pcap0,rx_pcap=%s,tx_pcap=%s" % (src, dst),
                  "net_taskoff0,peer=net_taskoff1", "net_taskoff1,peer=net_taskoff0"],
                 app_args=["--no-flush-rx"])
    run_until_quiet(tp, 0.5, 1, "rx_packets", len(frames))
    for port in (1, 2):
        st = tp.port_stats(port)
        check(st["tx_packets"] == len(frames) and st["rx_packets"] == len(frames),
              "peer: port %d TX == RX == %d" % (port, len(frames)))
    stop_and_check_pool(tp, "peer")
    finish(tp, "peer")
    compare_pcaps(frames, dst, "peer pair both directions")


def conservation(tp, sender, receiver, label):
    xs, xr = tp.xstats(sender), tp.xstats(receiver)
    sent = xs["tx_packets"]
    accounted = xr["rx_packets"] + xr["rx_port_stopped_dropped"]
    check(sent == accounted, "%s: port %d sent %d == port %d received %d + dropped at stop %d"
          % (label, sender, sent, receiver, xr["rx_packets"], xr["rx_port_stopped_dropped"]))
    check(xr["rx_bytes"] == 64 * xr["rx_packets"], "%s: every frame 64 bytes" % label)


def case_peer_tx_first():
    tp = Testpmd(["net_taskoff0,peer=net_taskoff1", "net_taskoff1,peer=net_taskoff0"])
    link = tp.cmd("show port info 0")
    check("Link status: up" in link, "peer: link up when both ports started")
    tp.cmd("start tx_first")
    time.sleep(1.0)
    tp.cmd("stop")
    s0, s1 = tp.port_stats(0), tp.port_stats(1)
    check(s0["tx_packets"] > 10000 and s1["tx_packets"] > 10000, "peer: traffic flows both ways")
    x0 = tp.xstats(0)
    check(x0["rx_packets"] == s0["rx_packets"] and x0["tx_bytes"] == s0["tx_bytes"],
          "peer: xstats agree with basic stats")
    tp.cmd("port stop all")
    conservation(tp, 0, 1, "peer 0->1")
    conservation(tp, 1, 0, "peer 1->0")
    in_use = tp.mempool_in_use()
    check(in_use == 0, "peer: mempool back to start level (%d in use)" % in_use)
    finish(tp, "peer tx_first")


def case_multiqueue():
    # without RSS, TX queue q lands on RX queue q (one flow per queue from tx_first)
    tp = Testpmd(["net_taskoff0,peer=net_taskoff1,queues=4", "net_taskoff1,peer=net_taskoff0,queues=4"],
                 app_args=["--rxq=4", "--txq=4", "--disable-rss"])
    tp.cmd("start tx_first")
    time.sleep(1.0)
    tp.cmd("stop")
    text = tp.cmd("show port xstats 1")
    per_q = [int(x) for x in
             __import__("re").findall(r"rx_q(\d)_packets:\s+(\d+)", text) and
             [m[1] for m in __import__("re").findall(r"rx_q(\d)_packets:\s+(\d+)", text)]]
    check(len(per_q) == 4 and all(v > 0 for v in per_q),
          "multiqueue: every one of 4 RX queues received (%s)" % per_q)
    tp.cmd("port stop all")
    conservation(tp, 0, 1, "multiqueue 0->1")
    check(tp.mempool_in_use() == 0, "multiqueue: mempool back to start level")
    finish(tp, "multiqueue")


MS_RSS_KEY = ("6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c"
              "6a42b73bbeac01fa")


def case_rss_spreads_flows():
    tp = Testpmd(["net_taskoff0,peer=net_taskoff1,queues=4", "net_taskoff1,peer=net_taskoff0,queues=4"],
                 app_args=["--rxq=4", "--txq=4", "--forward-mode=flowgen", "--rss-udp"])
    key = tp.cmd("show port 1 rss-hash key")
    check(MS_RSS_KEY in key.replace(" ", "").lower(),
          "rss: default key is the Microsoft verification key")
    tp.cmd("start")
    time.sleep(1.0)
    tp.cmd("stop")
    text = tp.cmd("show port xstats 1")
    per_q = [int(m[1]) for m in __import__("re").findall(r"rx_q(\d)_packets:\s+(\d+)", text)]
    check(len(per_q) == 4 and all(v > 0 for v in per_q),
          "rss: flowgen flows spread over all 4 RX queues (%s)" % per_q)
    x0 = tp.xstats(0)
    check(x0["rss_hashed"] == x0["tx_packets"], "rss: every frame sent to an RSS port is hashed")
    tp.cmd("port stop all")
    check(tp.mempool_in_use() == 0, "rss: mempool back to start level")
    finish(tp, "rss")


def rx_queue_counts(tp, port):
    text = tp.cmd("show port xstats %d" % port)
    return [int(m[1]) for m in __import__("re").findall(r"rx_q(\d)_packets:\s+(\d+)", text)]


def case_rte_flow_vmq_steers():
    """testpmd `flow create`: eth dst is M -> queue Q, like a VMQ filter on a real NIC."""
    tp = Testpmd(["net_taskoff0,peer=net_taskoff1,queues=4", "net_taskoff1,peer=net_taskoff0,queues=4"],
                 app_args=["--rxq=4", "--txq=4", "--nb-cores=1"])
    tp.cmd("start tx_first")
    time.sleep(0.5)
    tp.cmd("stop")
    before = rx_queue_counts(tp, 1)
    busy = [q for q, v in enumerate(before) if v]
    target = (busy[0] + 1) % 4 if busy else 3
    # frames still in flight from the first run were steered without rules: a port restart
    # discards them (testpmd also drops its flow rules at port stop, so create them after)
    tp.cmd("port stop all")
    tp.cmd("port start all")
    # testpmd sends from port 0 with dst = the address it assumes for port 0's peer, 02:..:00
    out = tp.cmd("flow create 1 ingress pattern eth dst is 02:00:00:00:00:00 / end "
                 "actions queue index %d / end" % target)
    check("created" in out, "flow create accepted (%s)" % out.strip().splitlines()[-1:])
    # port 1's own tx_first frames (dst 02:..:01) come back to it through port 0's io forwarding
    out = tp.cmd("flow create 1 ingress pattern eth dst is 02:00:00:00:00:01 / end "
                 "actions queue index %d / end" % target)
    check("created" in out, "second rule accepted")
    bad = tp.cmd("flow create 1 ingress pattern eth / ipv4 / udp / end actions drop / end")
    check("created" not in bad, "unsupported pattern/action refused")
    tun = tp.cmd("flow create 1 ingress pattern eth / ipv4 / nvgre tni is 5 / eth dst is "
                 "02:aa:00:00:00:01 / end actions queue index 1 / end")
    check("created" in tun, "NVGRE inner MAC + VSID rule accepted")
    tp.cmd("clear port xstats 1")
    tp.cmd("start tx_first")
    time.sleep(0.5)
    tp.cmd("stop")
    after = rx_queue_counts(tp, 1)
    check(after[target] > 0 and sum(after) == after[target],
          "every frame to either MAC lands on queue %d (%s)" % (target, after))
    check("Flow rule #0 destroyed" in tp.cmd("flow destroy 1 rule 0"), "flow destroy")
    tp.cmd("flow flush 1")
    check("ETH" not in tp.cmd("flow list 1"), "flow flush leaves no rule")
    tp.cmd("port stop all")
    check(tp.mempool_in_use() == 0, "rte_flow: mempool back to start level")
    finish(tp, "rte_flow")


def toeplitz(key, data):
    """The Toeplitz hash (NDIS RSS): for every set input bit, XOR the 32 key bits from there."""
    k, klen, h = int.from_bytes(key, "big"), 8 * len(key), 0
    for i, byte in enumerate(data):
        for b in range(8):
            if byte & (0x80 >> b):
                h ^= (k >> (klen - 32 - (8 * i + b))) & 0xFFFFFFFF
    return h


def rss_input(ip, l4=None):
    """NDIS hash input: source, destination address, then (4-tuple) source, destination port."""
    fam = socket.AF_INET if ip.version == 4 else socket.AF_INET6
    data = socket.inet_pton(fam, ip.src) + socket.inet_pton(fam, ip.dst)
    return data + (struct.pack(">HH", l4.sport, l4.dport) if l4 is not None else b"")


VXLAN_VMQ_MAC, VXLAN_VMQ_VNI, VXLAN_VMQ_QUEUE = "02:00:00:00:00:42", 42, 2
CTL_VNI_MAC, CTL_VNI, CTL_VNI_QUEUE = "02:00:00:00:00:07", 7, 3  # a vmq.filter_add filter


def vxlan_frames():
    """(frame, expected RX queue or None for RSS, RSS input when hashed) for the VXLAN case."""
    def vx(inner, vni=VXLAN_VMQ_VNI, outer6=False, port=4789, sport=49152):
        ip = (IPv6(src="fd00::a", dst="fd00::b") if outer6 else
              IP(src="192.0.2.10", dst="192.0.2.20"))
        outer = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:0b") / ip
        return outer / UDP(sport=sport, dport=port) / VXLAN(flags=0x08, vni=vni) / inner, outer[1]

    def inner(i, mac=VXLAN_VMQ_MAC, v6=False, l4=UDP):
        ip = (IPv6(src="fd01::%x" % (i + 1), dst="fd01::ff") if v6 else
              IP(src="10.9.%d.%d" % (i // 200, i % 200 + 1), dst="10.9.255.1"))
        return Ether(src="02:00:00:00:01:01", dst=mac) / ip / l4(sport=1000 + 7 * i, dport=80 + i)

    out = []
    for i in range(16):
        # the rule: inner MAC + VNI 42, outer IPv4 and IPv6, inner IPv4 and IPv6, UDP and TCP
        f, _ = vx(inner(i, v6=i % 2 == 1, l4=TCP if i % 4 < 2 else UDP), outer6=i % 3 == 0)
        out.append((f, VXLAN_VMQ_QUEUE, None))
        # another VNI, another inner MAC: RSS on the inner 4-tuple
        for kw in ({"vni": 43}, {}):
            mac = VXLAN_VMQ_MAC if kw else "02:00:00:00:00:43"
            inn = inner(100 + i, mac=mac, v6=i % 2 == 0)
            f, _ = vx(inn, outer6=i % 2 == 1, sport=40000 + i, **kw)
            out.append((f, None, rss_input(inn[1], inn[2])))
        # inner ICMP: the outer addresses' 2-tuple
        f, oip = vx(Ether(dst=VXLAN_VMQ_MAC) / IP(src="10.8.0.%d" % (i + 1), dst="10.8.1.1") /
                    ICMP(), vni=43, outer6=i % 2 == 0)
        out.append((f, None, rss_input(oip)))
        # UDP to another port is not VXLAN: the outer UDP 4-tuple, the rule does not apply
        f, oip = vx(inner(i), port=4790, sport=30000 + i)
        out.append((f, None, rss_input(oip, f[UDP])))
        # the control socket's VNI filter
        f, _ = vx(inner(200 + i, mac=CTL_VNI_MAC, v6=i % 2 == 0), vni=CTL_VNI, outer6=i % 2 == 1)
        out.append((f, CTL_VNI_QUEUE, None))
    return out


def rpc(path, method, params):
    """One JSON-RPC request on the TaskOff control socket, its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(path)
        s.sendall(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                              "params": params}).encode() + b"\n")
        buf = b""
        while b"\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise RuntimeError("control socket closed")
            buf += chunk
        return json.loads(buf.split(b"\n", 1)[0])


def vni_filter_by_ctl(tp):
    """vmq.filter_add takes "vni" (24 bits, not with "vsid"); vmq.filter_list shows it."""
    path = "/var/run/dpdk/%s/taskoff.sock" % tp.prefix
    add = {"port": "net_taskoff0", "mac": CTL_VNI_MAC, "queue": CTL_VNI_QUEUE}
    for bad in ({"vni": 2**24}, {"vni": -1}, {"vni": "7"}, {"vni": CTL_VNI, "vsid": CTL_VNI}):
        err = rpc(path, "vmq.filter_add", dict(add, **bad)).get("error") or {}
        detail = (err.get("data") or {}).get("detail", "")
        check(detail.startswith("vni:"), "vmq.filter_add %s refused naming vni (%s)"
              % (bad, detail))
    r = rpc(path, "vmq.filter_add", dict(add, vni=CTL_VNI))
    check(r.get("result") == {"ok": True}, "vmq.filter_add with vni %d (%s)" % (CTL_VNI, r))
    want = [{"id": 0, "mac": VXLAN_VMQ_MAC.upper(), "vlan": None, "vsid": None,
             "vni": VXLAN_VMQ_VNI, "queue": VXLAN_VMQ_QUEUE},
            {"id": 1, "mac": CTL_VNI_MAC.upper(), "vlan": None, "vsid": None, "vni": CTL_VNI,
             "queue": CTL_VNI_QUEUE}]
    got = rpc(path, "vmq.filter_list", {"port": "net_taskoff0"}).get("result")
    check(got == want, "vmq.filter_list: the rte_flow rule and the ctl filter with their VNIs "
          "(%s)" % got)


def case_rte_flow_vxlan_vmq_steers():
    """testpmd `flow create` with a VXLAN pattern: inner MAC + VNI -> queue, the rest by RSS;
    a VNI filter added through the control socket steers alike."""
    frames = vxlan_frames()
    d = tempfile.mkdtemp(prefix="taskoff-vxlan-")
    src = os.path.join(d, "in.pcap")
    wrpcap(src, [f for f, _, _ in frames])
    # the pcap port needs as many queues as testpmd asks: every RX queue reads the same file
    pcap = "net_pcap0," + ",".join("rx_pcap=%s,tx_pcap=%s" % (src, os.path.join(d, "o%d" % q))
                                   for q in range(4))
    tp = Testpmd(["net_taskoff0,queues=4", pcap],
                 app_args=["--rxq=4", "--txq=4", "--nb-cores=1", "--no-flush-rx"])
    tp.cmd("port config all rss all")  # the pcap port refuses; TaskOff takes all six types
    bad = {
        "eth / ipv4 / udp dst is 4789 / vxlan vni is 42 / eth dst is %s" % VXLAN_VMQ_MAC:
            "outer udp fields are not matched",
        "eth / ipv4 / udp / vxlan / eth dst is %s" % VXLAN_VMQ_MAC: "vxlan needs vni is N",
        "eth / ipv4 / udp / vxlan vni is 42 / eth": "vxlan must be followed by eth dst is MAC",
        "eth / ipv4 / udp / vxlan vni is 42 / eth dst is %s / ipv4" % VXLAN_VMQ_MAC:
            "end expected",
        "eth / ipv4 / udp": "udp must be followed by vxlan",
        "eth / udp / vxlan vni is 42 / eth dst is %s" % VXLAN_VMQ_MAC:
            "udp must follow ipv4 or ipv6",
        "eth dst is 02:00:00:00:00:0b / ipv4 / udp / vxlan vni is 42 / eth dst is %s"
        % VXLAN_VMQ_MAC: "outer eth/vlan fields are not matched with a tunnel",
    }
    for pattern, message in bad.items():
        out = tp.cmd("flow validate 0 ingress pattern %s / end actions queue index 2 / end"
                     % pattern)
        check(message in out and "validated" not in out,
              "refused with '%s': %s" % (message, pattern))
    out = tp.cmd("flow create 0 ingress pattern eth / ipv4 / udp / vxlan vni is %d / eth dst is "
                 "%s / end actions queue index %d / end"
                 % (VXLAN_VMQ_VNI, VXLAN_VMQ_MAC, VXLAN_VMQ_QUEUE))
    check("created" in out, "VXLAN inner MAC + VNI rule created (%s)"
          % out.strip().splitlines()[-1:])
    check("VXLAN" in tp.cmd("flow list 0"), "flow list shows the VXLAN rule")
    vni_filter_by_ctl(tp)
    copies = 4  # each of the pcap port's 4 RX queues sends the file once
    run_until_quiet(tp, 0.5, 0, "rx_packets", copies * len(frames))
    key = bytes.fromhex(MS_RSS_KEY)
    want = [0] * 4
    for _, queue, data in frames:
        want[queue if queue is not None else toeplitz(key, data) % 128 % 4] += copies
    got = rx_queue_counts(tp, 0)
    check(got == want, "every frame on its queue: VMQ rule -> %d, the rest by RSS "
          "(got %s, want %s)" % (VXLAN_VMQ_QUEUE, got, want))
    x = tp.xstats(0)
    n_vmq = sum(1 for _, q, _ in frames if q is not None)
    check(got[CTL_VNI_QUEUE] >= copies * 16, "the ctl VNI filter's frames are on queue %d"
          % CTL_VNI_QUEUE)
    check(x["vmq_matched"] == copies * n_vmq, "vmq_matched == %d (%d)"
          % (copies * n_vmq, x["vmq_matched"]))
    check(x["rss_hashed"] == copies * (len(frames) - n_vmq), "rss_hashed == %d (%d)"
          % (copies * (len(frames) - n_vmq), x["rss_hashed"]))
    check("Flow rule #0 destroyed" in tp.cmd("flow destroy 0 rule 0"), "flow destroy")
    tp.cmd("port stop all")
    check(tp.mempool_in_use() == 0, "rte_flow vxlan: mempool back to start level")
    finish(tp, "rte_flow vxlan")


def case_bad_devargs_exit_cleanly():
    import subprocess
    from testpmd_driver import TESTPMD, plugin_args
    bad = {"bogus=1": "invalid devargs", "queues=0": "must be 1..16",
           "queues=1000": "must be 1..16", "peer=net_taskoff7": "does not exist",
           "peer=net_taskoff0": "is the port itself", "lower=net_taskoff0": "is the port itself"}
    for arg, message in bad.items():
        argv = ["timeout", "-s", "KILL", "60", TESTPMD, "-l", "0-1", "--no-pci", "--no-huge",
                "-m", "256", "--file-prefix", "tko-bad-%d" % os.getpid(), *plugin_args(),
                "--vdev", "net_taskoff0," + arg, "--", "--total-num-mbufs=2048"]
        res = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        lines = [l for l in (res.stdout + res.stderr).splitlines() if l.startswith("taskoff:")]
        out = res.stdout + res.stderr
        # testpmd itself carries on without the port; what matters is: no crash, no port
        check(0 <= res.returncode < 128, "%s: no crash (rc=%d)" % (arg, res.returncode))
        check("failed to initialize net_taskoff0 device" in out
              and "No probed ethernet devices" in out, "%s: probe failed, no port" % arg)
        check(len(lines) == 1 and message in lines[0],
              "%s: exactly one clear log line (%s)" % (arg, lines))


def case_log_type_by_name():
    """TaskOff logs under pmd.net.taskoff: --log-level=pmd.net.taskoff:debug shows its debug
    lines (the checksum calibration's choice, logged from a constructor that may run before the
    log type's own), the default level (notice) does not."""
    import subprocess
    from testpmd_driver import TESTPMD, plugin_args
    for level in ("debug", None):
        argv = ["timeout", "-s", "KILL", "60", TESTPMD, "-l", "0-1", "--no-pci", "--no-huge",
                "-m", "256", "--file-prefix", "tko-log-%d" % os.getpid(), *plugin_args(),
                "--vdev", "net_taskoff0",
                *(["--log-level", "pmd.net.taskoff:" + level] if level else []),
                "--", "-i", "--total-num-mbufs=2048"]
        res = subprocess.run(argv, input="dump_log_types\nquit\n", capture_output=True, text=True)
        out = res.stdout + res.stderr
        check(res.returncode == 0, "log level %s: testpmd ran and quit (rc=%d)" % (level, res.returncode))
        check("pmd.net.taskoff, level is %s" % (level or "notice") in out,
              "log level %s: dump_log_types lists pmd.net.taskoff at that level" % level)
        check(("taskoff: checksum dispatch calibrated" in out) == (level == "debug"),
              "log level %s: the calibration's debug line shown iff debug" % level)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        sys.exit("usage: test_wires.py {%s}" % "|".join(sorted(CASES)))
    CASES[sys.argv[1]]()
    sys.exit(1 if FAILURES else 0)
