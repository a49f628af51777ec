"""Start, stop and steer a simulator from the Makefile or a molecule playbook.

python -m tests.simulator.ctl start --port P [--scale S] [--pidfile F] [--logfile L] [--timeout T]
python -m tests.simulator.ctl stop --port P [--pidfile F]
python -m tests.simulator.ctl counts|reset-counts --port P
python -m tests.simulator.ctl config --port P [--scale S]
python -m tests.simulator.ctl faults --port P [--clear | --throttle-rate R --error-rate R --drop-rate R ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.simulator.client import SimClient, SimError

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_pidfile(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"aurora-mysql-sim-{port}.pid"


def default_logfile(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"aurora-mysql-sim-{port}.log"


def _client(port: int) -> SimClient:
    return SimClient(f"http://127.0.0.1:{port}")


def _read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(args: argparse.Namespace) -> int:
    pidfile = Path(args.pidfile or default_pidfile(args.port))
    logfile = Path(args.logfile or default_logfile(args.port))
    client = _client(args.port)
    pid = _read_pid(pidfile)
    if client.is_healthy():
        if pid and _alive(pid):
            print(f"simulator already running on port {args.port} (pid {pid})")
            return 0
        print(f"port {args.port} already answers /_sim/health but {pidfile} names no live process", file=sys.stderr)
        return 1
    command = [sys.executable, "-m", "tests.simulator", "--port", str(args.port), "--scale", str(args.scale)]
    with open(logfile, "ab") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # detached: survives the shell or playbook task that started it
        )
    pidfile.write_text(f"{process.pid}\n")
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pidfile.unlink(missing_ok=True)
            print(f"simulator exited with {process.returncode}; see {logfile}:", file=sys.stderr)
            print(_tail(logfile), file=sys.stderr)
            return 1
        if client.is_healthy():
            print(f"simulator started on port {args.port} (pid {process.pid}, log {logfile})")
            return 0
        time.sleep(0.1)
    process.terminate()
    pidfile.unlink(missing_ok=True)
    print(f"simulator did not answer within {args.timeout}s; see {logfile}", file=sys.stderr)
    return 1


def stop(args: argparse.Namespace) -> int:
    pidfile = Path(args.pidfile or default_pidfile(args.port))
    pid = _read_pid(pidfile)
    if pid is None or not _alive(pid):
        pidfile.unlink(missing_ok=True)
        print(f"no simulator running for {pidfile}")
        return 0
    os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, args.timeout):
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 5)
    pidfile.unlink(missing_ok=True)
    print(f"simulator stopped (pid {pid})")
    return 0


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        # Reap it when it is our own child; otherwise it stays a zombie that kill(pid, 0) still sees.
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return not _alive(pid)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def counts(args: argparse.Namespace) -> int:
    print(json.dumps(_client(args.port).counts(), indent=2))
    return 0


def reset_counts(args: argparse.Namespace) -> int:
    _client(args.port).reset_counts()
    return 0


def config(args: argparse.Namespace) -> int:
    client = _client(args.port)
    result = client.set_scale(args.scale) if args.scale is not None else client.config()
    print(json.dumps(result))
    return 0


def faults(args: argparse.Namespace) -> int:
    client = _client(args.port)
    if args.clear:
        result = client.clear_faults()
    elif args.show:
        result = client.faults()
    else:
        settings = {
            "throttle_rate": args.throttle_rate,
            "error_rate": args.error_rate,
            "drop_rate": args.drop_rate,
            "drop_mode": args.drop_mode,
            "error_status": args.error_status,
            "actions": args.actions.split(",") if args.actions else None,
            "count": args.count,
            "seed": args.seed,
        }
        result = client.set_faults(**settings)
    print(json.dumps(result))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m tests.simulator.ctl", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--port", type=int, required=True)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("start", start, "start a detached simulator and wait until it answers")
    sub.add_argument("--scale", type=float, default=0.0)
    sub.add_argument("--pidfile")
    sub.add_argument("--logfile")
    sub.add_argument("--timeout", type=float, default=60.0)
    sub = command("stop", stop, "stop the simulator named by the pidfile and wait for it to exit")
    sub.add_argument("--pidfile")
    sub.add_argument("--timeout", type=float, default=10.0)
    command("counts", counts, "print the per-action request counts")
    command("reset-counts", reset_counts, "zero the counts and the request log")
    sub = command("config", config, "show or set the time scale")
    sub.add_argument("--scale", type=float)
    sub = command("faults", faults, "inject faults, show them, or stop injecting")
    sub.add_argument("--clear", action="store_true")
    sub.add_argument("--show", action="store_true")
    sub.add_argument("--throttle-rate", type=float, default=0.0)
    sub.add_argument("--error-rate", type=float, default=0.0)
    sub.add_argument("--drop-rate", type=float, default=0.0)
    sub.add_argument("--drop-mode", choices=("before", "after"), default="before")
    sub.add_argument("--error-status", type=int, choices=(500, 503))
    sub.add_argument("--actions", help="comma-separated action names; all actions when omitted")
    sub.add_argument("--count", type=int)
    sub.add_argument("--seed", type=int)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (OSError, SimError) as err:
        print(f"{args.command}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
