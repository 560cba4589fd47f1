#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Socket-level test of the TaskOff control server and of taskoffctl.

Starts ctl_test_server (two fake ports, see ctl_test_server.c) on a private
socket and drives it with raw JSON-RPC clients and with taskoffctl. Every
external process and every socket read is bounded by a timeout.

usage: test_ctl_socket.py CTL_TEST_SERVER TASKOFFCTL
"""
import json
import os
import resource
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback

SERVER, CLI = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="taskoff_ctl_")
SOCK = os.path.join(TMP, "ctl.sock")
NB_COUNTERS = None  # learnt from stats.get


class Client:
    """One raw JSON-RPC connection, one JSON object per line."""

    def __init__(self, path=SOCK, rcvbuf=None):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.connect(path)  # blocking: a full backlog waits instead of EAGAIN
        self.s.settimeout(5)
        self.buf = b""
        self.next_id = 1

    def send_raw(self, data):
        self.s.sendall(data)

    def send(self, method, params=None, rid=None):
        if rid is None:
            rid = self.next_id
            self.next_id += 1
        req = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            req["params"] = params
        self.send_raw((json.dumps(req) + "\n").encode())
        return rid

    def recv(self, timeout=5):
        """Next message, or None on EOF. Raises socket.timeout."""
        self.s.settimeout(timeout)
        while b"\n" not in self.buf:
            try:
                data = self.s.recv(65536)
            except ConnectionResetError:
                return None
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, method, params=None):
        rid = self.send(method, params)
        while True:
            msg = self.recv()
            assert msg is not None, "connection closed waiting for %s" % method
            if msg.get("id") == rid:
                return msg

    def result(self, method, params=None):
        msg = self.call(method, params)
        assert "result" in msg, "%s failed: %s" % (method, msg)
        return msg["result"]

    def error(self, method, params, status, code=None):
        msg = self.call(method, params)
        assert "error" in msg, "%s should fail with %s: %s" % (method, status, msg)
        err = msg["error"]
        assert err["data"]["status"] == status, err
        assert err["message"].startswith(status + ": "), err
        if code is not None:
            assert err["code"] == code, err
        return err

    def silent(self, timeout=0.3):
        """Assert nothing arrives within timeout."""
        try:
            msg = self.recv(timeout)
        except socket.timeout:
            return
        raise AssertionError("unexpected message %s" % msg)

    def close(self):
        self.s.close()


def ctl(*args, expect=0):
    """Run taskoffctl; returns (stdout, stderr)."""
    p = subprocess.run([CLI, "-s", SOCK] + list(args), capture_output=True, text=True,
                       timeout=15)
    assert p.returncode == expect, "taskoffctl %s: rc %d (want %d)\n%s%s" % (
        " ".join(args), p.returncode, expect, p.stdout, p.stderr)
    if expect != 0:
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("taskoffctl: error: "), p.stderr
    return p.stdout, p.stderr


def current(port):
    c = Client()
    try:
        return c.result("offload.current_config", {"port": port})
    finally:
        c.close()


def set_params(port, params):
    c = Client()
    try:
        return c.result("offload.set_parameters", {"port": port, "parameters": params})
    finally:
        c.close()


# ---------------------------------------------------------------- tests

def test_socket_mode():
    mode = stat.S_IMODE(os.stat(SOCK).st_mode)
    assert stat.S_ISSOCK(os.stat(SOCK).st_mode)
    assert mode == 0o660, oct(mode)  # the server ran with umask 0


def test_port_list():
    c = Client()
    assert c.result("port.list") == [{"name": "net_taskoff0", "port_id": 0},
                                     {"name": "net_taskoff1", "port_id": 1}]
    c.close()


def test_hardware_capabilities():
    c = Client()
    hw0 = c.result("offload.hardware_capabilities", {"port": "net_taskoff0"})
    assert hw0["LsoV1"]["IPv4"] == {"Encapsulation": 6, "MaxOffLoadSize": 65536,
                                    "MinSegmentCount": 2, "TcpOptions": 1, "IpOptions": 1}
    assert hw0["LsoV2"]["IPv6"]["MaxOffLoadSize"] == 262144
    assert hw0["Checksum"]["IPv4Transmit"]["IpChecksum"] == 1
    assert "IpChecksum" not in hw0["Checksum"]["IPv6Transmit"]
    assert hw0["Rsc"] == {"IPv4": {"Enabled": True}, "IPv6": {"Enabled": True}}
    assert hw0["EncapsulatedPacketTaskOffloadGre"]["MaxHeaderSizeSupported"] == 256
    assert hw0["UdpSegmentation"]["IPv4"]["SubMssFinalSegmentSupported"] == 1
    hw1 = c.result("offload.hardware_capabilities", {"port": 1})
    assert hw1["LsoV2"]["IPv6"]["Encapsulation"] == 0
    assert hw1["LsoV2"]["IPv4"]["MaxOffLoadSize"] == 65536
    assert hw1["Rsc"]["IPv4"]["Enabled"] is False
    assert hw1["UdpSegmentation"]["IPv6"]["Encapsulation"] == 0
    c.error("offload.hardware_capabilities", {"port": "net_nope"},
            "NDIS_STATUS_ADAPTER_NOT_FOUND", -32002)
    c.error("offload.hardware_capabilities", {"port": 9}, "NDIS_STATUS_ADAPTER_NOT_FOUND")
    c.error("offload.hardware_capabilities", {}, "NDIS_STATUS_INVALID_PARAMETER", -32602)
    c.close()


def test_current_config_and_set_parameters():
    c = Client()
    by_name = c.result("offload.current_config", {"port": "net_taskoff1"})
    assert by_name == c.result("offload.current_config", {"port": 1})
    assert by_name["LsoV2"]["IPv6"]["Encapsulation"] == 0
    r = c.result("offload.set_parameters", {"port": 0, "parameters": {"LsoV2IPv6": 1}})
    assert r["LsoV2"]["IPv6"] == {"Encapsulation": 0, "MaxOffLoadSize": 0, "MinSegmentCount": 0,
                                  "IpExtensionHeadersSupported": 0, "TcpOptionsSupported": 0}
    assert current(0) == r
    r = c.result("offload.set_parameters",
                 {"port": 0, "parameters": {"lsov2-ipv6": "on", "UDPIPv6Checksum": 3}})
    assert r["LsoV2"]["IPv6"]["MaxOffLoadSize"] == 262144
    assert r["Checksum"]["IPv6Transmit"]["UdpChecksum"] == 0
    assert r["Checksum"]["IPv6Receive"]["UdpChecksum"] == 1
    c.result("offload.set_parameters", {"port": 0, "parameters": {"UDPIPv6Checksum": 4}})
    c.close()


def test_set_parameters_refusals_change_nothing():
    c = Client()
    before0, before1 = current(0), current(1)
    err = c.error("offload.set_parameters", {"port": 1, "parameters": {"LsoV2IPv6": 2}},
                  "NDIS_STATUS_NOT_SUPPORTED", -32001)
    assert "LsoV2IPv6" in err["message"]
    err = c.error("offload.set_parameters", {"port": 0, "parameters": {"TCPIPv4Checksum": 3}},
                  "NDIS_STATUS_INVALID_PARAMETER", -32602)
    assert "LsoV1" in err["message"], err
    err = c.error("offload.set_parameters",
                  {"port": 0, "parameters": {"LsoV1": 1, "NoSuchField": 1}},
                  "NDIS_STATUS_INVALID_PARAMETER")
    assert "NoSuchField" in err["message"]
    c.error("offload.set_parameters", {"port": 0, "parameters": {"LsoV1": 9}},
            "NDIS_STATUS_INVALID_PARAMETER")
    c.error("offload.set_parameters", {"port": 0}, "NDIS_STATUS_INVALID_PARAMETER")
    c.error("offload.set_parameters", {"port": 0, "parameters": [1]},
            "NDIS_STATUS_INVALID_PARAMETER")
    assert current(0) == before0 and current(1) == before1
    c.close()


def test_set_encapsulation():
    c, sub = Client(), Client()
    sub.result("events.subscribe", {"port": 0})
    r = c.result("offload.set_encapsulation", {"port": 0, "EncapsulatedPacketTaskOffload": 2})
    assert r["EncapsulationTypes"] == 0
    assert set(r["EncapsulatedPacketTaskOffloadGre"].values()) == {0}
    # VXLAN off with the switch; the port (configuration, not an offload) is still reported
    assert r["EncapsulatedPacketTaskOffloadVxlan"] == {
        "TransmitChecksumOffloadSupported": 0, "ReceiveChecksumOffloadSupported": 0,
        "LsoV2Supported": 0, "RssSupported": 0, "VmqSupported": 0, "MaxHeaderSizeSupported": 0,
        "UsoSupported": 0, "VxlanUDPPortNumber": 4789, "VxlanUDPPortNumberConfigurable": 1}
    r = c.result("offload.set_encapsulation",
                 {"port": 0, "EncapsulatedPacketTaskOffload": 1, "EncapsulationTypes": 1})
    assert r["EncapsulationTypes"] == 1
    assert r["EncapsulatedPacketTaskOffloadGre"]["LsoV2Supported"] == 1
    assert r["EncapsulatedPacketTaskOffloadVxlan"]["LsoV2Supported"] == 0
    # VXLAN type (bit 0x2) and port in one request, then a CURRENT_CONFIG indication
    r = c.result("offload.set_encapsulation",
                 {"port": 0, "EncapsulationTypes": 3, "VxlanUDPPortNumber": 4790})
    assert r["EncapsulationTypes"] == 3
    assert r["EncapsulatedPacketTaskOffloadVxlan"] == {
        "TransmitChecksumOffloadSupported": 1, "ReceiveChecksumOffloadSupported": 1,
        "LsoV2Supported": 1, "RssSupported": 1, "VmqSupported": 1, "MaxHeaderSizeSupported": 256,
        "UsoSupported": 1, "VxlanUDPPortNumber": 4790, "VxlanUDPPortNumberConfigurable": 1}
    assert current(0) == r
    for want in (0, 1, 3):
        ev = sub.recv()
        assert ev["method"] == "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG", ev
        assert ev["params"]["offload"]["EncapsulationTypes"] == want, ev
    assert ev["params"]["offload"] == r
    # refusals: all or nothing, the field named, no indication
    before = current(0)
    err = c.error("offload.set_encapsulation",
                  {"port": 0, "EncapsulationTypes": 1, "VxlanUDPPortNumber": 65536},
                  "NDIS_STATUS_INVALID_PARAMETER", -32602)
    assert "VxlanUDPPortNumber: 65536 is out of range 1..65535" in err["message"], err
    err = c.error("offload.set_encapsulation", {"port": 0, "VxlanUDPPortNumber": "4791"},
                  "NDIS_STATUS_INVALID_PARAMETER")
    assert "VxlanUDPPortNumber: expected an integer" in err["message"], err
    c.error("offload.set_encapsulation", {"port": 0, "EncapsulationTypes": 4},
            "NDIS_STATUS_INVALID_PARAMETER")
    c.error("offload.set_encapsulation", {"port": 0, "LsoV1": 1},
            "NDIS_STATUS_INVALID_PARAMETER")
    # above the capabilities (port 1 has caps=no-vxlan)
    err = c.error("offload.set_encapsulation", {"port": 1, "EncapsulationTypes": 2},
                  "NDIS_STATUS_NOT_SUPPORTED", -32001)
    assert "EncapsulationTypes" in err["message"], err
    c.error("offload.set_encapsulation", {"port": 1, "VxlanUDPPortNumber": 4790},
            "NDIS_STATUS_NOT_SUPPORTED")
    hw1 = c.result("offload.hardware_capabilities", {"port": 1})
    assert hw1["EncapsulationTypes"] == 1
    assert set(hw1["EncapsulatedPacketTaskOffloadVxlan"].values()) == {0}
    assert current(0) == before
    sub.silent()
    r = c.result("offload.set_encapsulation", {"port": 0, "VxlanUDPPortNumber": 4789})
    assert r["EncapsulatedPacketTaskOffloadVxlan"]["VxlanUDPPortNumber"] == 4789
    sub.close()
    c.close()


def test_keywords():
    c = Client()
    kws = c.result("keyword.list", {"port": 0})
    assert len(kws) == 18
    assert kws[16]["keyword"] == "*EncapsulatedPacketTaskOffloadVxlan" and kws[16]["value"] == 1
    assert kws[17] == {"keyword": "*VxlanUDPPortNumber", "value": 4789, "min": 1, "max": 65535,
                       "default": 4789,
                       "values": "1..65535, the UDP destination port of VXLAN frames"}
    r = c.result("keyword.set", {"port": 0, "keyword": "*VxlanUDPPortNumber", "value": 8472})
    assert r["value"] == 8472
    assert current(0)["EncapsulatedPacketTaskOffloadVxlan"]["VxlanUDPPortNumber"] == 8472
    c.error("keyword.set", {"port": 0, "keyword": "*VxlanUDPPortNumber", "value": 0},
            "NDIS_STATUS_INVALID_PARAMETER")
    c.error("keyword.set", {"port": 1, "keyword": "*EncapsulatedPacketTaskOffloadVxlan",
                            "value": 1}, "NDIS_STATUS_NOT_SUPPORTED")
    c.result("keyword.set", {"port": 0, "keyword": "VxlanUDPPortNumber", "value": "4789"})
    assert kws[0] == {"keyword": "*IPChecksumOffloadIPv4", "value": 3, "min": 0, "max": 3,
                      "default": 3,
                      "values": "0 disabled, 1 Tx enabled, 2 Rx enabled, 3 Rx and Tx enabled"}
    assert c.result("keyword.get", {"port": 1, "keyword": "*LsoV2IPv6"})["value"] == 0
    assert c.result("keyword.get", {"port": 0, "keyword": "*TCPUDPChecksumOffloadIPv6"})[
        "value"] == 3
    r = c.result("keyword.set", {"port": 0, "keyword": "*UsoIPv4", "value": 0})
    assert r["value"] == 0
    assert current(0)["UdpSegmentation"]["IPv4"]["Encapsulation"] == 0
    r = c.result("keyword.set", {"port": 0, "keyword": "UsoIPv4", "value": "1"})
    assert r["value"] == 1
    c.error("keyword.set", {"port": 0, "keyword": "*UsoIPv4", "value": 5},
            "NDIS_STATUS_INVALID_PARAMETER")
    c.error("keyword.set", {"port": 0, "keyword": "*UsoIPv4", "value": "x"},
            "NDIS_STATUS_INVALID_PARAMETER")
    c.error("keyword.set", {"port": 1, "keyword": "*RscIPv4", "value": 1},
            "NDIS_STATUS_NOT_SUPPORTED")
    c.error("keyword.get", {"port": 0, "keyword": "*Bogus"}, "NDIS_STATUS_INVALID_PARAMETER")
    err = c.error("keyword.set", {"port": 0, "keyword": "*TCPChecksumOffloadIPv6", "value": 2},
                  "NDIS_STATUS_INVALID_PARAMETER")
    assert "LsoV2IPv6" in err["message"]
    c.close()


def test_stats():
    global NB_COUNTERS
    c = Client()
    for port, mult in ((0, 10), (1, 1000)):
        s = c.result("stats.get", {"port": port})
        assert s["port"] == "net_taskoff%d" % port and s["port_id"] == port
        names = list(s["counters"])
        NB_COUNTERS = len(names)
        assert NB_COUNTERS >= 10 and len(set(names)) == NB_COUNTERS
        for i, name in enumerate(names):  # queue q holds (i+1)*mult+q, two queues
            assert s["counters"][name] == 2 * (i + 1) * mult + 1, (name, s["counters"][name])
        cnt = s["counters"]
        assert s["RscStatistics"] == {"CoalescedPkts": cnt["rsc_coalesced_pkts"],
                                      "CoalescedOctets": cnt["rsc_coalesced_octets"],
                                      "CoalesceEvents": cnt["rsc_coalesce_events"],
                                      "Aborts": cnt["rsc_aborts"]}
    c.close()


KEY = "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa"


def test_rss_and_vmq():
    c = Client()
    r = c.result("rss.get", {"port": 0})
    assert r["key"] == "".join("%02x" % i for i in range(40)) and len(r["reta"]) == 128
    c.result("rss.set", {"port": 0, "key": KEY, "reta": [3, 1]})
    r = c.result("rss.get", {"port": 0})
    assert r["key"] == KEY and r["reta"][:4] == [3, 1, 3, 1]
    err = c.error("rss.set", {"port": 0, "key": "abcd"}, "NDIS_STATUS_INVALID_PARAMETER")
    assert "40 bytes" in err["message"]
    c.error("rss.get", {"port": 1}, "NDIS_STATUS_NOT_SUPPORTED")
    c.error("vmq.filter_add", {"port": 1, "mac": "02:00:00:00:00:01", "queue": 1},
            "NDIS_STATUS_NOT_SUPPORTED")
    c.result("vmq.filter_add", {"port": 0, "mac": "02:00:00:00:00:01", "vsid": 5001, "queue": 2})
    c.error("vmq.filter_add", {"port": 0, "mac": "02:00:00:00:00:01", "vsid": 5001, "queue": 2},
            "NDIS_STATUS_INVALID_PARAMETER")
    assert c.result("vmq.filter_list", {"port": 0}) == [
        {"id": 0, "mac": "02:00:00:00:00:01", "vlan": -1, "vsid": 5001, "queue": 2}]
    c.result("vmq.filter_remove", {"port": 0, "mac": "02:00:00:00:00:01", "vsid": 5001})
    assert c.result("vmq.filter_list", {"port": 0}) == []
    c.error("vmq.filter_remove", {"port": 0, "id": 3}, "NDIS_STATUS_INVALID_PARAMETER")
    c.close()


def test_protocol_errors():
    c = Client()
    c.error("no.such.method", {}, "NDIS_STATUS_INVALID_OID", -32601)
    c.error("port.list", [1, 2], "NDIS_STATUS_INVALID_PARAMETER", -32602)
    before = current(0)
    # malformed JSON: a set that would change LsoV1, cut short
    c.send_raw(b'{"jsonrpc":"2.0","id":77,"method":"offload.set_parameters",'
               b'"params":{"port":0,"parameters":{"LsoV1":1}}\n')
    m = c.recv()
    assert m["id"] is None and m["error"]["code"] == -32700, m
    assert m["error"]["data"]["status"] == "NDIS_STATUS_INVALID_DATA"
    c.send_raw(b'[1,2]\n')
    m = c.recv()
    assert m["error"]["code"] == -32600 and m["id"] is None, m
    c.send_raw(b'{"id":5,"method":"port.list"}\n')  # no "jsonrpc":"2.0"
    m = c.recv()
    assert m["error"]["code"] == -32600 and m["id"] == 5, m
    c.send_raw(b'\xff\xfe garbage\n')
    assert c.recv()["error"]["code"] == -32700
    assert current(0) == before
    # a JSON-RPC notification (no id) is executed but never answered
    c.send_raw(b'{"jsonrpc":"2.0","method":"offload.set_parameters",'
               b'"params":{"port":0,"parameters":{"UDPIPv4Checksum":2}}}\n')
    rid = c.send("port.list")
    assert c.recv()["id"] == rid
    assert current(0)["Checksum"]["IPv4Receive"]["UdpChecksum"] == 0
    set_params(0, {"UDPIPv4Checksum": 4})
    # the connection still works after all that
    assert len(c.result("port.list")) == 2
    c.close()


def test_oversized_line():
    c, other = Client(), Client()
    c.send_raw(b"x" * (70 * 1024) + b"\n")
    m = c.recv()
    assert m["error"]["data"]["status"] == "NDIS_STATUS_INVALID_LENGTH", m
    assert c.recv() is None, "connection should be closed after an oversized line"
    c.close()
    # a line of exactly 64 KiB is still accepted
    pad = " " * (65536 - len('{"jsonrpc":"2.0","id":1,"method":"port.list"}'))
    c = Client()
    c.send_raw(b'{"jsonrpc":"2.0","id":1,"method":"port.list"}' + pad.encode() + b"\n")
    assert c.recv()["id"] == 1
    assert len(other.result("port.list")) == 2
    c.close()
    other.close()


def test_two_clients_interleaved():
    a, b = Client(), Client()
    a.send_raw(b'{"jsonrpc":"2.0","id":1,"meth')  # a partial line must not block b
    assert len(b.result("port.list")) == 2
    a.send_raw(b'od":"port.list"}\n')
    assert a.recv()["id"] == 1
    rid_a = a.send("stats.get", {"port": 0})
    rid_b = b.send("stats.get", {"port": 1})
    assert b.recv()["id"] == rid_b and a.recv()["id"] == rid_a
    a.close()
    b.close()


def test_events():
    sub, sub1, setter = Client(), Client(), Client()
    r = sub.result("events.subscribe")
    assert r["subscribed"] is True
    sub1.result("events.subscribe", {"port": "net_taskoff1"})
    setter.result("offload.set_parameters", {"port": 0, "parameters": {"LsoV1": 1}})
    ev = sub.recv()
    assert ev["method"] == "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG" and "id" not in ev, ev
    assert ev["params"]["port"] == "net_taskoff0" and ev["params"]["port_id"] == 0
    assert ev["params"]["offload"] == current(0)
    assert ev["params"]["offload"]["LsoV1"]["IPv4"]["Encapsulation"] == 0
    sub1.silent()  # filtered on net_taskoff1
    # a refused request indicates nothing
    setter.error("offload.set_parameters", {"port": 0, "parameters": {"LsoV2IPv6": 7}},
                 "NDIS_STATUS_INVALID_PARAMETER")
    sub.silent()
    # keyword.set on port 1 reaches both subscribers
    setter.result("keyword.set", {"port": 1, "keyword": "*LsoV1IPv4", "value": 0})
    for s in (sub, sub1):
        ev = s.recv()
        assert ev["params"]["port"] == "net_taskoff1"
        assert ev["params"]["offload"]["LsoV1"]["IPv4"]["Encapsulation"] == 0
    # the setter itself, once subscribed, gets the response first, then the event
    setter.result("events.subscribe")
    rid = setter.send("offload.set_parameters", {"port": 0, "parameters": {"LsoV1": 2}})
    assert setter.recv()["id"] == rid
    assert setter.recv()["method"] == "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG"
    assert sub.recv()["params"]["offload"]["LsoV1"]["IPv4"]["Encapsulation"] == 6
    # hot-plugged port: hardware capabilities indication
    server.send_signal(signal.SIGUSR1)
    ev = sub.recv()
    assert ev["method"] == "NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES", ev
    assert ev["params"]["port"] == "net_taskoff2" and ev["params"]["port_id"] == 2
    assert ev["params"]["offload"]["EncapsulationTypes"] == 2  # caps=no-nvgre: VXLAN only
    assert ev["params"]["offload"]["LsoV2"]["IPv4"]["MaxOffLoadSize"] == 262144
    assert len(setter.result("port.list")) == 3
    sub1.silent()
    sub.result("events.unsubscribe")
    setter.result("keyword.set", {"port": 1, "keyword": "*LsoV1IPv4", "value": 1})
    sub.silent()
    for s in (sub, sub1, setter):
        s.close()


def test_slow_subscriber_is_dropped_not_waited_for():
    slow = Client(rcvbuf=4096)
    slow.result("events.subscribe")  # and then never reads
    fast = Client()
    worst = 0.0
    event_size = len(json.dumps(
        {"jsonrpc": "2.0", "method": "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG",
         "params": {"port": "net_taskoff0", "port_id": 0, "offload": current(0)}},
        separators=(",", ":"))) + 1
    for i in range(2000):
        t = time.monotonic()
        fast.result("offload.set_parameters",
                    {"port": 0, "parameters": {"UdpSegmentationOffloadIPv6": 1 + i % 2}})
        worst = max(worst, time.monotonic() - t)
    assert worst < 2.0, "a request took %.2fs while a subscriber was stuck" % worst
    # the server must have given up on the slow one: draining reaches EOF
    deadline = time.monotonic() + 20
    got = 0
    while True:
        assert time.monotonic() < deadline, "slow subscriber never disconnected"
        try:
            data = slow.s.recv(1 << 20)
        except ConnectionResetError:
            break
        if not data:
            break
        got += len(data)
    # it got at most its 256 KiB output buffer plus what the kernel buffered
    assert 2000 * event_size > 2 * 1024 * 1024
    assert got < 1024 * 1024, "slow subscriber was not cut off: %d bytes" % got
    assert fast.result("offload.current_config", {"port": 0})
    set_params(0, {"UdpSegmentationOffloadIPv6": 2})
    slow.close()
    fast.close()


def test_connection_cap():
    time.sleep(0.3)  # let the server reap the connections closed so far
    conns = [Client() for _ in range(256)]
    for c in conns[::51] + [conns[-1]]:
        assert len(c.result("port.list")) == 3
    extra = Client()
    m = extra.recv()
    assert m["error"]["data"]["status"] == "NDIS_STATUS_RESOURCES", m
    assert extra.recv() is None
    extra.close()
    for c in conns:
        c.close()
    time.sleep(0.3)
    c = Client()
    assert len(c.result("port.list")) == 3
    c.close()


def test_telemetry():
    sock = os.path.join(RUNTIME_DIR, "dpdk_telemetry.v2")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(5)
    s.connect(sock)
    json.loads(s.recv(4096))

    def tel(cmd):
        s.send(cmd.encode())
        return json.loads(s.recv(1 << 16))[cmd.split(",")[0]]

    assert tel("/taskoff/ports") == {"net_taskoff0": 0, "net_taskoff1": 1, "net_taskoff2": 2}
    assert tel("/taskoff/caps,1")["LsoV2/IPv4/MaxOffLoadSize"] == 65536
    assert tel("/taskoff/config,net_taskoff0")["LsoV1/IPv4/MaxOffLoadSize"] == 65536
    st = tel("/taskoff/stats,0")
    assert st["rx_packets"] == 21 and st["RscStatistics/Aborts"] == st["rsc_aborts"]
    assert tel("/taskoff/caps,nope") is None
    s.close()


def test_taskoffctl():
    out, _ = ctl("ports")
    assert "net_taskoff0" in out and "net_taskoff1" in out
    out, _ = ctl("--json", "ports")
    assert json.loads(out)[0] == {"name": "net_taskoff0", "port_id": 0}
    out, _ = ctl("caps", "1", "--hardware", "--json")
    c = Client()
    assert json.loads(out) == c.result("offload.hardware_capabilities", {"port": 1})
    out, _ = ctl("caps", "net_taskoff0")
    assert "MaxOffLoadSize:" in out and "0x6 (IEEE_802_3|IEEE_802_3_P_AND_Q)" in out
    out, _ = ctl("show", "1")
    lines = {l.split()[0]: l for l in out.splitlines()[1:]}
    assert lines["rsc-ipv4"].split()[2:] == ["off", "[fixed]"], lines["rsc-ipv4"]
    assert lines["lsov2-ipv4"].split()[2] == "on" and "65536" in lines["lsov2-ipv4"]
    out, _ = ctl("set", "0", "lsov2-ipv6=off", "UDPIPv6Checksum=3")
    lines = {l.split()[0]: l for l in out.splitlines()[1:]}
    assert lines["lsov2-ipv6"].split()[2] == "off", out
    assert "tx: off" in lines["udp6-csum"] and "rx: on" in lines["udp6-csum"]
    assert current(0)["LsoV2"]["IPv6"]["Encapsulation"] == 0
    ctl("set", "0", "lsov2-ipv6=on", "UDPIPv6Checksum=4")
    # VXLAN rows like NVGRE's, set by alias or NDIS name, the port as a number
    out, _ = ctl("show", "0")
    lines = {l.split()[0]: l.split() for l in out.splitlines()[1:]}
    assert lines["vxlan"][1:] == ["EncapsulationTypeVxlan", "on"], lines["vxlan"]
    assert lines["vxlan-port"][1:] == ["VxlanUDPPortNumber", "4789"], lines["vxlan-port"]
    for row in ("vxlan-tx-csum", "vxlan-rx-csum", "vxlan-lso", "vxlan-uso", "vxlan-rss",
                "vxlan-vmq"):
        assert lines[row][1:] == ["-", "on"], lines[row]
    assert "(types 0x3 NVGRE VXLAN)" in " ".join(lines["encap"]), lines["encap"]
    out, _ = ctl("set", "0", "vxlan=off", "vxlan-port=4790")
    lines = {l.split()[0]: l.split() for l in out.splitlines()[1:]}
    assert lines["vxlan"][2:] == ["off"] and lines["vxlan-port"][2:] == ["4790"], out
    assert lines["vxlan-lso"][2:] == ["off"] and lines["nvgre-lso"][2:] == ["on"], out
    cur = current(0)
    assert cur["EncapsulationTypes"] == 1
    assert cur["EncapsulatedPacketTaskOffloadVxlan"]["VxlanUDPPortNumber"] == 4790
    out, _ = ctl("--json", "set", "0", "EncapsulationTypeVxlan=on", "VxlanUDPPortNumber=4789")
    j = json.loads(out)
    assert set(j) == {"current", "hardware"}
    assert j["current"]["EncapsulatedPacketTaskOffloadVxlan"]["LsoV2Supported"] == 1
    assert j["current"]["EncapsulatedPacketTaskOffloadVxlan"]["VxlanUDPPortNumber"] == 4789
    assert j["hardware"]["EncapsulatedPacketTaskOffloadVxlan"]["VxlanUDPPortNumberConfigurable"] == 1
    _, err = ctl("set", "0", "vxlan-port=0", expect=1)
    assert "NDIS_STATUS_INVALID_PARAMETER" in err and "VxlanUDPPortNumber" in err, err
    _, err = ctl("set", "1", "vxlan=on", expect=1)
    assert "NDIS_STATUS_NOT_SUPPORTED" in err, err
    out, _ = ctl("show", "1")
    lines = {l.split()[0]: l.split() for l in out.splitlines()[1:]}
    assert lines["vxlan"][2:] == ["off", "[fixed]"], lines["vxlan"]
    assert lines["vxlan-port"][2:] == ["-", "[fixed]"], lines["vxlan-port"]
    out, _ = ctl("caps", "0", "--hardware")
    assert "EncapsulatedPacketTaskOffloadVxlan:" in out and "VxlanUDPPortNumber:" in out, out
    assert "0x3 (GRE_MAC|VXLAN)" in out, out
    _, err = ctl("set", "1", "LsoV2IPv6=2", expect=1)
    assert "NDIS_STATUS_NOT_SUPPORTED" in err
    _, err = ctl("set", "0", "TCPIPv4Checksum=3", expect=1)
    assert "NDIS_STATUS_INVALID_PARAMETER" in err and "LsoV1" in err
    ctl("set", "0", "garbage", expect=1)
    out, _ = ctl("keyword", "0")
    assert len(out.splitlines()) == 18 and "*UsoIPv6" in out and "*VxlanUDPPortNumber" in out
    out, _ = ctl("keyword", "0", "*UsoIPv6=0")
    assert out.split()[:2] == ["*UsoIPv6", "0"]
    out, _ = ctl("keyword", "0", "UsoIPv6")
    assert out.split()[:2] == ["*UsoIPv6", "0"]
    ctl("keyword", "0", "*UsoIPv6=1")
    _, err = ctl("keyword", "0", "*UsoIPv6=4", expect=1)
    assert "NDIS_STATUS_INVALID_PARAMETER" in err
    out, _ = ctl("stats", "0")
    assert "rsc_coalesced_pkts" in out and "CoalescedPkts" in out
    out, _ = ctl("--json", "stats", "1")
    assert json.loads(out)["counters"]["rx_packets"] == 2001
    # watch: one event, then exit
    w = subprocess.Popen([CLI, "-s", SOCK, "watch", "net_taskoff0", "--count", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while w.poll() is None and time.monotonic() < deadline:
            set_params(0, {"RscIPv6": 2})  # until watch has subscribed and seen one
            time.sleep(0.1)
        out, err = w.communicate(timeout=10)
    finally:
        if w.poll() is None:
            w.kill()
            w.wait(timeout=5)
    assert w.returncode == 0, err
    assert "NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG net_taskoff0" in out and "rsc-ipv6=on" in out
    out, _ = ctl("rss", "0", "key", KEY)
    out, _ = ctl("--json", "rss", "0")
    assert json.loads(out)["key"] == KEY
    ctl("rss", "0", "reta", "0", "1", "2")
    assert c.result("rss.get", {"port": 0})["reta"][:6] == [0, 1, 2, 0, 1, 2]
    _, err = ctl("rss", "0", "reta", "9", expect=1)
    assert "NDIS_STATUS_INVALID_PARAMETER" in err
    _, err = ctl("rss", "1", expect=1)
    assert "NDIS_STATUS_NOT_SUPPORTED" in err
    ctl("vmq", "0", "add", "02:00:00:00:00:09", "vlan", "10", "queue", "3")
    out, _ = ctl("--json", "vmq", "0", "list")
    assert json.loads(out) == [{"id": 0, "mac": "02:00:00:00:00:09", "vlan": 10, "vsid": -1,
                                "queue": 3}]
    ctl("vmq", "0", "remove", "id", "0")
    ctl("vmq", "0", "add", "02:00:00:00:00:09", expect=1)  # no queue
    ctl("vmq", "0", "remove", "id", "0", expect=1)
    for cmd in ("ports", "caps", "show", "set", "keyword", "stats", "watch", "rss", "vmq"):
        out, _ = ctl(cmd, "--help")
        assert out.startswith("usage: taskoffctl " + cmd), out
    out, _ = ctl("--help")
    assert "commands" in out
    ctl("nosuchcommand", expect=1)
    ctl("show", expect=1)
    ctl("caps", "0", "--bogus", expect=1)
    ctl("show", "net_nope", expect=1)
    p = subprocess.run([CLI, "-s", os.path.join(TMP, "nothing.sock"), "ports"],
                       capture_output=True, text=True, timeout=15)
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and "cannot connect" in p.stderr
    c.close()


def test_default_socket_in_runtime_dir():
    """Server started without a path; taskoffctl finds it from --file-prefix."""
    proc, runtime = start_server("-")
    try:
        path = os.path.join(runtime, "taskoff.sock")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o660
        p = subprocess.run([CLI, "--file-prefix", os.path.basename(runtime), "ports"],
                           capture_output=True, text=True, timeout=15)
        assert p.returncode == 0 and "net_taskoff1" in p.stdout, p.stdout + p.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert not os.path.exists(path)


# ------------------------------------------------ socket hardening (issue 11)

def taken_lines(log, path):
    """The log lines that say why the server runs without a socket at path."""
    return [l for l in log.splitlines() if path in l and "without a control socket" in l]


def test_squatter_with_full_backlog_is_not_taken():
    """A listener that accepts nothing: the probe must not block, the path stays its."""
    path = os.path.join(TMP, "squat.sock")
    squatter = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    squatter.bind(path)
    squatter.listen(0)
    fillers = []
    try:
        while True:  # fill the backlog: the next connect would block
            assert len(fillers) < 64, "backlog never filled"
            f = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            f.setblocking(False)
            try:
                f.connect(path)
            except BlockingIOError:
                f.close()
                break
            fillers.append(f)
        ino = os.lstat(path).st_ino
        srv = Server(path)
        assert srv.wait_ready(30), "server hung probing a squatter with a full backlog"
        assert os.lstat(path).st_ino == ino, "the squatter's socket was replaced"
        rc, log = srv.stop()
        assert rc == 0, log
        assert len(taken_lines(log, path)) == 1, log
        assert os.lstat(path).st_ino == ino, "stop removed a socket that is not ours"
    finally:
        for f in fillers:
            f.close()
        squatter.close()
        os.unlink(path)


def test_live_path_is_never_taken():
    """A second server on the path of a running one: no socket, one log line."""
    ino = os.lstat(SOCK).st_ino
    srv = Server(SOCK)
    try:
        assert srv.wait_ready(30), "second server did not come up without a socket"
        assert os.lstat(SOCK).st_ino == ino
        c = Client()
        assert len(c.result("port.list")) == 3  # the first one: it has the hot-plugged port
        c.close()
    finally:
        rc, log = srv.stop()
    assert rc == 0, log
    lines = taken_lines(log, SOCK)
    assert len(lines) == 1 and "in use by a live control server" in lines[0], log
    assert os.lstat(SOCK).st_ino == ino, "the second server removed the first one's socket"
    c = Client()
    assert len(c.result("port.list")) == 3
    c.close()


def test_symlink_path_is_left_alone():
    target = os.path.join(TMP, "precious")
    with open(target, "w") as f:
        f.write("keep me\n")
    os.chmod(target, 0o600)
    link = os.path.join(TMP, "link.sock")
    os.symlink(target, link)
    try:
        srv = Server(link)
        up = srv.wait_ready(30)
        rc, log = srv.stop()
        assert up and rc == 0, "the port must come up without a socket: %s" % log
        lines = taken_lines(log, link)
        assert len(lines) == 1 and "is not a socket" in lines[0], log
        assert os.path.islink(link) and os.readlink(link) == target
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        with open(target) as f:
            assert f.read() == "keep me\n"
        assert not [n for n in os.listdir(TMP) if n.startswith(".taskoff-")]
    finally:
        os.unlink(link)
        os.unlink(target)


def test_stale_socket_replaced_and_only_ours_removed():
    path = os.path.join(TMP, "stale.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # nobody listens: connect gets ECONNREFUSED
    stale.close()
    srv = Server(path)
    try:
        assert srv.wait_ready(30), "server did not take over a stale socket"
        assert stat.S_IMODE(os.lstat(path).st_mode) == 0o660
        c = Client(path)
        assert len(c.result("port.list")) == 2
        c.close()
        # someone else's socket now has the name: stop must leave it
        other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        other.bind(path + ".new")
        os.rename(path + ".new", path)
        ino = os.lstat(path).st_ino
    finally:
        rc, log = srv.stop()
    assert rc == 0, log
    assert os.path.exists(path) and os.lstat(path).st_ino == ino, "stop removed a foreign socket"
    other.close()
    os.unlink(path)


def test_idle_connections_are_reclaimed():
    path = os.path.join(TMP, "idle.sock")
    timeout = 2.0
    srv = Server(path, env={"TASKOFF_CTL_IDLE_TIMEOUT": str(timeout)})
    idle = []
    try:
        assert srv.wait_ready(30), "server did not start: %s" % srv.log
        idle = [Client(path) for _ in range(300)]  # silent; the last 44 are over the cap
        t0 = time.monotonic()
        served = None
        while served is None and time.monotonic() < t0 + timeout + 8:
            c = Client(path)
            c.send("port.list")
            m = c.recv(5)
            c.close()
            if m is not None and "result" in m:
                served = time.monotonic() - t0
                break
            assert m is None or m["error"]["data"]["status"] == "NDIS_STATUS_RESOURCES", m
            time.sleep(0.2)
        assert served is not None, "256 idle connections locked a new client out"
        assert idle[0].recv(5) is None, "an idle connection was not closed"
    finally:
        for c in idle:
            c.close()
        rc, log = srv.stop()
    assert rc == 0, log


def test_pipelining_client_does_not_starve_another():
    """B's one request is served while A's pipelined backlog is still being served.

    Ordering, not wall clock: A pipelines n reads of a keyword, B sets it once
    after all of A's requests are queued. The replies A gets show where B's
    request ran among A's: before the end of A's backlog, or A starved B.
    """
    n = 40000
    a = Client()
    try:  # root: queue all of A's requests in the kernel at once
        a.s.setsockopt(socket.SOL_SOCKET, 32, 64 << 20)  # SO_SNDBUFFORCE
    except OSError:
        a.s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 << 20)
    chunks = []

    def read_a():
        a.s.settimeout(60)
        seen = 0
        while seen < n:
            try:
                data = a.s.recv(1 << 20)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)
            seen += data.count(b"\n")

    reader = threading.Thread(target=read_a)
    reader.start()
    get = {"jsonrpc": "2.0", "id": 1, "method": "keyword.get",
           "params": {"port": 0, "keyword": "*UsoIPv6"}}
    b = Client()
    try:
        a.s.settimeout(60)
        a.send_raw((json.dumps(get) + "\n").encode() * n)
        rid = b.send("keyword.set", {"port": 0, "keyword": "*UsoIPv6", "value": 0})
        m = b.recv(60)
        assert m is not None and m.get("id") == rid and "result" in m, m
        reader.join(90)
        values = [json.loads(l)["result"]["value"]
                  for l in b"".join(chunks).splitlines()]
        assert len(values) == n, "the pipelining client lost replies: %d of %d" % (len(values), n)
        first_after_b = values.index(0) if 0 in values else n
        assert first_after_b < n, "B's request waited until A's %d requests were all served" % n
        print("     B's request ran after %d of A's %d" % (first_after_b, n))
        assert values[first_after_b:] == [0] * (n - first_after_b)
    finally:
        b.close()
        a.close()
        reader.join(10)
        set_params(0, {"UdpSegmentationOffloadIPv6": 2})


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, every thread


def test_out_of_descriptors_no_spin_and_refusal():
    path = os.path.join(TMP, "emfile.sock")
    srv = Server(path)
    clients = []
    try:
        assert srv.wait_ready(30), "server did not start: %s" % srv.log
        pid = srv.proc.pid
        limits = resource.prlimit(pid, resource.RLIMIT_NOFILE)
        top = max(int(fd) for fd in os.listdir("/proc/%d/fd" % pid))
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (top + 1, limits[1]))
        # more clients than free descriptors (the first ones fill holes in the table)
        clients = [Client(path) for _ in range(32)]
        hz = os.sysconf("SC_CLK_TCK")
        t0, c0 = time.monotonic(), cpu_ticks(pid)
        time.sleep(2)
        used = (cpu_ticks(pid) - c0) / hz / (time.monotonic() - t0)
        assert used < 0.25, "server burns %.0f%% CPU while out of descriptors" % (used * 100)
        served = refused = 0
        for c in clients:
            try:
                c.send("port.list")
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused and closed before the request: the reason is already here
            try:
                m = c.recv(5)
            except socket.timeout:
                raise AssertionError("a client got no answer (%d served, %d refused before)"
                                     % (served, refused))
            if m is not None and "result" in m:
                served += 1
                continue
            assert m is None or (
                "too many clients" in m["error"]["message"] and
                m["error"]["data"]["status"] == "NDIS_STATUS_RESOURCES"), m
            refused += 1
        assert refused > 0, "the descriptor limit never bit"
        for c in clients:
            c.close()
        clients = []
        resource.prlimit(pid, resource.RLIMIT_NOFILE, limits)
        time.sleep(0.2)
        c = Client(path)
        assert len(c.result("port.list")) == 2
        c.close()
    finally:
        for c in clients:
            c.close()
        rc, log = srv.stop()
    assert rc == 0, log


def test_utf8_method_names_are_answered():
    """Error messages are cut at 255 bytes: never in the middle of a character."""
    c = Client()
    for name in ("é" * 120, "a" + "é" * 120, "€" * 90, "x€" * 60, "😀" * 70):
        for ascii_only in (True, False):
            req = json.dumps({"jsonrpc": "2.0", "id": 7, "method": name},
                             ensure_ascii=ascii_only)
            c.send_raw(req.encode() + b"\n")
            try:
                m = c.recv(5)
            except socket.timeout:
                raise AssertionError("no reply to a method name of %d bytes" %
                                     len(name.encode()))
            assert m["id"] == 7 and m["error"]["data"]["status"] == "NDIS_STATUS_INVALID_OID", m
            detail = m["error"]["data"]["detail"]
            assert detail.startswith("unknown method '" + name[:40]), detail
            assert 250 <= len(detail.encode()) <= 255, len(detail.encode())
            assert name.startswith(detail[len("unknown method '"):]), detail
    assert len(c.result("port.list")) == 3
    c.close()


def test_keyword_file_errors_are_logged_with_file_and_line():
    conf = os.path.join(TMP, "kw.conf")
    with open(conf, "w") as f:
        f.write("[default]\n"          # 1
                "*UsoIPv4 = 0\n"       # 2
                "[net_taskoff0\n"      # 3
                "*RscIPv6 = 0\n"       # 4
                "[default]\n"          # 5
                "*UsoIPv4 = 1\n")      # 6
    srv = Server(os.path.join(TMP, "kw.sock"), conf=conf)
    try:
        assert srv.wait_ready(30), "server did not start: %s" % srv.log
        c = Client(os.path.join(TMP, "kw.sock"))
        cfg = c.result("offload.current_config", {"port": 0})
        assert cfg["UdpSegmentation"]["IPv4"]["Encapsulation"] != 0, "line 6 should win"
        assert cfg["Rsc"]["IPv6"]["Enabled"] is True, "line 4 should be ignored"
        c.close()
    finally:
        rc, log = srv.stop()
    assert rc == 0, log
    for want in ("%s:3: malformed section header" % conf,
                 "%s:4: in the section whose header at line 3 is malformed" % conf,
                 "%s:2: duplicate keyword *UsoIPv4, overridden by %s:6" % (conf, conf)):
        assert [l for l in log.splitlines() if want in l], "%r not logged:\n%s" % (want, log)
    os.unlink(conf)


def test_taskoffctl_rejects_bad_timeouts():
    for bad in ("-1", "0", "abc", "nan", "1e9"):
        _, err = ctl("-t", bad, "ports", expect=1)
        assert "timeout" in err, err
    out, _ = ctl("-t", "2.5", "ports")
    assert "net_taskoff0" in out


TESTS = [test_socket_mode, test_port_list, test_hardware_capabilities,
         test_current_config_and_set_parameters, test_set_parameters_refusals_change_nothing,
         test_set_encapsulation, test_keywords, test_stats, test_rss_and_vmq,
         test_protocol_errors, test_oversized_line, test_two_clients_interleaved, test_events,
         test_slow_subscriber_is_dropped_not_waited_for, test_connection_cap, test_telemetry,
         test_taskoffctl, test_default_socket_in_runtime_dir,
         test_squatter_with_full_backlog_is_not_taken, test_live_path_is_never_taken,
         test_symlink_path_is_left_alone, test_stale_socket_replaced_and_only_ours_removed,
         test_idle_connections_are_reclaimed, test_pipelining_client_does_not_starve_another,
         test_out_of_descriptors_no_spin_and_refusal, test_utf8_method_names_are_answered,
         test_keyword_file_errors_are_logged_with_file_and_line,
         test_taskoffctl_rejects_bad_timeouts]


class Server:
    """A ctl_test_server; its log (stdout and stderr) is collected."""

    def __init__(self, path, env=None, conf=None):
        old = os.umask(0)  # the socket must still come out 0660
        try:
            self.proc = subprocess.Popen(
                [SERVER, path] + ([conf] if conf else []), stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
        finally:
            os.umask(old)
        self.out = b""  # raw reads: select() cannot see what a buffered reader holds
        self.runtime = None

    @property
    def log(self):
        return self.out.decode("utf-8", "replace")

    def wait_ready(self, timeout):
        """Whether READY came within timeout (the log before it is kept)."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            for line in self.out.split(b"\n")[:-1]:
                if line.startswith(b"READY "):
                    self.runtime = line.split()[1].decode()
                    return True
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return False
            data = os.read(fd, 65536)
            if not data:
                return False
            self.out += data

    def stop(self):
        """SIGTERM (SIGKILL after 20 s); (exit status, whole log)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            rc = "killed"
        self.out += self.proc.stdout.read()
        self.proc.stdout.close()
        return rc, self.log


def start_server(path=SOCK):
    srv = Server(path)
    if not srv.wait_ready(30):
        srv.stop()
        raise SystemExit("server did not start: %s" % srv.log)
    return srv.proc, srv.runtime


def main():
    global server, RUNTIME_DIR
    server, RUNTIME_DIR = start_server()
    failed = 0
    only = os.environ.get("CTL_SOCKET_TESTS")  # comma-separated names, for debugging
    tests = [t for t in TESTS if not only or t.__name__ in only.split(",")]
    try:
        for t in tests:
            try:
                t()
                print("ok   %s" % t.__name__)
            except Exception:
                failed += 1
                print("FAIL %s" % t.__name__)
                traceback.print_exc()
            sys.stdout.flush()
            assert server.poll() is None, "server died"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            rc = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            rc = "killed"
        if rc != 0:
            failed += 1
            print("FAIL server exit status %s: %s" % (rc, server.stdout.read()[-2000:].decode()))
        if os.path.exists(SOCK):
            failed += 1
            print("FAIL socket file left behind")
    shutil.rmtree(TMP, ignore_errors=True)
    print("%d of %d failed" % (failed, len(tests)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
