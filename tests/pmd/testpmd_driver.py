"""Drive stock dpdk-testpmd interactively from a test, with the TaskOff plugin.

Every instance gets its own --file-prefix, runs without hugepages, and is
bounded in time; output is collected by a reader thread so a command can wait
for the next prompt.
"""
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from taskoff_plugin import build_path, eal_plugin_args  # noqa: E402

TESTPMD = "/usr/bin/dpdk-testpmd"
# no trailing space: asynchronous output (set verbose) can follow the prompt directly
PROMPT = "testpmd>"


def plugin_path():
    """The PMD built by meson: passed in by meson.build as TASKOFF_PMD."""
    return build_path()


def plugin_args():
    """EAL arguments giving testpmd exactly one copy of the plugin (tests/common)."""
    return eal_plugin_args()


class TestpmdError(Exception):
    pass


class Testpmd:
    """One interactive testpmd process."""

    def __init__(self, vdevs, app_args=(), lcores="0-1", timeout=120, mem_mb=512,
                 extra_eal=(), hugepages=False):
        """hugepages: shared memory a secondary process (dpdk-proc-info, dpdk-dumpcap)
        can attach to; without it, --no-huge."""
        self.prefix = "tko-%d-%d" % (os.getpid(), int(time.monotonic() * 1000) % 100000)
        eal = ["-l", lcores, "--no-pci", *([] if hugepages else ["--no-huge"]), "-m", str(mem_mb),
               "--file-prefix", self.prefix, *plugin_args(), *extra_eal]
        for v in vdevs:
            eal += ["--vdev", v]
        # stdbuf: testpmd prints with stdio, which a pipe would fully buffer
        self.argv = ["timeout", "-s", "KILL", str(timeout), "stdbuf", "-oL", "-eL", TESTPMD,
                     *eal, "--",
                     "-i", "--total-num-mbufs=16384", *app_args]
        self._spawn()
        self.wait_for(PROMPT, 0, 60)

    def _spawn(self, **popen_kw):
        """Start self.argv with its output read in the background."""
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1, **popen_kw)
        self.fd = self.proc.stdout.fileno()
        self.out = ""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        # raw reads: the prompt has no newline, so line iteration would hide it
        while True:
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return
            with self.lock:
                self.out += chunk.decode("utf-8", "replace")

    def _text(self):
        with self.lock:
            return self.out

    def wait_for(self, needle, start, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self._text()
            idx = text.find(needle, start)
            if idx >= 0:
                return idx
            if self.proc.poll() is not None and not self.reader.is_alive():
                raise TestpmdError("testpmd exited (%s) waiting for %r:\n%s"
                                   % (self.proc.returncode, needle, text[-3000:]))
            time.sleep(0.02)
        raise TestpmdError("timeout waiting for %r:\n%s" % (needle, self._text()[-3000:]))

    def cmd(self, command, timeout=30):
        """Run one command and return its output (up to the next prompt)."""
        start = len(self._text())
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        end = self.wait_for(PROMPT, start + 1, timeout)
        return self._text()[start:end]

    def send(self, command):
        """Write a command without waiting for its prompt (for commands whose output
        races with asynchronous packet dumps, which can split the prompt text)."""
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return len(self._text())

    def wait_count(self, needle, count, start, timeout=30):
        """Wait until needle appears count times after offset start."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._text()[start:].count(needle) >= count:
                return True
            time.sleep(0.05)
        return False

    def quit(self, timeout=60):
        start = len(self._text())
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        rc = self.proc.wait(timeout)
        self.reader.join(5)
        return rc, self._text()[start:]

    def log(self):
        return self._text()

    # --- parsed views -------------------------------------------------------

    def port_stats(self, port):
        text = self.cmd("show port stats %d" % port)
        get = lambda k: int(re.search(k + r":\s+(\d+)", text).group(1))
        return {"rx_packets": get("RX-packets"), "rx_bytes": get("RX-bytes"),
                "rx_errors": get("RX-errors"), "tx_packets": get("TX-packets"),
                "tx_bytes": get("TX-bytes"), "tx_errors": get("TX-errors")}

    def xstats(self, port):
        text = self.cmd("show port xstats %d" % port)
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r"^(\w+):\s+(\d+)\s*$", text, re.M)}

    def mempool_in_use(self):
        """Mbufs taken from every pool: size - common pool - caches, summed."""
        text = self.cmd("dump_mempool")
        total = 0
        for block in text.split("mempool <")[1:]:
            size = int(re.search(r"\bsize=(\d+)", block).group(1))
            common = int(re.search(r"common_pool_count=(\d+)", block).group(1))
            cached = int(re.search(r"total_cache_count=(\d+)", block).group(1))
            total += size - common - cached
        return total


def wait_xstat(tp, port, name, at_least, timeout=30):
    """Poll a counter until it reaches at_least (robust on a loaded machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tp.xstats(port).get(name, 0) >= at_least:
            return True
        time.sleep(0.1)
    return False


def run_until_quiet(tp, seconds, port=None, name=None, at_least=0):
    """Forward for at least `seconds`, and until port's counter `name` reaches at_least."""
    tp.cmd("start")
    time.sleep(seconds)
    if port is not None:
        wait_xstat(tp, port, name, at_least)
    tp.cmd("stop")
