"""How long a stopped ``briefing serve`` keeps its port: ``python benchmarks/serve_stop.py [PROJECT] [--runs N]``.

Starts the real command on a free port of 127.0.0.1 in PROJECT (default: this checkout),
waits until it says it is serving, sends the signal (SIGTERM by default: what kill,
systemd, docker stop and CI runners send), and times how long the port still accepts a
connection. Prints each run, then the median and the maximum, in milliseconds. The target:
the port is free within 2 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return False
    return True


def one_run(project: Path, sig: signal.Signals) -> tuple[float, int]:
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for line in serve.stdout:
        if "Serving on" in line:
            break
    else:
        raise SystemExit(f"briefing serve ended before serving (exit {serve.wait()})")
    sent = time.perf_counter()
    serve.send_signal(sig)
    while answers(port):  # a measurement, not a test: polled every 5 ms
        time.sleep(0.005)
    freed = time.perf_counter() - sent
    serve.stdout.read()
    return freed, serve.wait()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--signal", default="SIGTERM", choices=["SIGTERM", "SIGINT", "SIGHUP"])
    args = p.parse_args(argv)
    sig = signal.Signals[args.signal]
    times = []
    for run in range(1, args.runs + 1):
        freed, status = one_run(args.project, sig)
        times.append(freed * 1000)
        print(f"run {run}: port free {times[-1]:.0f} ms after {sig.name}, exit status {status}", flush=True)
    print(f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms (target: 2000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
