"""The simulator process: moto's WSGI app wrapped in our middleware (control API, counting, faults, time).

Requests are handled one at a time under a global lock. Real AWS is concurrent, but a serialised simulator
gives every test the same answer for the same calls, which matters more here than throughput.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import logging
import os
import signal
import socket
import threading
import traceback
from collections.abc import Callable, Iterable

from tests.simulator import control, protocol
from tests.simulator.counter import RequestLog
from tests.simulator.faults import Fault, FaultInjector
from tests.simulator.transitions import SCHEDULER, Scheduler

StartResponse = Callable[..., object]


class SimulatorApp:
    def __init__(self, backend_app: Callable, state: control.SimState) -> None:
        self._backend_app = backend_app
        self.state = state
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        body = protocol.read_body(environ)
        with self._lock:
            if control.is_control(path):
                status, payload = control.handle(self.state, environ.get("REQUEST_METHOD", "GET"), path, body)
                return _reply(start_response, status, [("Content-Type", "application/json")], json.dumps(payload))
            return self._serve_aws(environ, body, start_response)

    def _serve_aws(self, environ: dict, body: bytes, start_response: StartResponse) -> Iterable[bytes]:
        self.state.scheduler.tick()
        request = protocol.identify(environ, body)
        entry = self.state.log.record(request)
        fault = self.state.faults.decide(request.action)
        if fault is not None:
            entry["fault"] = fault.label
            injected = _injected_error(request, fault)
            if injected is not None:
                entry["status"] = injected.status
                return _reply(start_response, injected.status, injected.headers, injected.body)
            if fault.drop_mode == "before":
                entry["status"] = None
                _drop_connection(environ)
        status, headers, chunks = self._call_backend(environ, request, entry)
        if fault is not None and fault.kind == "drop":
            entry["status"] = None
            _drop_connection(environ)
        entry["status"] = int(status.split(" ", 1)[0])
        start_response(status, headers)
        return chunks

    def _call_backend(self, environ: dict, request: protocol.RequestInfo, entry: dict) -> tuple[str, list, list]:
        captured: dict = {}
        chunks: list[bytes] = []

        def capture(status: str, headers: list, exc_info: object = None) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return chunks.append

        try:
            result = self._backend_app(environ, capture)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        except Exception as err:  # a moto bug must show as a 500 with its cause, not kill the request thread
            traceback.print_exc()
            entry["error"] = repr(err)
            reply = protocol.server_error(request, 500)
            return "500 INTERNAL SERVER ERROR", reply.headers, [reply.body]
        return captured["status"], captured["headers"], [b"".join(chunks)]


def _injected_error(request: protocol.RequestInfo, fault: Fault) -> protocol.ErrorReply | None:
    if fault.kind == "throttle":
        return protocol.throttling(request)
    if fault.kind == "error":
        return protocol.server_error(request, fault.status)
    return None


def _reply(start_response: StartResponse, status: int, headers: list, body: str | bytes) -> list[bytes]:
    raw = body.encode() if isinstance(body, str) else body
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}
    start_response(f"{status} {reason.get(status, 'Status')}", headers + [("Content-Length", str(len(raw)))])
    return [raw]


def _drop_connection(environ: dict) -> None:
    """Close the client's socket without a response, the way a lost connection looks to the client.

    werkzeug treats a ConnectionError raised by the app as "client went away" and writes nothing more.
    """
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("simulated dropped connection")


def reset_moto() -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()


def build_app(scale: float = 0.0, scheduler: Scheduler = SCHEDULER) -> SimulatorApp:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from tests.simulator import fidelity

    fidelity.install()
    scheduler.scale = scale
    state = control.SimState(RequestLog(), FaultInjector(), scheduler, reset_moto)
    return SimulatorApp(DomainDispatcherApplication(create_backend_app), state)


def _loopback(host: str) -> str:
    if host == "localhost":
        return host
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"the simulator only listens on a loopback address, not {host!r}")


def _non_negative(value: str) -> float:
    scale = float(value)
    if scale < 0:
        raise argparse.ArgumentTypeError("scale must be >= 0")
    return scale


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.simulator", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--scale", type=_non_negative, default=0.0, help="AWS-like durations x SCALE (0 = instant)")
    parser.add_argument("--host", type=_loopback, default="127.0.0.1")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    # moto sends some requests to itself and finds its own port through this variable.
    os.environ.setdefault("MOTO_PORT", str(args.port))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Nothing to flush: all state is in memory and meant to die with the process, so stop at once rather than
    # wait for request threads that hold idle keep-alive connections.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    app = build_app(args.scale)
    print(f"aurora simulator on http://{args.host}:{args.port} scale={args.scale}", flush=True)
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
