#!/usr/bin/python3
"""tcpcut.py — a loopback TCP proxy that misbehaves on purpose, for the
IMAP sync test: it forwards 127.0.0.1:<its port> to a target and, for the
first N connections only, cuts the connection (both ways, no goodbye) once
it has passed CUT bytes from the server to the client, and/or slows that
direction to RATE bytes per second. Later connections pass untouched, so a
re-run through the same port (the same IMAP source for parley) completes.

usage: tcpcut.py --target HOST:PORT --port-file FILE [--cut BYTES]
                 [--rate BYTES_PER_S] [--first N]
Writes the port it listens on to FILE, then serves until killed. Prints one
line per connection to stdout ("conn 1 cut after 300000 bytes").
"""
import argparse
import os
import socket
import sys
import threading
import time


def pump(src, dst, limit=None, rate=None, on_cut=None):
    """Copies src to dst; stops after limit bytes (then cuts) or at EOF."""
    sent = 0
    start = time.monotonic()
    try:
        while True:
            want = 16384
            if limit is not None:
                want = min(want, limit - sent)
                if want <= 0:
                    on_cut(sent)
                    return
            data = src.recv(want)
            if not data:
                break
            dst.sendall(data)
            sent += len(data)
            if rate:
                ahead = sent / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, n, args):
    try:
        server = socket.create_connection(args.target)
    except OSError as e:
        print("conn %d: target unreachable: %s" % (n, e), flush=True)
        client.close()
        return
    bad = n <= args.first
    limit = args.cut if bad and args.cut else None
    rate = args.rate if bad and args.rate else None

    def cut(sent):
        print("conn %d cut after %d bytes" % (n, sent), flush=True)
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    up = threading.Thread(target=pump, args=(client, server), daemon=True)
    up.start()
    pump(server, client, limit, rate, cut)
    up.join(timeout=5)
    client.close()
    server.close()
    print("conn %d closed" % n, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cut", type=int, default=0)
    ap.add_argument("--rate", type=int, default=0)
    ap.add_argument("--first", type=int, default=1)
    args = ap.parse_args()
    host, port = args.target.rsplit(":", 1)
    args.target = (host, int(port))
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(8)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    n = 0
    while True:
        c, _ = ls.accept()
        n += 1
        threading.Thread(target=serve, args=(c, n, args), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
