"""DPDK's own tools against a running stock dpdk-testpmd with TaskOff ports.

dpdk-proc-info and dpdk-dumpcap are secondary processes: they attach to the
testpmd primary (hugepages, own --file-prefix) and probe net_taskoff from the
installed plugin (they take no -d), which attaches to the primary's ports.

  proc_info  --stats / --xstats show TaskOff's counters, equal to what testpmd
             itself reads once forwarding stopped.
  dumpcap    the application side of a TaskOff port (what testpmd's csum engine
             sends: large TCP packets asking for TSO) and the wire (the lower
             port, net_pcap1: the segments TaskOff made); tshark reads both
             pcapng files: exact lengths, sequence numbers, valid checksums.

Debian's dpdk-testpmd links librte_mempool_dpaa, which registers its mempool
ops before the plugin directory is loaded; dpdk-dumpcap does not, so the two
processes' ops tables differ and every copy into dumpcap's pool fails (DPDK
requires one table order in primary and secondary). The test preloads that
driver into dumpcap, as the README tells users to. The taskoff application
links no mempool driver and needs no preload.

usage: test_capture_tools.py CASE
"""
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from scapy.all import IP, TCP, Ether, Raw, wrpcap  # noqa: E402

from taskoff_plugin import eal_plugin_args, installed_path  # noqa: E402
from testpmd_driver import Testpmd, wait_xstat  # noqa: E402

FAILURES = []
MSS = 1400
PAYLOAD = 8000
PRELOAD = "/usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0/librte_mempool_dpaa.so.23"


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def require_installed():
    """The tools take no -d: they need the plugin installed, and this very build."""
    if eal_plugin_args() != []:
        print("SKIP: net_taskoff is not installed (%s); run `meson install -C build`"
              % installed_path())
        sys.exit(77)


def run_tool(argv, timeout=30, env=None):
    res = subprocess.run(["timeout", "-s", "INT", "-k", "5", str(timeout), *argv],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env)
    print("$ %s -> %d\n%s%s" % (" ".join(argv), res.returncode, res.stdout[-3000:],
                                res.stderr[-2000:]))
    return res


def case_proc_info():
    tp = Testpmd(["net_taskoff0,peer=net_taskoff1", "net_taskoff1,peer=net_taskoff0"],
                 hugepages=True, mem_mb=256)
    tp.cmd("start tx_first")
    wait_xstat(tp, 1, "rx_packets", 1000)
    tp.cmd("stop")
    want = tp.xstats(1)
    res = run_tool(["dpdk-proc-info", "--file-prefix", tp.prefix, "--", "--xstats"])
    check(res.returncode == 0, "dpdk-proc-info --xstats ran (rc %d)" % res.returncode)
    check("secondary processes are not supported" not in res.stderr + res.stdout,
          "the secondary probe attached")
    sections = re.split(r"#+ NIC extended statistics for port (\d+)", res.stdout)
    port1 = dict(zip(sections[1::2], sections[2::2])).get("1", "")
    got = {m.group(1): int(m.group(2))
           for m in re.finditer(r"^(\w+): (\d+)$", port1, re.M)}
    for name in ("rx_packets", "rx_bytes", "lso_packets", "rsc_coalesced_pkts",
                 "rx_port_stopped_dropped", "tx_link_down_dropped"):
        check(name in got and got[name] == want.get(name),
              "proc-info %s = %s, testpmd says %s" % (name, got.get(name), want.get(name)))
    check(got.get("rx_packets", 0) >= 1000, "port 1 received traffic (%s)" % got.get("rx_packets"))
    res = run_tool(["dpdk-proc-info", "--file-prefix", tp.prefix, "--", "--stats"])
    m = re.search(r"statistics for port 1\s.*?RX-packets:\s+(\d+)", res.stdout, re.S | re.I)
    check(m is not None and int(m.group(1)) == want["rx_packets"],
          "proc-info --stats RX-packets of port 1 = %s" % (m.group(1) if m else None))
    tp.cmd("port stop all")
    in_use = tp.mempool_in_use()
    rc, _ = tp.quit()
    check(rc == 0 and in_use == 0, "testpmd quit cleanly, mempools back (%d)" % in_use)


def tshark_fields(path, fields, extra=()):
    argv = ["timeout", "60", "tshark", "-r", path, "-o", "ip.check_checksum:TRUE",
            "-o", "tcp.check_checksum:TRUE", *extra, "-T", "fields"]
    for f in fields:
        argv += ["-e", f]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def dumpcap(prefix, iface, count, path):
    env = dict(os.environ, LD_PRELOAD=PRELOAD)
    res = run_tool(["dpdk-dumpcap", "--file-prefix=" + prefix, "-i", iface, "-c", str(count),
                    "-q", "-w", path], env=env)
    check(res.returncode == 0, "dpdk-dumpcap -i %s -c %d (rc %d)" % (iface, count,
                                                                    res.returncode))


def case_dumpcap():
    d = tempfile.mkdtemp(prefix="taskoff-cap-")
    src, wire_pcap = os.path.join(d, "in.pcap"), os.path.join(d, "wire.pcap")
    app_cap, wire_cap = os.path.join(d, "app.pcapng"), os.path.join(d, "wire.pcapng")
    pkt = (Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
           / IP(src="10.9.0.1", dst="10.9.0.2", id=100, flags="DF")
           / TCP(sport=4000, dport=80, seq=1000, ack=1, flags="PA", window=500)
           / Raw(bytes(i & 0xFF for i in range(PAYLOAD))))
    wrpcap(src, [pkt])
    tp = Testpmd(["net_pcap0,rx_pcap=%s,infinite_rx=1" % src,
                  "net_pcap1,tx_pcap=%s" % wire_pcap, "net_taskoff0,lower=net_pcap1"],
                 app_args=["--mbuf-size=16384", "--max-pkt-len=9600"],
                 hugepages=True, mem_mb=512)
    for c in ["port stop all", "set fwd csum", "csum set ip hw 2", "csum set tcp hw 2",
              "tso set %d 2" % MSS, "port start all", "start"]:
        tp.cmd(c)
    wait_xstat(tp, 2, "lso_packets", 10)
    dumpcap(tp.prefix, "net_taskoff0", 4, app_cap)
    dumpcap(tp.prefix, "net_pcap1", 12, wire_cap)
    tp.cmd("stop")
    xs = tp.xstats(2)
    tp.cmd("port stop all")
    in_use = tp.mempool_in_use()
    rc, _ = tp.quit()
    # net_pcap's infinite_rx keeps its copy of the one input packet until the port closes
    check(rc == 0 and in_use == 1, "testpmd quit cleanly, mempools back but net_pcap's "
          "replay copy (%d in use)" % in_use)
    check(xs.get("lso_segments", 0) >= 12, "TaskOff segmented (%s)" % xs.get("lso_segments"))

    # what the application handed the port: whole 8054-byte packets asking for TSO
    rows = tshark_fields(app_cap, ["frame.len", "tcp.seq_raw", "tcp.len",
                                   "frame.comment", "pkt_comment"])
    # dumpcap stops after the burst that reached -c
    check(len(rows) >= 4, "application side: at least 4 frames captured (%d)" % len(rows))
    for r in rows[:4]:
        check(r[0] == str(14 + 20 + 20 + PAYLOAD) and r[1] == "1000" and r[2] == str(PAYLOAD),
              "application side frame: len %s seq %s payload %s" % tuple(r[:3]))
    # the wire: the segments TaskOff made, checksums filled, in order
    rows = tshark_fields(wire_cap, ["frame.len", "tcp.seq_raw", "tcp.len", "ip.id",
                                    "ip.checksum.status", "tcp.checksum.status",
                                    "tcp.flags.push"])
    n = -(-PAYLOAD // MSS)
    check(len(rows) >= 12, "wire: at least 12 frames captured (%d)" % len(rows))
    first = next((i for i, r in enumerate(rows) if r[1] == "1000"), None)
    check(first is not None and first + n <= len(rows), "wire: a whole packet's segments")
    if first is not None and first + n <= len(rows):
        for k in range(n):
            r, size = rows[first + k], min(MSS, PAYLOAD - k * MSS)
            check(r[0] == str(54 + size) and r[1] == str(1000 + k * MSS) and r[2] == str(size),
                  "wire segment %d: len %s seq %s payload %s" % (k, r[0], r[1], r[2]))
            check(int(r[3], 0) == 100 + k, "wire segment %d: IP ID %s" % (k, r[3]))
            check(r[4] == "1" and r[5] == "1", "wire segment %d: IP/TCP checksums good (%s, %s)" % (k, r[4], r[5]))
            check(r[6] == ("1" if k == n - 1 else "0"), "wire segment %d: PSH %s" % (k, r[6]))


CASES = {"proc_info": case_proc_info, "dumpcap": case_dumpcap}

if __name__ == "__main__":
    require_installed()
    CASES[sys.argv[1]]()
    print("%d failures" % len(FAILURES))
    sys.exit(1 if FAILURES else 0)
