"""iperf3 through a bump in the wire: stock dpdk-testpmd io forwarding vs the
TaskOff bridge, on the same topology (Scenario A's), for BENCHMARKS.md.

    nsA [vA 10.99.5.1] ==veth== [mA] nsM: forwarder [mB] ==veth== [vB 10.99.5.2] nsB

The namespace kernels send MTU frames with full checksums (offloads off).
testpmd forwards them one by one; TaskOff coalesces (RSC) and re-segments
(LSO). Each run must move data; the numbers are printed as a JSON line
("iperf_compare": {...}) for the benchmark record.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_topo import Checks, TaskoffApp, Topology  # noqa: E402

SECONDS = 3
# the same af_packet rings for both forwarders; 4096 frames keep the kernel from
# overrunning them while the poller shares a CPU (the default 512 does not)
RING = "framecnt=4096"


def iperf(topo, nsA, nsB, dst):
    srv = topo.popen(nsB, ["timeout", "30", "iperf3", "-s", "-1", "-B", dst, "-J"],
                     stdout=subprocess.DEVNULL)
    for _ in range(50):
        if ":5201" in topo.run(nsB, ["ss", "-ltn"]).stdout:
            break
        time.sleep(0.1)
    res = topo.run(nsA, ["timeout", "30", "iperf3", "-c", dst, "-t", str(SECONDS), "-J"],
                   timeout=40, check=False)
    srv.wait(timeout=30)
    try:
        out = json.loads(res.stdout)
        end = out["end"]
        received = end["sum_received"]
    except (ValueError, KeyError):
        print("iperf3 rc %d: %s %s" % (res.returncode, res.stdout[-800:], res.stderr[-300:]))
        return None
    return {"gbit_s": round(received["bits_per_second"] / 1e9, 3),
            "bytes": received["bytes"],
            "retransmits": end["sum_sent"].get("retransmits", 0)}


def testpmd_run(topo, nsA, nsB, nsM, mA, mB):
    log = open(os.path.join(topo.tmp, "testpmd.log"), "w")
    # line-buffered, so its "Press enter to exit" (= forwarding) reaches the log at once
    p = topo.popen(nsM, ["timeout", "-s", "INT", "-k", "10", "90", "stdbuf", "-oL",
                         "dpdk-testpmd", "-l", "0-1", "--no-pci", "--no-huge", "-m", "1024",
                         "--file-prefix", "tko-e2e-pmd-%s" % topo.tag,
                         "--log-level", "lib.eal:warning",
                         "--vdev", "net_af_packet0,iface=%s,%s" % (mA, RING),
                         "--vdev", "net_af_packet1,iface=%s,%s" % (mB, RING), "--",
                         "--forward-mode=io", "--auto-start", "--total-num-mbufs", "16384"],
                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.PIPE)
    t0 = time.time()
    for _ in range(200):  # forwarding has started once testpmd asks for Enter
        with open(log.name) as f:
            if "Press enter to exit" in f.read():
                break
        time.sleep(0.1)
    print("testpmd forwarding after %.1f s" % (time.time() - t0))
    try:
        return iperf(topo, nsA, nsB, "10.99.5.2")
    finally:
        t0 = time.time()
        os.kill(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()
        print("testpmd exited %.1f s after SIGINT" % (time.time() - t0))


def taskoff_run(topo, nsA, nsB, nsM, mA, mB):
    app = TaskoffApp(topo, nsM,
                     ["net_af_packet0,iface=%s,%s" % (mA, RING), "net_taskoff0,lower=net_af_packet0",
                      "net_af_packet1,iface=%s,%s" % (mB, RING), "net_taskoff1,lower=net_af_packet1"],
                     ["--engine", "bridge", "--duration", "0", "--quiet", "1"],
                     os.path.join(topo.tmp, "taskoff.log"), os.path.join(topo.tmp, "sum.json"))
    app.wait_started()
    try:
        return iperf(topo, nsA, nsB, "10.99.5.2"), app
    finally:
        rc, s = app.stop()
        app.result = (rc, s)


def main():
    chk = Checks()
    topo = Topology("e")
    try:
        nsA, nsB, nsM = topo.netns("A"), topo.netns("B"), topo.netns("M")
        vA, vB, mA, mB = (topo.name(n) for n in ("vA", "vB", "mA", "mB"))
        topo.veth(nsA, vA, nsM, mA)
        topo.veth(nsB, vB, nsM, mB)
        topo.quiet_ipv6(nsM)
        for ns, dev, n in ((nsA, vA, 1), (nsB, vB, 2)):
            topo.kernel_sends_mtu_frames(ns, dev)
            topo.addr(ns, dev, "10.99.5.%d/24" % n)
        base = testpmd_run(topo, nsA, nsB, nsM, mA, mB)
        chk.expect(base is not None and base["bytes"] > 0,
                   "iperf3 through testpmd io forwarding: %s" % base)
        tko, app = taskoff_run(topo, nsA, nsB, nsM, mA, mB)
        chk.expect(tko is not None and tko["bytes"] > 0,
                   "iperf3 through the TaskOff bridge: %s" % tko)
        rc, s = app.result
        chk.expect(rc == 0 and s is not None and s["errors"] == 0, "bridge ended cleanly")
        if s is not None:
            x0 = s["ports"][0]["xstats"]
            chk.expect(x0["rsc_coalesced_pkts"] > 0, "TaskOff coalesced (%d SCUs)" %
                       x0["rsc_coalesced_pkts"])
        print(json.dumps({"iperf_compare": {"seconds": SECONDS, "testpmd_io": base,
                                            "taskoff_bridge": tko}}))
    finally:
        topo.close()
    chk.exit()


main()
