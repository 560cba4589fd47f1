#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A raw JSON-RPC 2.0 client of the TaskOff control socket, for the python tests.

The server speaks one JSON message a line over a Unix stream socket; requests carry
an increasing id, and notifications (events.subscribe) may arrive between a request
and its answer. Raw on purpose: the tests check the protocol itself, not taskoffctl.
"""
import json
import socket


class JsonRpcClient:
    """One connection: call() sends a request and returns its answer; next() reads the
    next message whatever it is (None once the server closed the connection)."""

    def __init__(self, path, timeout=5):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.buf, self.id = b"", 0

    def send(self, method, params):
        """Send a request without waiting for its answer; return its id."""
        self.id += 1
        self.s.sendall(json.dumps({"jsonrpc": "2.0", "id": self.id, "method": method,
                                   "params": params}).encode() + b"\n")
        return self.id

    def next(self, timeout=None):
        """The next message (socket.timeout after @timeout seconds), None at end of stream."""
        if timeout is not None:
            self.s.settimeout(timeout)
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, method, params):
        """Send a request and return its answer, skipping anything else that comes first."""
        want = self.send(method, params)
        while True:
            msg = self.next()
            if msg is None:
                raise ConnectionError("control socket closed by the server")
            if msg.get("id") == want:
                return msg

    def close(self):
        self.s.close()
