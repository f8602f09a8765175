"""The office server over TLS, the user's whole way through real processes: ``server cert`` makes
the certificate, ``serve --certfile --keyfile`` uses it, ``sync --cafile`` trusts it; without
--cafile the sync is refused with a message naming the option, never a traceback. ``serve``
refuses plain HTTP off loopback unless told ``--insecure-http``."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import socket
import ssl
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from diagnosis.register.enterprise import Enterprise
from diagnosis.sync.ports import SyncError
from services import register_service
from storage.database import Store
from storage.sync import server_cert, server_commands
from storage.sync.transport import HttpTransport
from tests.main_process import run_main
from tests.storage.sync.conftest import CODE, DISTRICT, ServerProcess, running_server

run_cli = run_main


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def alt_names(cert: x509.Certificate) -> list[str]:
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(n.value) for n in san]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``server cert`` run as the office would: for this machine's names, loopback included."""
    out = tmp_path_factory.mktemp("tls") / "cert"
    done = run_cli("server", "cert", "--out", str(out), "--lang", "en")  # names: the default
    assert done.returncode == 0, done.stderr
    return out / "server.crt", out / "server.key"


def test_server_cert_writes_a_certificate_for_the_given_names(tmp_path: Path) -> None:
    out = tmp_path / "tls"
    done = run_cli(
        *("server", "cert", "--out", str(out), "--json", "--days", "400"),
        *("--host", "office-server.lan", "--host", "192.168.10.5", "--host", "127.0.0.1"),
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    crt, key = out / "server.crt", out / "server.key"
    assert (shown["cert"], shown["key"]) == (str(crt), str(key))
    assert stat.S_IMODE(key.stat().st_mode) == 0o600  # the private key: its owner only
    cert = load(crt)
    assert alt_names(cert) == ["office-server.lan", "192.168.10.5", "127.0.0.1"]
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("192.168.10.5"),
        ipaddress.ip_address("127.0.0.1"),
    ]
    # The fingerprint printed is the one a laptop computes from the file it was given.
    expected = ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))
    assert shown["sha256"] == expected
    assert server_cert.file_fingerprint(crt) == expected
    lasts = cert.not_valid_after_utc - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=399) < lasts <= dt.timedelta(days=400)
    assert cert.not_valid_before_utc < dt.datetime.now(dt.UTC)  # laptops' clocks lag
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # Said to the person in their language, fingerprint included.
    again = run_cli("server", "cert", "--out", str(tmp_path / "zh"), "--host", "localhost")
    assert again.returncode == 0, again.stderr
    assert "SHA-256 指纹：" in again.stdout and "--cafile" in again.stdout


def test_server_cert_defaults_to_this_machine_and_loopback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server_cert.cert_command(tmp_path, [], server_cert.DEFAULT_DAYS, False, "en") == 0
    printed = capsys.readouterr().out
    names = alt_names(load(tmp_path / "server.crt"))
    assert {socket.gethostname().lower(), "localhost", "127.0.0.1"} <= set(names)
    shown = server_cert.file_fingerprint(tmp_path / "server.crt")
    assert shown is not None and f"SHA-256 fingerprint: {shown}" in printed
    lasts = load(tmp_path / "server.crt").not_valid_after_utc - dt.datetime.now(dt.UTC)
    assert lasts > dt.timedelta(days=4 * 365)


@pytest.mark.parametrize(
    ("hosts", "days", "said"),
    [
        (["bad host!"], 30, "--host 'bad host!'"),
        (["-x.lan"], 30, "--host '-x.lan'"),
        (["ok.lan"], 0, "--days"),
        (["ok.lan"], 100_000, "--days"),
    ],
)
def test_server_cert_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hosts: list[str], days: int, said: str
) -> None:
    assert server_cert.cert_command(tmp_path, hosts, days, False, "en") == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_server_cert_never_replaces_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server_cert.cert_command(tmp_path, ["a.lan"], 30, False, "en") == 0
    key = (tmp_path / "server.key").read_bytes()
    capsys.readouterr()
    assert server_cert.cert_command(tmp_path, ["b.lan"], 30, False, "zh") == 2
    assert "已存在" in capsys.readouterr().err
    assert (tmp_path / "server.key").read_bytes() == key  # every laptop still trusts it
    assert alt_names(load(tmp_path / "server.crt")) == ["a.lan"]


def laptop_with_a_change(tmp_path: Path) -> Path:
    """A laptop's store with one enterprise waiting to be synced."""
    path = tmp_path / "laptop" / "diagnosis.sqlite"
    store = Store(path, user="chen")
    try:
        firm = Enterprise(name="宁波甬明精密机械有限公司", credit_code=CODE, district=DISTRICT)
        register_service(store).save(firm, create=True)
    finally:
        store.close()
    return path


@pytest.fixture
def tls_server(tmp_path: Path, certificate: tuple[Path, Path]) -> Iterator[ServerProcess]:
    yield from running_server(tmp_path, certificate)


def test_sync_trusts_the_office_certificate_given_with_cafile(
    tmp_path: Path, tls_server: ServerProcess, certificate: tuple[Path, Path]
) -> None:
    assert tls_server.url.startswith("https://127.0.0.1:")
    token = tls_server.add_user("chen", "office")
    db = laptop_with_a_change(tmp_path)
    server, token_opt = ("--server", tls_server.url), ("--token", token)

    # No --cafile: the self-signed certificate is not trusted; the message names the option.
    refused = run_cli("sync", *server, *token_opt, "--db", str(db), "--lang", "en")
    assert refused.returncode == 2
    assert "network.untrusted" in refused.stderr and "--cafile" in refused.stderr
    assert "Traceback" not in refused.stderr
    refused_zh = run_cli("sync", *server, *token_opt, "--db", str(db))
    assert refused_zh.returncode == 2
    assert "服务器证书不受信任" in refused_zh.stderr and "--cafile" in refused_zh.stderr
    assert tls_server.query("SELECT count(*) FROM records") == [(0,)]

    crt = str(certificate[0])
    done = run_cli("sync", *server, *token_opt, "--cafile", crt, "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sent"] == 1
    [(data,)] = tls_server.query("SELECT data FROM records WHERE tbl = 'enterprises'")
    assert json.loads(data)["credit_code"] == CODE

    # The certificate is the only anchor: a file that is not one is said, not a traceback.
    wrong = run_cli(
        "sync", *server, *token_opt, "--cafile", str(certificate[1]), "--db", str(db), "--lang=en"
    )
    assert wrong.returncode == 2
    assert "network.cafile" in wrong.stderr and "no PEM certificate" in wrong.stderr
    plain = run_cli("sync", "--server", "http://127.0.0.1:9", "--cafile", crt, "--db", str(db))
    assert plain.returncode == 2 and "https://" in plain.stderr


@pytest.fixture
def tls_listener(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A TLS server on loopback whose certificate names another host only: the handshake is
    all the client gets to do."""
    server_cert.make(tmp_path / "other", ["sync.other-office.lan"], 30)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "other" / "server.crt", tmp_path / "other" / "server.key")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def answer() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        # The client refuses the certificate mid-handshake: what the test wants.
        with conn, contextlib.suppress(OSError, ssl.SSLError):
            context.wrap_socket(conn, server_side=True).close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1], tmp_path / "other" / "server.crt"
    listener.close()
    thread.join(timeout=10)


def test_a_certificate_for_another_host_is_refused_with_the_reason(
    tls_listener: tuple[int, Path],
) -> None:
    port, crt = tls_listener
    url = f"https://127.0.0.1:{port}"
    with HttpTransport(url, "t", cafile=str(crt)) as transport, pytest.raises(SyncError) as caught:
        transport.me()
    assert caught.value.code == "network.untrusted"
    assert "127.0.0.1" in caught.value.reason  # OpenSSL: not valid for this address


def test_serve_wants_tls_off_loopback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("not a database")
    for host in ("0.0.0.0", "::", "192.168.1.20", "office-server.lan"):
        assert server_commands.serve(not_a_store, host, 8765, None, None) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1
        assert "--insecure-http" in err and "server cert" in err and "需要 TLS" in err
    # Past that check (it fails later on the file that is not a store, before serving).
    assert server_commands.serve(not_a_store, "0.0.0.0", 0, None, None, insecure_http=True) == 2
    assert "TLS" not in capsys.readouterr().err
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert server_commands._loopback(host), host
