"""The team store over TLS, as the README's "Team store" section tells a branch to run it:
``sslmode=verify-full`` against the branch's certificate authority, and a person who logs in
with a client certificate instead of a password. A cluster of its own, listening on
127.0.0.1 with TLS on, its certificates made here (``cryptography``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop_app.storage import StoreError, open_store
from desktop_app.storage.postgres import add_user, init_store
from desktop_app.workspace.messages import describe
from tests.storage.conftest import make_record
from tools import pg_cluster

CERT_PERSON = "certified_drafter"
MANDATES = ["freedom-of-expression", "human-rights-defenders"]  # make_record's team


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _authority(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _issued(authority: tuple[ec.EllipticCurvePrivateKey, x509.Certificate], common: str,
            *, hosts: list[str] | None = None) -> tuple[ec.EllipticCurvePrivateKey,
                                                         x509.Certificate]:
    ca_key, ca_cert = authority
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(_name(common))
               .issuer_name(ca_cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=2))
               .add_extension(x509.ExtendedKeyUsage(
                   [ExtendedKeyUsageOID.SERVER_AUTH if hosts else
                    ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False))
    if hosts:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def _write(folder: Path, stem: str, pair: tuple[ec.EllipticCurvePrivateKey,
                                                  x509.Certificate]) -> tuple[Path, Path]:
    key, cert = pair
    key_path, cert_path = folder / f"{stem}.key", folder / f"{stem}.crt"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)  # both the server and libpq refuse a key others may read
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TlsServer:
    cluster: pg_cluster.Cluster
    folder: Path  # the certificates
    database: str
    password: str

    def url(self, user: str, *, ca: str = "ca.crt", host: str = "localhost",
            client: str | None = None, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        url = (f"postgresql://{user}{secret}@{host}:{self.cluster.port}/{self.database}"
               f"?sslmode=verify-full&sslrootcert={self.folder / ca}")
        if client:
            url += f"&sslcert={self.folder / client}.crt&sslkey={self.folder / client}.key"
        return url


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    if pg_cluster.find_bindir() is None:
        if os.environ.get("COMMDRAFT_REQUIRE_POSTGRES"):
            pytest.fail("COMMDRAFT_REQUIRE_POSTGRES is set but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed: the TLS test needs its server binaries")
    folder = tmp_path_factory.mktemp("tls")
    branch = _authority("Branch CA")
    _write(folder, "ca", branch)
    _write(folder, "other-ca", _authority("Someone else's CA"))
    server_key, server_cert = _write(folder, "server", _issued(branch, "localhost",
                                                               hosts=["localhost"]))
    _write(folder, "client", _issued(branch, CERT_PERSON))
    _write(folder, "stranger", _issued(_authority("Someone else's CA"), CERT_PERSON))
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    # The server's own copies, its key readable by it alone, where it can reach them (under
    # root it runs as postgres, which cannot enter pytest's folders).
    served = Path(tempfile.mkdtemp(prefix="commdraft-tls-", dir="/tmp" if as_root else None))
    for path in (server_key, server_cert, folder / "ca.crt"):
        shutil.copy(path, served / path.name)
        if as_root:
            shutil.chown(served / path.name, user=pg_cluster.SUPERUSER)
    if as_root:
        shutil.chown(served, user=pg_cluster.SUPERUSER)
    cluster = pg_cluster.start(
        port=_free_port(), listen="127.0.0.1",
        hba_first=(f"hostssl all {CERT_PERSON} 127.0.0.1/32 cert\n"
                   "hostssl all all 127.0.0.1/32 scram-sha-256\n"),
        conf=(f"ssl = on\nssl_cert_file = '{served / 'server.crt'}'\n"
              f"ssl_key_file = '{served / 'server.key'}'\n"
              f"ssl_ca_file = '{served / 'ca.crt'}'\n"))
    try:
        with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
            conn.execute("CREATE DATABASE branch")
        admin = cluster.dsn(pg_cluster.SUPERUSER, "branch")
        init_store(admin)
        add_user(admin, "asmith", role="drafter", mandates=MANDATES, password="pw-asmith")
        add_user(admin, CERT_PERSON, role="drafter", mandates=MANDATES)  # no password
        yield TlsServer(cluster, folder, "branch", "pw-asmith")
    finally:
        cluster.remove()
        shutil.rmtree(served, ignore_errors=True)


def test_a_password_login_over_verified_tls(tls_server: TlsServer) -> None:
    url = tls_server.url("asmith", password=tls_server.password)
    with open_store(url) as store:
        saved = store.save(make_record(), base_revision=None)
        assert [row.id for row in store.list()] == [saved["id"]]
    with psycopg.connect(url) as conn:  # what the store's connections are: encrypted
        ssl, version = conn.execute(
            "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    assert ssl is True and version.startswith("TLSv1.")


def test_a_client_certificate_logs_in_without_a_password(tls_server: TlsServer) -> None:
    with open_store(tls_server.url(CERT_PERSON, client="client")) as store:
        saved = store.save(make_record(), base_revision=None)
        assert saved["id"] in {row.id for row in store.list()}
        assert store.history(saved["id"])[0].saved_by == CERT_PERSON


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"ca": "other-ca.crt"}, "certificate verify failed"),  # not the branch's CA
        ({"host": "127.0.0.1"}, "does not match host name"),  # the certificate says localhost
        ({"client": "stranger"}, "unknown ca"),  # a client certificate the branch never made
        ({}, "certificate"),  # the certificate's person, without the certificate
    ],
)
def test_what_tls_refuses_is_refused_in_words(tls_server: TlsServer, options, words) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tls_server.url(CERT_PERSON, **options)).list()
    message = str(info.value)
    assert f"localhost:{tls_server.cluster.port}" in message or "127.0.0.1" in message
    assert words.lower() in message.lower()
    # Said as what it is, a refused secure connection, not as a server that is down.
    assert info.value.code == "store.server_tls" and "cannot be reached" not in message
    words_ar = describe(info.value, "ar")  # in the user's language, as every error
    assert "{" not in words_ar and "الشهادة" in words_ar


@pytest.mark.parametrize(
    ("detail", "code"),
    [
        ("connection failed: SSL error: certificate verify failed", "store.server_tls"),
        ("server certificate for \"db\" does not match host name \"x\"", "store.server_tls"),
        ("SSL error: tlsv1 alert unknown ca", "store.server_tls"),
        # Over TLS, a server restarting or a cable pulled: a lost connection, said as such.
        ("SSL SYSCALL error: EOF detected", "store.server_unreachable"),
        ("SSL connection has been closed unexpectedly", "store.server_unreachable"),
        ("password authentication failed for user \"x\"", "store.server_login"),
    ],
)
def test_driver_errors_over_tls_are_told_apart(detail: str, code: str) -> None:
    from desktop_app.storage.postgres.errors import translate

    assert translate(psycopg.OperationalError(detail), "db:5432/branch",
                     lock_timeout=5).code == code
