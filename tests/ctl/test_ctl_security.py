"""Control socket security on a real TaskOff port inside stock dpdk-testpmd.

The socket is 0660 whatever the umask, owned by the process user; another
unprivileged user cannot connect; hostile input (deep nesting, invalid UTF-8,
thousands of connections, half-closed connections) never crashes or blocks the
server, and the datapath keeps forwarding throughout. A second process whose
port names the same socket path comes up without a socket and takes nothing.
Usage: test_ctl_security.py TASKOFFCTL
"""
import json
import os
import pwd
import resource
import socket
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pmd"))
from testpmd_driver import Testpmd  # noqa: E402

TASKOFFCTL = sys.argv[1]
FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


def connect(path, timeout=5):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def request(path, payload, timeout=5):
    s = connect(path, timeout)
    s.sendall(payload)
    data = b""
    try:
        while b"\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    return data


def port_list_ok(path):
    reply = request(path, b'{"jsonrpc":"2.0","id":9,"method":"port.list"}\n')
    return json.loads(reply.split(b"\n")[0]).get("id") == 9


def other_user_cannot_connect(path):
    user = "tkotest%d" % (os.getpid() % 100000)
    subprocess.run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", user], check=True,
                   capture_output=True)
    try:
        uid = pwd.getpwnam(user).pw_uid
        code = ("import socket,sys\n"
                "s=socket.socket(socket.AF_UNIX)\n"
                "try:\n s.connect(sys.argv[1]); print('CONNECTED')\n"
                "except PermissionError: print('DENIED')\n"
                "except OSError as e: print('DENIED', e)\n")
        res = subprocess.run(["timeout", "10", "setpriv", "--reuid=%d" % uid, "--regid=65534",
                              "--clear-groups", "/usr/bin/python3", "-c", code, path],
                             capture_output=True, text=True)
        return res.stdout.strip(), uid
    finally:
        subprocess.run(["userdel", user], capture_output=True)


def second_process_on_the_same_path(path):
    """A second process whose port asks for the live socket path: the port comes
    up without a control socket, one log line says so, the first keeps serving."""
    ino = os.lstat(path).st_ino
    tp2 = Testpmd(["net_taskoff0,ctl=%s" % path])
    try:
        out = tp2.cmd("show port summary all")
        check("net_taskoff0" in out, "second process: its port came up without a socket")
        lines = [l for l in tp2.log().splitlines()
                 if path in l and "without a control socket" in l]
        check(len(lines) == 1, "second process: one log line says why (%d)" % len(lines))
        check(os.lstat(path).st_ino == ino, "the live socket was not taken")
        check(port_list_ok(path), "the first process still answers")
    finally:
        rc, _ = tp2.quit()
    check(rc == 0, "second process quit cleanly")
    check(os.path.exists(path) and os.lstat(path).st_ino == ino,
          "the second process left the first one's socket in place")


def main():
    # the client side needs fds for the 2000-connection storm; the server caps its own
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(8192, hard)), hard))
    old = os.umask(0)  # the socket mode must not depend on the umask
    try:
        tp = Testpmd(["net_taskoff0,peer=net_taskoff1", "net_taskoff1,peer=net_taskoff0"])
    finally:
        os.umask(old)
    path = "/var/run/dpdk/%s/taskoff.sock" % tp.prefix
    st = os.stat(path)
    check(stat.S_ISSOCK(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o660,
          "socket is mode 0660 under umask 000 (%o)" % stat.S_IMODE(st.st_mode))
    check(st.st_uid == os.getuid(), "socket owned by the process user")
    verdict, uid = other_user_cannot_connect(path)
    check(verdict.startswith("DENIED"), "unprivileged uid %d cannot connect (%s)" % (uid, verdict))

    tp.cmd("start tx_first")

    deep = b'{"jsonrpc":"2.0","id":1,"method":"port.list","params":' + b"[" * 30000 + \
        b"]" * 30000 + b"}\n"
    reply = request(path, deep)
    check(b"error" in reply or reply == b"", "30000-deep nesting: error or close, no crash")
    reply = request(path, b'{"jsonrpc":"2.0","id":2,"method":"port.list\xc3\x28"}\n')
    check(b"error" in reply, "invalid UTF-8: error")

    # half-closed: the request arrives, the client shuts its sending side
    s = connect(path)
    s.sendall(b'{"jsonrpc":"2.0","id":3,"method":"port.list"}\n')
    s.shutdown(socket.SHUT_WR)
    data = s.recv(65536)
    s.close()
    check(b'"id":3' in data.replace(b" ", b""), "half-closed connection still gets its answer")
    # half-closed without any request, left open
    lingering = connect(path)
    lingering.shutdown(socket.SHUT_WR)

    conns, refused = [], 0
    for _ in range(2000):
        try:
            conns.append(connect(path, timeout=2))
        except OSError:
            refused += 1
    capped = 0
    for c in conns[-50:]:
        try:
            c.settimeout(2)
            msg = c.recv(4096)
            if b"NDIS_STATUS_RESOURCES" in msg:
                capped += 1
        except socket.timeout:
            pass
    check(capped > 0 or refused > 0,
          "2000 connections: the server caps them and says so (%d told, %d refused)"
          % (capped, refused))
    for c in conns:
        c.close()
    lingering.close()
    time.sleep(0.5)
    check(port_list_ok(path), "server answers normally after the storm")
    res = subprocess.run(["timeout", "10", TASKOFFCTL, "-s", path, "ports"], capture_output=True,
                         text=True)
    check(res.returncode == 0 and "net_taskoff1" in res.stdout, "taskoffctl still works")
    second_process_on_the_same_path(path)

    tp.cmd("stop")
    s0 = tp.port_stats(0)
    check(s0["tx_packets"] > 100000, "datapath kept forwarding during the attack (%d frames)"
          % s0["tx_packets"])
    tp.cmd("port stop all")
    check(tp.mempool_in_use() == 0, "mempools back to start level")
    rc, _ = tp.quit()
    check(rc == 0, "testpmd quit cleanly")
    check(not os.path.exists(path), "socket file removed when the last port closed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
