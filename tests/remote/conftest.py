"""Fixtures for the remote tests: a store built from the samples, and real servers started on free loopback ports.

Every server is started by the fixture itself (``oxigraph serve`` from the PyPI package ``oxigraph``; Virtuoso
from Debian's ``virtuoso-opensource``, installed by scripts/install_triplestores.sh) with a temporary database,
bound to 127.0.0.1 only, and stopped by its PID.  A server that is not installed makes its tests skip with the
reason; nothing is faked.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import KGStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
SEED = ROOT.parent / "shared" / "corpus"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def stop_pid(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Stop one process we started, by its PID: SIGTERM, then SIGKILL."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else None


class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT``, restartable on the same directory and port."""

    def __init__(self, location: Path) -> None:
        binary = oxigraph_binary()
        if binary is None:
            pytest.skip("the oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
        self.binary = binary
        self.location = location
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        for _ in range(20):
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                wait_http(self.base + "/query?query=ASK%7B%7D", 30, self.proc)
                return
            except RuntimeError:
                stop_pid(self.proc)
                time.sleep(0.5)  # the port may still be held by the previous run
        raise RuntimeError("oxigraph server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            stop_pid(self.proc)
            self.proc = None


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> KGStore:
    """The samples (and the seed article when shared/ is there) built into a store on disk."""
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("remote") / "kg-store"
    store = KGStore(path)
    inputs = [SAMPLES] + ([SEED] if SEED.is_dir() else [])
    build(inputs, store)
    return store


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path / "oxigraph-db")
    server.start()
    try:
        yield server
    finally:
        server.stop()


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso 7 server on a temporary database; yields its base URL.  Skips when Virtuoso is not installed."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed: run scripts/install_triplestores.sh "
                    "(apt-get install virtuoso-opensource; needs root and Debian's package lists)")
    d = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_http(base + "/sparql?query=ASK%7B%7D", 120, proc)
        # Let the anonymous SPARQL user write (the default install only lets it read).
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield base
    finally:
        stop_pid(proc, timeout=60)
