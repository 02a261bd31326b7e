"""A fake Dask scheduler on 127.0.0.1 that misbehaves: ``python -m tests.scheduler_faults MODE`` prints its port.

``silent``: accepts connections and never sends a byte.  ``huge``: sends a 2**40 length prefix (a
terabyte message), then nothing.  ``garbage``: a 1-byte message that is no handshake.
"""

from __future__ import annotations

import socket
import struct
import sys


def main(mode: str) -> int:
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    print(srv.getsockname()[1], flush=True)
    held = []
    while True:
        conn, _ = srv.accept()
        held.append(conn)  # kept open: a silent peer, not a closed one
        if mode == "huge":
            conn.sendall(struct.pack("<Q", 2**40))
        elif mode == "garbage":
            conn.sendall(struct.pack("<Q", 1) + b"\xff" + struct.pack("<Q", 2**40))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
