"""The taskoff application on the built-in peer pair (gen + check both ways).

Every case asserts exact relationships between what gen handed to a port,
what the port's offload counters say, and what check verified on the peer:
  - check's payload bytes == gen's payload bytes of the other port (after drain),
  - lso_segments == the TCP/NVGRE segments gen's packets make, uso_segments ==
    the UDP datagrams, and check received exactly that many wire segments
    (each SCU counted by its CoalescedSegCount) == the sender's wire frames,
  - rsc_coalesced_pkts == SCUs check saw, coalescing happened (ratio > 1),
  - every checksum flag GOOD, zero errors, zero drops, every mbuf back in its pool.
A fault-injection case proves the checker catches a corrupted payload byte;
verify_sample shows what --verify sample compares and that it says so.
usage: test_taskoff_run.py APP PMD [CASE...]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

APP, PMD = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from taskoff_plugin import eal_plugin_args  # noqa: E402
PLUGIN = eal_plugin_args(PMD)
failures = []


def fail(case, msg):
    failures.append("%s: %s" % (case, msg))


def run(case, app_args, eal=("-l", "0-1"), timeout=60):
    js = tempfile.NamedTemporaryFile(prefix="tko-app-", suffix=".json", delete=False).name
    argv = ["timeout", "-s", "KILL", str(timeout), APP, *eal, "--no-pci", "--no-huge",
            "-m", "512", "--file-prefix", "tko-app-%d-%s" % (os.getpid(), case), *PLUGIN,
            "--", "--summary-json", js, *app_args]
    res = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.abspath(__file__)))
    print("=== %s: %s\n%s" % (case, " ".join(argv), res.stdout))
    summary = None
    if os.path.getsize(js) > 0:
        with open(js) as f:
            summary = json.load(f)
    os.unlink(js)
    return res, summary


def assert_conservation(case, s):
    if s["rx_pool_in_use"] != 0 or s["gen_pool_in_use"] != 0:
        fail(case, "mbufs not back in the pools after stop: rx %d gen %d" % (
            s["rx_pool_in_use"], s["gen_pool_in_use"]))
    ports = s["ports"]
    if len(ports) not in (1, 2):
        fail(case, "%d ports in summary" % len(ports))
        return
    for i, tx in enumerate(ports):
        rx = ports[(i + 1) % len(ports)]  # the peer, or the loopback port itself
        gen, chk, txx, rxx = tx["gen"], rx["check"], tx["xstats"], rx["xstats"]
        where = "%s->%s" % (tx["name"], rx["name"])
        expect = [
            ("gen packets > 0", gen["packets"] > 0),
            ("payload bytes: check %d == gen %d" % (chk["payload_bytes"], gen["payload_bytes"]),
             chk["payload_bytes"] == gen["payload_bytes"]),
            ("lso_segments %d == gen TCP segments %d" % (txx["lso_segments"], gen["tcp_segments"]),
             txx["lso_segments"] == gen["tcp_segments"]),
            ("uso_segments %d == gen UDP segments %d" % (txx["uso_segments"], gen["udp_segments"]),
             txx["uso_segments"] == gen["udp_segments"]),
            ("UDP datagrams checked %d == USO segments %d" % (chk["udp_datagrams"],
                                                              txx["uso_segments"]),
             chk["udp_datagrams"] == txx["uso_segments"]),
            ("wire frames: tx %d == segments check counted %d == rx %d" % (
                txx["tx_packets"], chk["wire_segments"], rxx["rx_packets"]),
             txx["tx_packets"] == chk["wire_segments"] == rxx["rx_packets"]),
            ("tx frames %d == LSO + USO segments" % txx["tx_packets"],
             txx["tx_packets"] == txx["lso_segments"] + txx["uso_segments"]),
            ("rsc_coalesced_pkts %d == SCUs %d > 0" % (rxx["rsc_coalesced_pkts"], chk["scus"]),
             rxx["rsc_coalesced_pkts"] == chk["scus"] > 0),
            ("coalesce ratio > 1", chk["wire_segments"] > chk["packets"]),
            ("all checksums GOOD", chk["csum_good"] == chk["packets"]),
            ("zero check errors", chk["errors"] == 0),
            ("kind split", chk["tcp_payload_bytes"] + chk["udp_payload_bytes"]
             == chk["payload_bytes"]),
        ]
        for what, ok in expect:
            if not ok:
                fail(case, "%s: %s" % (where, what))
        drops = {k: v for k, v in list(txx.items()) + list(rxx.items()) if "drop" in k and v}
        if drops:
            fail(case, "%s: drops %s" % (where, drops))


def case_main_job():
    res, s = run("main", ["--duration", "3"])
    if res.returncode != 0:
        fail("main", "exit status %d" % res.returncode)
    live = re.findall(r"^\[\s*(\d+)s\] wire .* Gbit/s .* Mpps \| LSO segs \s*\d+ \| SCUs \s*\d+ ratio"
                      r" .* \| csum good \d+ bad 0 \| drops 0 \| errors 0$", res.stdout, re.M)
    if live != ["1", "2", "3"]:
        fail("main", "expected live lines for seconds 1..3 with zero errors, got %s" % live)
    if "check errors: 0" not in res.stdout:
        fail("main", "summary does not report zero check errors")
    if s is None or s["errors"] != 0:
        fail("main", "JSON summary missing or errors")
    else:
        assert_conservation("main", s)


def case_multiqueue_sw_csum():
    """Two queues per port (one worker serves both lanes); check recomputes every checksum."""
    res, s = run("mq", ["--duration", "2", "--queues", "2", "--sw-csum", "1", "--quiet", "1",
                        "--tcp-flows", "3", "--udp-flows", "3", "--nvgre-flows", "2"])
    if res.returncode != 0 or s is None:
        fail("mq", "exit status %d" % res.returncode)
        return
    for p in s["ports"]:
        if p["queues"] != 2:
            fail("mq", "%s has %d queues" % (p["name"], p["queues"]))
        if p["check"]["sw_csum_errors"] != 0:
            fail("mq", "software checksum errors")
    assert_conservation("mq", s)


def case_two_workers():
    """Three lcores (two workers, on this 2-CPU machine two of them share a CPU): one lane,
    i.e. one queue per port, per worker."""
    res, s = run("workers", ["--duration", "2", "--quiet", "1"],
                 eal=("--lcores", "0@0,1@1,2@1"))
    if res.returncode != 0 or s is None:
        fail("workers", "exit status %d" % res.returncode)
        return
    if "2 queue(s) each, 2 worker lcore(s)" not in res.stdout:
        fail("workers", "banner does not show 2 queues and 2 workers")
    assert_conservation("workers", s)


def case_jumbo():
    """MTU 9000: 60000-byte TCP packets (7 chained mbufs) cut into 8960-byte segments."""
    res, s = run("jumbo", ["--duration", "1", "--quiet", "1", "--mtu", "9000", "--mss", "9000",
                           "--tcp-size", "60000", "--udp-size", "30000", "--nvgre-size", "40000",
                           "--vxlan-size", "40000"])
    if res.returncode != 0 or s is None:
        fail("jumbo", "exit status %d" % res.returncode)
        return
    segs = re.findall(r"^  flow\s+\d+ \w+\s+IPv\d\s+\d+-byte packets, (\d+)-byte", res.stdout,
                      re.M)
    # VXLAN: 9000 - outer IPv4 20 / IPv6 40 - UDP 8 - VXLAN 8 - Ethernet 14 - inner IP - TCP 20
    if sorted(set(segs)) != ["8870", "8910", "8918", "8940", "8952", "8960", "8972"]:
        fail("jumbo", "segment sizes %s" % sorted(set(segs)))
    assert_conservation("jumbo", s)


def case_loopback():
    """One loopback port (EAL --vdev, no peer): it checks the frames it sends itself."""
    res, s = run("loopback", ["--duration", "1", "--quiet", "1"],
                 eal=("-l", "0-1", "--vdev", "net_taskoff0"))
    if res.returncode != 0 or s is None or len(s["ports"]) != 1:
        fail("loopback", "exit status %d" % res.returncode)
        return
    assert_conservation("loopback", s)


def case_config_and_flags():
    """Config file values apply, flags override them, bad lines are refused with FILE:LINE."""
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("[gen]\ntcp-flows = 1\nudp-flows = 1\nnvgre-flows = 1\nipv6-percent = 0\n"
                "tcp-size = 20000\nmss = 1000\nduration = 1\nvxlan-flows = 1\n"
                "vxlan-size = 12000\n")
        good = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("# fine\nmss = 1000\nno-such-key = 1\n")
        bad = f.name
    try:
        res, s = run("config", ["--config", good, "--udp-flows", "0", "--quiet", "1"])
        flows = re.findall(r"^  flow\s+\d+ (\w+)\s+IPv(\d)\s+(\d+)-byte packets, (\d+)-byte",
                           res.stdout, re.M)
        if flows != [("tcp", "4", "20000", "1000"), ("nvgre", "4", "16000", "1000"),
                     ("vxlan", "4", "12000", "1000")]:
            fail("config", "flows from config+flags: %s" % flows)
        if res.returncode != 0 or s is None:
            fail("config", "exit status %d" % res.returncode)
        else:
            assert_conservation("config", s)
            if s["ports"][0]["gen"]["udp_segments"] != 0:
                fail("config", "--udp-flows 0 did not override the file")
        res, _ = run("badconf", ["--config", bad])
        if res.returncode == 0 or "%s:3: bad line" % bad not in res.stderr:
            fail("badconf", "bad config accepted (rc %d) %s" % (res.returncode, res.stderr[-300:]))
        res, _ = run("badflag", ["--mss", "0"])
        if res.returncode == 0:
            fail("badflag", "--mss 0 accepted")
    finally:
        os.unlink(good)
        os.unlink(bad)


def case_checker_catches_corruption():
    res, s = run("fault", ["--duration", "1", "--fault-every", "500", "--quiet", "1"])
    if res.returncode == 0 or s is None:
        fail("fault", "corrupted run exited %d" % res.returncode)
        return
    for i, p in enumerate(s["ports"]):
        corrupted = s["ports"][1 - i]["gen"]["corrupted"]
        chk = p["check"]
        # an SCU may hold two corrupted segments: one error per delivered packet
        if corrupted == 0 or not 1 <= chk["payload_errors"] <= corrupted:
            fail("fault", "%s: %d corrupted, %d payload errors" % (p["name"], corrupted,
                                                                    chk["payload_errors"]))
        if chk["errors"] != chk["payload_errors"] or chk["csum_bad"] != 0:
            fail("fault", "%s: other errors %s" % (p["name"], chk))


def case_vxlan():
    """VXLAN flows only, the four kinds (outer IPv4/IPv6 x inner IPv4/IPv6, outer UDP checksum
    asked or not), every checksum recomputed by check too; then a corrupted byte is caught."""
    flows = ["--tcp-flows", "0", "--udp-flows", "0", "--nvgre-flows", "0", "--vxlan-flows", "4"]
    res, s = run("vxlan", ["--duration", "2", "--quiet", "1", "--sw-csum", "1", *flows])
    kinds = re.findall(r"^  flow\s+\d+ vxlan IPv(\d) .*, outer IPv(\d), outer UDP checksum "
                       r"(asked|not asked)$", res.stdout, re.M)
    if kinds != [("4", "4", "asked"), ("6", "6", "asked"), ("6", "4", "not asked"),
                 ("4", "6", "not asked")]:
        fail("vxlan", "flow kinds %s" % kinds)
    if res.returncode != 0 or s is None:
        fail("vxlan", "exit status %d" % res.returncode)
        return
    for p in s["ports"]:
        chk = p["check"]
        if chk["sw_csum_errors"] != 0 or chk["csum_unchecked"] != 0:
            fail("vxlan", "%s: checksums %s" % (p["name"], chk))
        if p["xstats"]["tunnel_lso_packets"] != p["gen"]["packets"]:
            fail("vxlan", "%s: tunnel_lso_packets %d != packets sent %d" % (
                p["name"], p["xstats"]["tunnel_lso_packets"], p["gen"]["packets"]))
    assert_conservation("vxlan", s)
    res, s = run("vxlan-fault", ["--duration", "1", "--quiet", "1", "--fault-every", "300",
                                 *flows])
    if res.returncode == 0 or s is None:
        fail("vxlan-fault", "corrupted run exited %d" % res.returncode)
        return
    for i, p in enumerate(s["ports"]):
        corrupted, chk = s["ports"][1 - i]["gen"]["corrupted"], p["check"]
        if corrupted == 0 or not 1 <= chk["payload_errors"] <= corrupted or \
                chk["errors"] != chk["payload_errors"]:
            fail("vxlan-fault", "%s: %d corrupted, check %s" % (p["name"], corrupted, chk))


def case_verify_sample():
    """--verify sample: payload bytes of a flow's stream packets 0, N, 2N... only (headers,
    sequence, checksum flags and RSC of all), named in the banner, the summary and the JSON.
    Guarantee: a corrupted byte is caught if and only if it lies in a sampled packet."""
    res, s = run("sample", ["--duration", "2", "--quiet", "1", "--verify", "sample"])
    mode = "verify sample: payload of 1 packet in 64 per flow, headers/sequence/checksum " \
           "flags/RSC of all"
    if res.stdout.count(mode) != 2 or "summary after" not in res.stdout.split(mode)[1]:
        fail("sample", "banner and summary do not both name the mode")
    if res.returncode != 0 or s is None:
        fail("sample", "exit status %d" % res.returncode)
        return
    if (s["verify"], s["sample_every"], s["errors"]) != ("sample", 64, 0):
        fail("sample", "JSON says %s" % {k: s[k] for k in ("verify", "sample_every", "errors")})
    for p in s["ports"]:
        chk = p["check"]
        if not 0 < chk["payload_bytes_verified"] < chk["payload_bytes"] / 16:
            fail("sample", "%s: %d of %d bytes compared" % (
                p["name"], chk["payload_bytes_verified"], chk["payload_bytes"]))
    assert_conservation("sample", s)
    # one TCP flow of 32000-byte packets; gen corrupts the first payload byte of stream packets
    # 2, 5, 8... (every 3rd); with N = 4 exactly those at k % 4 == 0 are caught: 8, 20, 32...
    one = ["--duration", "1", "--quiet", "1", "--tcp-flows", "1", "--udp-flows", "0",
           "--nvgre-flows", "0", "--vxlan-flows", "0", "--ipv6-percent", "0",
           "--fault-every", "3"]
    for verify in ("sample", "full"):
        case = "fault-" + verify
        res, s = run(case, one + ["--verify", verify, "--sample-every", "4"])
        if res.returncode == 0 or s is None:
            fail(case, "corrupted run exited %d" % res.returncode)
            continue
        if verify == "full" and "(gen-check, verify full: every payload byte)" not in res.stdout:
            fail(case, "summary does not name verify full")
        for i, p in enumerate(s["ports"]):
            gen, chk = s["ports"][1 - i]["gen"], p["check"]
            # "corrupted" also counts packets built but still pending at the end (not sent)
            sent = gen["packets"]
            corrupted = sent // 3
            want_err = (corrupted + 1) // 4 if verify == "sample" else corrupted
            want_bytes = -(-sent // 4) * 32000 if verify == "sample" else gen["payload_bytes"]
            if gen["corrupted"] < corrupted or corrupted < 4 or \
                    chk["payload_errors"] != want_err or \
                    chk["errors"] != want_err or chk["payload_bytes_verified"] != want_bytes:
                fail(case, "%s: %d sent, %d corrupted, want %d payload errors and %d bytes "
                     "compared, check %s" % (p["name"], sent, corrupted, want_err, want_bytes,
                                             chk))


cases = {"main": case_main_job, "mq": case_multiqueue_sw_csum, "workers": case_two_workers,
         "jumbo": case_jumbo, "loopback": case_loopback, "config": case_config_and_flags,
         "fault": case_checker_catches_corruption, "vxlan": case_vxlan,
         "verify_sample": case_verify_sample}
for name in sys.argv[3:] or list(cases):
    cases[name]()
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
