"""Encryption at rest: the AES-256-GCM codec, the passphrase KDF and the meta.json entry."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from desktop_app.storage import StoreCorruptError, StoreError
from desktop_app.storage.log.crypto import (
    CIPHER,
    DEFAULT_ARGON2ID,
    DEFAULT_SCRYPT,
    AeadCodec,
    DecryptionError,
    EncryptionMetaError,
    WrongPassphraseError,
    argon2id_available,
    derive_key,
    new_encryption,
    unlock,
)

#: Tiny KDF costs keep the tests fast; the defaults are checked separately, and once for real.
FAST_ARGON2ID = {"memory_cost": 64, "iterations": 1, "lanes": 1}
FAST_SCRYPT = {"n": 2**4, "r": 8, "p": 1}
PASSPHRASE = "correct horse battery staple – ключ – 密码"
SECRET = "Dinara Smailova, witness statement: détenue 2024-03-18".encode()
AAD = b"cases/demo-smailova.log"


@pytest.fixture(params=["argon2id", "scrypt"])
def kdf(request: pytest.FixtureRequest) -> str:
    if request.param == "argon2id" and not argon2id_available():
        pytest.skip("this cryptography has no Argon2id")
    return str(request.param)


def fast(kdf: str) -> dict[str, int]:
    return FAST_ARGON2ID if kdf == "argon2id" else FAST_SCRYPT


@pytest.fixture
def encryption(kdf: str) -> tuple[AeadCodec, dict[str, Any]]:
    return new_encryption(PASSPHRASE, kdf=kdf, kdf_params=fast(kdf))


# --------------------------------------------------------------------------- codec
def test_round_trip() -> None:
    codec = AeadCodec(b"k" * 32)
    for plaintext in (b"", b"x", SECRET, bytes(range(256)) * 100):
        token = codec.seal(plaintext, AAD)
        assert codec.open(token, AAD) == plaintext


def test_a_token_is_one_line_of_urlsafe_base64() -> None:
    token = AeadCodec(b"k" * 32).seal(SECRET + b"\n" * 50, AAD)
    assert b"\n" not in token and b"\r" not in token
    assert set(token) <= set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
    # 12-byte nonce + ciphertext + 16-byte tag
    assert len(base64.urlsafe_b64decode(token)) == 12 + len(SECRET) + 50 + 16


def test_a_token_read_with_its_line_ending_opens() -> None:
    codec = AeadCodec(b"k" * 32)
    token = codec.seal(SECRET, AAD)
    assert codec.open(token + b"\n", AAD) == SECRET
    assert codec.open(token + b"\r\n", AAD) == SECRET


def test_two_seals_of_the_same_plaintext_differ() -> None:
    codec = AeadCodec(b"k" * 32)
    tokens = {codec.seal(SECRET, AAD) for _ in range(100)}
    assert len(tokens) == 100
    nonces = {base64.urlsafe_b64decode(t)[:12] for t in tokens}
    assert len(nonces) == 100


def test_no_plaintext_in_sealed_output() -> None:
    codec = AeadCodec(b"k" * 32)
    plaintext = json.dumps({"name": "Dinara Smailova", "source": "NeMolchiKZ"}).encode()
    token = codec.seal(plaintext, AAD)
    raw = base64.urlsafe_b64decode(token)
    for needle in (b"Dinara", b"Smailova", b"NeMolchiKZ", b"name", b"source"):
        assert needle not in token
        assert needle not in raw
        assert base64.urlsafe_b64encode(needle)[:6] not in token


@pytest.mark.parametrize("position", [0, 5, 11, 12, 20, -17, -1])
def test_a_tampered_byte_is_refused(position: int) -> None:
    codec = AeadCodec(b"k" * 32)
    raw = bytearray(base64.urlsafe_b64decode(codec.seal(SECRET, AAD)))
    raw[position] ^= 0x01  # nonce, ciphertext and tag: each is covered
    with pytest.raises(DecryptionError, match="altered"):
        codec.open(base64.urlsafe_b64encode(bytes(raw)), AAD)


def test_truncated_or_garbage_tokens_are_refused() -> None:
    codec = AeadCodec(b"k" * 32)
    token = codec.seal(SECRET, AAD)
    for bad in (b"", token[:10], token[:-4], b"not base64 at all!", b"\xff\xfe", token + b"AA"):
        with pytest.raises(DecryptionError):
            codec.open(bad, AAD)


def test_a_line_moved_to_another_file_is_refused() -> None:
    codec = AeadCodec(b"k" * 32)
    token = codec.seal(SECRET, b"cases/a.log")
    with pytest.raises(DecryptionError, match="cases/b.log") as caught:
        codec.open(token, b"cases/b.log")
    assert isinstance(caught.value, StoreError)
    assert "altered" in str(caught.value) and "key is wrong" in str(caught.value)


def test_another_key_is_refused() -> None:
    token = AeadCodec(b"k" * 32).seal(SECRET, AAD)
    with pytest.raises(DecryptionError):
        AeadCodec(b"K" * 32).open(token, AAD)


def test_the_key_is_256_bits_and_not_shown() -> None:
    with pytest.raises(ValueError):
        AeadCodec(b"k" * 16)
    codec = AeadCodec(b"secret-key-material-32-bytes-xx!")
    assert "secret" not in repr(codec)
    assert not hasattr(codec, "__dict__")


# --------------------------------------------------------------------------- passphrase
def test_new_encryption_then_unlock(encryption: tuple[AeadCodec, dict[str, Any]]) -> None:
    codec, entry = encryption
    token = codec.seal(SECRET, AAD)
    reopened = unlock(json.loads(json.dumps(entry)), PASSPHRASE)  # as read back from meta.json
    assert reopened.open(token, AAD) == SECRET
    assert reopened.seal(SECRET, AAD) != token


def test_the_meta_entry(kdf: str, encryption: tuple[AeadCodec, dict[str, Any]]) -> None:
    _, entry = encryption
    assert set(entry) == {"cipher", "kdf", "kdf_params", "salt", "check"}
    assert entry["cipher"] == CIPHER == "AES-256-GCM"
    assert entry["kdf"] == kdf
    assert entry["kdf_params"] == fast(kdf)
    assert len(base64.b64decode(entry["salt"])) == 16
    json.dumps(entry)  # meta.json holds it as it is


def test_the_meta_entry_holds_no_key_material(
    kdf: str, encryption: tuple[AeadCodec, dict[str, Any]]
) -> None:
    codec, entry = encryption
    salt = base64.b64decode(entry["salt"])
    key = derive_key(PASSPHRASE, kdf, entry["kdf_params"], salt)
    # It is the codec's key ...
    assert AeadCodec(key).open(codec.seal(SECRET, AAD), AAD) == SECRET
    # ... and no form of it is in the entry, nor is the passphrase.
    text = json.dumps(entry)
    for form in (key.hex(), base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode()):
        assert form[:16] not in text
    assert PASSPHRASE not in text and PASSPHRASE.encode().hex() not in text
    # The salt matters: another salt gives another key, and each workspace draws its own.
    assert derive_key(PASSPHRASE, kdf, entry["kdf_params"], bytes(16)) != key
    _, other = new_encryption(PASSPHRASE, kdf=kdf, kdf_params=fast(kdf))
    assert other["salt"] != entry["salt"]


def test_a_wrong_passphrase_is_refused(encryption: tuple[AeadCodec, dict[str, Any]]) -> None:
    _, entry = encryption
    for wrong in ("", "correct horse battery staple", PASSPHRASE.upper(), PASSPHRASE + " "):
        with pytest.raises(WrongPassphraseError, match="wrong passphrase") as caught:
            unlock(entry, wrong)
        assert isinstance(caught.value, StoreError)


def test_the_passphrase_is_compared_as_unicode_text(kdf: str) -> None:
    # "é" as one code point and as e + combining accent: the same passphrase to a person.
    _, entry = new_encryption("caf\u00e9", kdf=kdf, kdf_params=fast(kdf))
    unlock(entry, "cafe\u0301")


def test_an_empty_passphrase_is_refused() -> None:
    with pytest.raises(StoreError, match="passphrase"):
        new_encryption("", kdf_params=FAST_ARGON2ID)


def test_bad_kdf_params_from_the_caller_are_a_value_error() -> None:
    with pytest.raises(ValueError, match="memory_cost"):
        new_encryption(PASSPHRASE, kdf="argon2id", kdf_params={"memory_cost": 2})
    with pytest.raises(ValueError, match="kdf"):
        new_encryption(PASSPHRASE, kdf="md5")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cipher": "ChaCha20"}, "cipher"),
        ({"cipher": None}, "cipher"),
        ({"kdf": "pbkdf2"}, "kdf"),
        ({"kdf": 3}, "kdf"),
        ({"kdf_params": None}, "kdf_params"),
        ({"kdf_params": {"memory_cost": 64, "iterations": 1}}, "kdf_params.lanes"),
        ({"kdf_params": {**FAST_ARGON2ID, "iterations": "1"}}, "kdf_params.iterations"),
        ({"kdf_params": {**FAST_ARGON2ID, "iterations": True}}, "kdf_params.iterations"),
        ({"kdf_params": {**FAST_ARGON2ID, "memory_cost": 2**40}}, "kdf_params.memory_cost"),
        ({"kdf_params": {**FAST_ARGON2ID, "pepper": 1}}, "kdf_params.pepper"),
        ({"salt": None}, "salt"),
        ({"salt": "***"}, "salt"),
        ({"salt": "AAAA"}, "salt"),  # 3 bytes
        ({"check": ""}, "check"),
        ({"check": 12}, "check"),
        ({"check": "not base64!"}, "check"),
    ],
)
def test_a_malformed_entry_names_the_field(change: dict[str, Any], field: str) -> None:
    if not argon2id_available():
        pytest.skip("this cryptography has no Argon2id")
    _, entry = new_encryption(PASSPHRASE, kdf="argon2id", kdf_params=FAST_ARGON2ID)
    entry.update(change)
    with pytest.raises(EncryptionMetaError) as caught:
        unlock(entry, PASSPHRASE, source="/ws/store/meta.json")
    error = caught.value
    assert isinstance(error, StoreCorruptError)
    assert error.field == field
    assert f"encryption.{field}" in str(error)
    assert str(error).startswith("/ws/store/meta.json: ")


def test_a_malformed_scrypt_entry_names_the_field() -> None:
    _, entry = new_encryption(PASSPHRASE, kdf="scrypt", kdf_params=FAST_SCRYPT)
    entry["kdf_params"] = {**FAST_SCRYPT, "n": 1000}
    with pytest.raises(EncryptionMetaError, match=r"encryption\.kdf_params\.n: must be a power"):
        unlock(entry, PASSPHRASE)


def test_an_entry_that_is_not_an_object() -> None:
    with pytest.raises(EncryptionMetaError, match="must be an object"):
        unlock(["AES-256-GCM"], PASSPHRASE)


def test_a_tampered_check_is_refused(encryption: tuple[AeadCodec, dict[str, Any]]) -> None:
    _, entry = encryption
    raw = bytearray(base64.urlsafe_b64decode(entry["check"]))
    raw[-1] ^= 0x80
    entry["check"] = base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(WrongPassphraseError):
        unlock(entry, PASSPHRASE)


def test_the_defaults_are_the_strong_ones() -> None:
    assert DEFAULT_ARGON2ID["memory_cost"] >= 64 * 1024  # KiB: at least 64 MiB
    assert DEFAULT_ARGON2ID["iterations"] >= 3
    assert DEFAULT_SCRYPT["n"] >= 2**15 and DEFAULT_SCRYPT["r"] >= 8


def test_the_default_kdf_is_memory_hard_and_slow_enough() -> None:
    """One real derivation with the defaults (~0.4 s): guards against a default made weak."""
    started = time.perf_counter()
    codec, entry = new_encryption(PASSPHRASE)
    elapsed = time.perf_counter() - started
    if argon2id_available():
        assert entry["kdf"] == "argon2id"
        assert entry["kdf_params"] == DEFAULT_ARGON2ID
    else:
        assert entry["kdf"] == "scrypt"
        assert entry["kdf_params"] == DEFAULT_SCRYPT
    assert elapsed > 0.05  # a derivation that is instant is not memory-hard
    assert unlock(entry, PASSPHRASE).open(codec.seal(SECRET, AAD), AAD) == SECRET
