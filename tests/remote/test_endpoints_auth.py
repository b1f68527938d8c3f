"""Endpoint presets, configuration, authentication headers, retries, and that credentials are never shown."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.remote.auth import Credentials
from kg.remote.client import ConnectionFailed, SparqlClient
from kg.remote.endpoints import EndpointError, make_endpoint, redact, resolve_endpoint



def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_presets_lay_out_the_urls() -> None:
    f = make_endpoint("http://h:3030/geokg/", preset="fuseki")
    assert (f.query_url, f.update_url, f.graph_store_url) == ("http://h:3030/geokg/sparql", "http://h:3030/geokg/update", "http://h:3030/geokg/data")
    g = make_endpoint("http://h:7200/repositories/kg", preset="graphdb")
    assert g.graph_store_url == "http://h:7200/repositories/kg/rdf-graphs/service" and g.default_graph == "named"
    b = make_endpoint("http://h:9999/blazegraph/namespace/kb", preset="blazegraph")
    assert b.graph_store_url is None and b.update_url.endswith("/sparql")
    v = make_endpoint("http://h:8890", preset="virtuoso", graph_store_url="http://h:8890/sparql-graph-crud-auth")
    assert v.graph_store_url.endswith("-auth") and v.default_graph == "named"
    with pytest.raises(EndpointError):
        make_endpoint("http://h", preset="nope")


def test_userinfo_becomes_credentials_and_is_redacted() -> None:
    e = make_endpoint("http://alice:s3cret@h:7878", preset="oxigraph")
    assert "s3cret" not in e.query_url and "alice" not in e.query_url
    assert e.credentials.user == "alice" and e.credentials.password == "s3cret"
    assert "s3cret" not in repr(e) and "s3cret" not in e.describe()
    assert redact("http://alice:s3cret@h:1/x") == "http://***@h:1/x"


def test_environment_and_config_file(tmp_path) -> None:
    conf = tmp_path / "endpoints.toml"
    conf.write_text('[endpoints.fus]\nurl = "http://h:3030/ds"\npreset = "fuseki"\nuser = "admin"\npassword_env = "MY_PW"\n')
    e = resolve_endpoint("fus", config=conf, env={"MY_PW": "pw1"})
    assert e.preset == "fuseki" and e.credentials.user == "admin" and e.credentials.password == "pw1"
    e = resolve_endpoint("fus", config=conf, env={"KG_ENDPOINT_TOKEN": "xyzzy"})
    assert e.credentials.token == "xyzzy" and e.credentials.header() == {"Authorization": "Bearer xyzzy"}
    assert "xyzzy" not in repr(e.credentials)
    with pytest.raises(EndpointError):
        resolve_endpoint("missing", config=conf, env={})


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str | None] = []
    fail_first = 0

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append(self.headers.get("Authorization"))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head":{"vars":["n"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture()
def recorder():
    _Recorder.seen = []
    _Recorder.fail_first = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_basic_and_bearer_headers_and_retry_on_503(recorder: str) -> None:
    basic = make_endpoint(recorder, credentials=Credentials(user="u", password="p"))
    SparqlClient(basic).select("SELECT * {}")
    assert _Recorder.seen[-1] == "Basic dTpw"
    _Recorder.fail_first = 2
    client = SparqlClient(make_endpoint(recorder, credentials=Credentials(token="t0k")), backoff=0.01)
    client.select("SELECT * {}")
    assert _Recorder.seen[-3:] == ["Bearer t0k"] * 3 and client.retried == 2


def test_connection_errors_retry_then_fail_without_secrets() -> None:
    port = free_port()  # nothing listens there
    e = make_endpoint(f"http://bob:hunter2@127.0.0.1:{port}", preset="oxigraph")
    client = SparqlClient(e, retries=2, backoff=0.01)
    with pytest.raises(ConnectionFailed) as info:
        client.select("ASK {}")
    assert client.retried == 2
    assert "hunter2" not in str(info.value) and "bob" not in str(info.value)


def test_cli_never_prints_credentials(tmp_path, monkeypatch) -> None:
    from kg.store import KGStore

    store = KGStore(tmp_path / "s")
    store.flush()
    del store
    port = free_port()
    monkeypatch.setenv("KG_ENDPOINT_USER", "carol")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "pa55word")
    result = CliRunner().invoke(app, ["load", "--store", str(tmp_path / "s"), "--endpoint",
                                      f"http://dave:t0ps3cret@127.0.0.1:{port}", "--preset", "oxigraph",
                                      "--retries", "0"])
    assert result.exit_code == 1
    assert "pa55word" not in result.output and "t0ps3cret" not in result.output
    assert "***@127.0.0.1" in result.output or "127.0.0.1" in result.output
