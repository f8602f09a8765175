"""``python main.py server cert``: a self-signed TLS certificate for the office server, so laptops
reach it over https and trust exactly that certificate (``sync --cafile``; docs/sync.md, Threat
model). cryptography is imported only by this command.

The key is ECDSA P-256: small, quick, and accepted by every TLS stack the app meets. The
certificate is its own issuer; a laptop given it as its CA file trusts this server and nothing
else (client side: storage.sync.transport).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from diagnosis.messages import Lang

CERT_NAME, KEY_NAME = "server.crt", "server.key"
# Five years: the certificate has to be handed to every laptop again when it expires, and its
# key never leaves the server machine (an office's own trust anchor, not a public CA's leaf).
DEFAULT_DAYS = 1825
MAX_DAYS = 3650
# Laptop and server clocks disagree by minutes; a certificate must not start in the future.
BACKDATE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Made:
    cert: Path
    key: Path
    hosts: tuple[str, ...]
    not_after: dt.datetime
    sha256: str  # AA:BB:… as a person reads it aloud


def default_hosts() -> list[str]:
    """This machine's names and addresses: host name, FQDN, localhost, loopback, and the
    addresses the host name resolves to (its LAN addresses where the resolver knows them)."""
    names: list[str] = []
    for name in (socket.gethostname(), socket.getfqdn(), "localhost", "127.0.0.1", "::1"):
        if name and name not in names:
            names.append(name)
    try:
        found = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:  # no resolver entry for the host name: the names above still work
        found = []
    for *_, sockaddr in found:
        address = str(sockaddr[0]).split("%")[0]  # an IPv6 scope id is not part of the address
        if address not in names:
            names.append(address)
    return names


def check_host(text: str) -> str | None:
    """``text`` as a subjectAltName entry (an IP address or a DNS name), or None if it is
    neither."""
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    name = text.rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_name.split(".")
    if not ascii_name or len(ascii_name) > 253:
        return None
    for label in labels:
        if not (0 < len(label) <= 63) or label.startswith("-") or label.endswith("-"):
            return None
        if not all(c.isalnum() or c == "-" for c in label):
            return None
    return ascii_name


def make(out: Path, hosts: list[str], days: int = DEFAULT_DAYS) -> Made:
    """Write ``out/server.crt`` and ``out/server.key`` (0600, never over an existing file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, hosts[0][:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "diagnosis-workbench office server"),
        ]
    )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        # Not a CA: the laptop trusts this one certificate, which can sign nothing else.
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    out.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = out / KEY_NAME, out / CERT_NAME
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),  # serve starts unattended: nobody types a key passphrase
    )
    _write_new(key_path, key_pem, 0o600)
    try:
        _write_new(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    except OSError:
        key_path.unlink()  # no key without its certificate
        raise
    return Made(cert_path, key_path, tuple(hosts), now + dt.timedelta(days=days), fingerprint(cert))


def fingerprint(cert: object) -> str:
    """SHA-256 of the certificate's DER, as ``AB:CD:…`` (what ``openssl x509 -fingerprint
    -sha256`` and browsers show)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    assert isinstance(cert, x509.Certificate)
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def file_fingerprint(path: Path) -> str | None:
    """The SHA-256 fingerprint of the PEM certificate at ``path``; None if it holds none."""
    from cryptography import x509

    try:
        return fingerprint(x509.load_pem_x509_certificate(path.read_bytes()))
    except (OSError, ValueError):
        return None


def _write_new(path: Path, data: bytes, mode: int) -> None:
    # O_EXCL: an existing key is never replaced (every laptop trusts its certificate);
    # the mode is set at creation, so the key is never readable by others, even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)  # the umask may have taken bits off the certificate's 0644


def cert_command(out: Path, hosts: list[str], days: int, as_json: bool, lang: Lang) -> int:
    """The command: 0 written, 2 unusable input (one line on standard error)."""
    zh = lang == "zh"
    if not 1 <= days <= MAX_DAYS:
        return _fail(
            f"--days 须在 1 到 {MAX_DAYS} 之间" if zh else f"--days must be 1 to {MAX_DAYS}"
        )
    names: list[str] = []
    for given in hosts:
        name = check_host(given)
        if name is None:
            return _fail(
                f"--host {given!r} 既不是 IP 地址也不是主机名"
                if zh
                else f"--host {given!r} is neither an IP address nor a host name"
            )
        if name not in names:
            names.append(name)
    # This machine's own names: one no certificate can carry (an "_" in it) is left out.
    for found in () if hosts else default_hosts():
        name = check_host(found)
        if name is not None and name not in names:
            names.append(name)
    for existing in (out / CERT_NAME, out / KEY_NAME):
        if existing.exists():
            return _fail(
                f"{existing} 已存在：各笔记本电脑信任的是现有证书；若确需新证书，请先移走旧文件"
                if zh
                else f"{existing} exists: the laptops trust the certificate there; move the old "
                "files away first if you really mean to make a new one"
            )
    try:
        made = make(out, names, days)
    except OSError as exc:
        return _fail((f"无法写入 {out}：" if zh else f"cannot write to {out}: ") + str(exc))
    if as_json:
        print(
            json.dumps(
                {
                    "cert": str(made.cert),
                    "key": str(made.key),
                    "hosts": list(made.hosts),
                    "not_after": made.not_after.isoformat(),
                    "sha256": made.sha256,
                },
                ensure_ascii=False,
            )
        )
        return 0
    until = made.not_after.date().isoformat()
    if zh:
        print(f"已写出 {made.cert} 和 {made.key}（私钥仅本机所有者可读，切勿外传）")
        print(f"适用名称：{', '.join(made.hosts)}")
        print(f"有效期至：{until}")
        print(f"SHA-256 指纹：{made.sha256}")
        print(
            f"启动：serve --certfile {made.cert} --keyfile {made.key}；"
            f"把 {CERT_NAME} 交给每台笔记本电脑（sync --cafile {CERT_NAME}，或在应用的"
            "“同步设置 › CA 证书”中选择），并把上面的指纹读给顾问核对。"
        )
    else:
        print(f"wrote {made.cert} and {made.key} (the key is readable by its owner only: keep it)")
        print(f"names: {', '.join(made.hosts)}")
        print(f"valid until: {until}")
        print(f"SHA-256 fingerprint: {made.sha256}")
        print(
            f"serve with --certfile {made.cert} --keyfile {made.key}; give {CERT_NAME} to each "
            f"laptop (sync --cafile {CERT_NAME}, or the app's Sync settings › CA certificate) "
            "and read the fingerprint to the consultants so they can check it."
        )
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
