"""Encryption at rest for a workspace's store (optional, per workspace).

A passphrase is stretched into a 256-bit key by a memory-hard KDF (Argon2id; scrypt where the
installed ``cryptography`` lacks it) and every line the store writes is sealed with AES-256-GCM
by an :class:`AeadCodec`. ``meta.json`` keeps the ``"encryption"`` entry made by
:func:`new_encryption`: the cipher, the KDF and its parameters, the salt and a sealed known
plaintext (``check``) that tells a wrong passphrase from damaged data. Nothing in it is
secret: without the passphrase the key cannot be derived from it.

The store calls :func:`unlock` with that entry and the passphrase and gets back a codec with
the ``Codec`` protocol of ``desktop_app.storage.log.codec`` (``seal``/``open``); the plain,
unencrypted codec lives there too.

What this does not protect: the file names (case ids), sizes and times of the store's files,
and a key or plaintext in the memory of a running commdraft (Python cannot wipe them).
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.storage.errors import StoreCorruptError, StoreError

__all__ = [
    "CIPHER",
    "DEFAULT_ARGON2ID",
    "DEFAULT_SCRYPT",
    "AeadCodec",
    "DecryptionError",
    "EncryptionMetaError",
    "WrongPassphraseError",
    "argon2id_available",
    "derive_key",
    "new_encryption",
    "unlock",
]

CIPHER = "AES-256-GCM"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce: other sizes are hashed into one, for no gain
TAG_BYTES = 16
SALT_BYTES = 16

#: Argon2id defaults. Measured on the development machine (2 cores, cryptography 50 with its
#: OpenSSL backend, which runs the 4 lanes one after the other; other jobs running): median
#: 0.42 s, 0.39-0.44 s per derivation, peak RSS ~156 MiB. 128 MiB makes each guess at a stolen
#: workspace's passphrase cost a GPU or ASIC as much memory as it costs us; 5 passes bring the
#: time to the 0.3-0.5 s a person waits at unlock without minding (4 passes measured
#: 0.26-0.41 s, too close to the floor). 4 lanes as RFC 9106 recommends (a backend with threads
#: uses them). memory_cost is in KiB.
DEFAULT_ARGON2ID: dict[str, int] = {"memory_cost": 128 * 1024, "iterations": 5, "lanes": 4}

#: scrypt, only where Argon2id is not available: n=2**17, r=8 uses 128 * r * n = 128 MiB
#: and took ~0.39 s on the same machine (stronger than the n=2**15 floor, for the same reason).
DEFAULT_SCRYPT: dict[str, int] = {"n": 2**17, "r": 8, "p": 1}

#: Bounds on parameters read from meta.json: a damaged (or hostile) entry must give a clear
#: error, not make unlock allocate gigabytes or spin for an hour. The lower bounds are the
#: algorithms' own minimums, so tests may use tiny, fast parameters.
_ARGON2ID_BOUNDS = {"memory_cost": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 64)}
_SCRYPT_BOUNDS = {"n": (2, 2**22), "r": (1, 32), "p": (1, 16)}
_SCRYPT_MAX_MEMORY = 2 * 1024**3  # 128 * r * n bytes

#: The known plaintext sealed into ``check``, and its own aad so no store line can stand in
#: for it (the store's aad values name files and never equal this).
_CHECK_PLAINTEXT = b"commdraft encryption check, version 1"
_CHECK_AAD = b"commdraft/encryption-check/1"


# --------------------------------------------------------------------------- errors
class WrongPassphraseError(StoreError):
    """The passphrase does not open the workspace's store."""

    code = "store.wrong_passphrase"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "wrong passphrase: it does not unlock this workspace's encrypted store "
            "(nothing was read or changed); check the keyboard layout and Caps Lock"
        )


class DecryptionError(StoreError):
    """A sealed line that does not open: altered or damaged on disk, or sealed with another key
    (or for another place in the store: the aad differs)."""

    code = "store.cannot_decrypt"

    def __init__(self, where: str | None = None) -> None:
        self.where = where
        at = f" ({where})" if where else ""
        super().__init__(
            f"cannot decrypt stored data{at}: the data was altered or damaged, or the key is "
            "wrong; it was left as it is"
        )


class EncryptionMetaError(StoreCorruptError):
    """The ``encryption`` entry of meta.json is malformed; ``field`` names the wrong field."""

    def __init__(self, field: str, reason: str, path: Path | str = "meta.json") -> None:
        self.field = field
        self.reason = reason
        super().__init__(path, f"encryption.{field}: {reason}")


# --------------------------------------------------------------------------- the codec
class AeadCodec:
    """AES-256-GCM with a fresh random 96-bit nonce per seal.

    A token is ``urlsafe-base64(nonce + ciphertext + tag)``: ASCII without a newline, so it is
    one line of a log file. ``aad`` is authenticated, not stored: the store passes where the
    line belongs (e.g. the case file), so a line moved to another file does not open.

    Random nonces are safe up to ~2**32 seals per key (NIST SP 800-38D); a workspace makes
    far fewer saves than that in its life.
    """

    __slots__ = ("_aead",)

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
            raise ValueError(f"an AES-256-GCM key is {KEY_BYTES} bytes")
        # Only the AESGCM object keeps the key, so neither repr() nor a traceback shows it.
        self._aead = AESGCM(bytes(key))

    def __repr__(self) -> str:
        return f"AeadCodec({CIPHER})"

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, bytes(plaintext), bytes(aad))
        return base64.urlsafe_b64encode(nonce + sealed)

    def open(self, token: bytes, aad: bytes) -> bytes:
        # A line read with its end of line (b"\n", or b"\r\n" after a Windows editor) is the
        # same token; anything else that is not urlsafe base64 is damage.
        token = bytes(token).strip(b" \t\r\n")
        try:
            raw = base64.b64decode(token, altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            raise DecryptionError(_where(aad, "not a sealed token")) from None
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError(_where(aad, "too short to be a sealed token"))
        try:
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bytes(aad))
        except InvalidTag:
            raise DecryptionError(_where(aad)) from None


def _where(aad: bytes, detail: str | None = None) -> str | None:
    """What to name in a DecryptionError: the aad when it is short readable text (the store
    passes a file name there), plus what was wrong with the token."""
    parts: list[str] = []
    try:
        text = bytes(aad).decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and len(text) <= 120 and text.isprintable():
        parts.append(f"for {text!r}")
    if detail:
        parts.append(detail)
    return ", ".join(parts) or None


# --------------------------------------------------------------------------- the key
@functools.cache
def argon2id_available() -> bool:
    """Whether this ``cryptography`` (>= 44, on a backend that has it) derives Argon2id."""
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    except ImportError:
        return False
    try:
        # The module exists on backends without the algorithm, which refuse it only when used.
        Argon2id(salt=b"\0" * 8, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"x")
    except UnsupportedAlgorithm:
        return False
    return True


def derive_key(passphrase: str, kdf: str, kdf_params: Mapping[str, Any], salt: bytes) -> bytes:
    """The 32-byte key of ``passphrase`` under a KDF, its parameters (checked) and a salt."""
    params = _check_kdf_params(kdf, kdf_params)
    secret = _passphrase_bytes(passphrase)
    if kdf == "argon2id":
        if not argon2id_available():
            raise StoreError(
                "this workspace's store is encrypted with an Argon2id key, which the installed "
                "'cryptography' library cannot derive: update it (version 44 or later)"
            )
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        return Argon2id(
            salt=salt, length=KEY_BYTES, iterations=params["iterations"], lanes=params["lanes"],
            memory_cost=params["memory_cost"],
        ).derive(secret)
    return Scrypt(salt=salt, length=KEY_BYTES, **params).derive(secret)


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str):
        raise TypeError("the passphrase is text")
    # One passphrase, one key: "é" typed as one code point (Windows) or as e + accent (some
    # macOS input paths) must unlock the same store.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _check_kdf_params(kdf: str, params: Any) -> dict[str, int]:
    if kdf == "argon2id":
        bounds = _ARGON2ID_BOUNDS
    elif kdf == "scrypt":
        bounds = _SCRYPT_BOUNDS
    else:
        raise EncryptionMetaError("kdf", f"unknown KDF {kdf!r}; this commdraft knows argon2id, scrypt")
    if not isinstance(params, Mapping):
        raise EncryptionMetaError("kdf_params", f"must be an object, not {type(params).__name__}")
    unknown = sorted(set(params) - set(bounds))
    if unknown:
        raise EncryptionMetaError(f"kdf_params.{unknown[0]}", f"is not a parameter of {kdf}")
    checked: dict[str, int] = {}
    for name, (low, high) in bounds.items():
        value = params.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise EncryptionMetaError(f"kdf_params.{name}", f"must be a whole number (got {value!r})")
        if not low <= value <= high:
            raise EncryptionMetaError(f"kdf_params.{name}", f"must be {low} to {high} (got {value})")
        checked[name] = value
    if kdf == "argon2id" and checked["memory_cost"] < 8 * checked["lanes"]:
        raise EncryptionMetaError("kdf_params.memory_cost", "must be at least 8 KiB per lane")
    if kdf == "scrypt":
        n = checked["n"]
        if n & (n - 1):
            raise EncryptionMetaError("kdf_params.n", f"must be a power of 2 (got {n})")
        if 128 * checked["r"] * n > _SCRYPT_MAX_MEMORY:
            raise EncryptionMetaError("kdf_params", "ask for more than 2 GiB of memory")
    return checked


# --------------------------------------------------------------------------- meta entry
def new_encryption(
    passphrase: str,
    *,
    kdf: str | None = None,
    kdf_params: Mapping[str, int] | None = None,
) -> tuple[AeadCodec, dict[str, Any]]:
    """A new key for a store: its codec and the ``encryption`` entry for meta.json.

    ``kdf`` defaults to argon2id (scrypt where it is unavailable); ``kdf_params`` overrides
    some of the defaults (tests pass a small ``memory_cost`` to stay fast). The entry holds
    no key material: only the salt, the parameters and a sealed known plaintext.
    """
    if not isinstance(passphrase, str) or not passphrase:
        raise StoreError("an encrypted store needs a passphrase; it cannot be empty")
    if kdf is None:
        kdf = "argon2id" if argon2id_available() else "scrypt"
    defaults = DEFAULT_ARGON2ID if kdf == "argon2id" else DEFAULT_SCRYPT
    try:
        params = _check_kdf_params(kdf, {**defaults, **(kdf_params or {})})
    except EncryptionMetaError as exc:
        # Bad arguments are the caller's bug, not a damaged file.
        raise ValueError(f"{exc.field}: {exc.reason}") from None
    salt = os.urandom(SALT_BYTES)
    codec = AeadCodec(derive_key(passphrase, kdf, params, salt))
    entry: dict[str, Any] = {
        "cipher": CIPHER,
        "kdf": kdf,
        "kdf_params": params,
        "salt": base64.b64encode(salt).decode("ascii"),
        "check": codec.seal(_CHECK_PLAINTEXT, _CHECK_AAD).decode("ascii"),
    }
    return codec, entry


def unlock(
    meta_entry: Any, passphrase: str, *, source: Path | str = "meta.json"
) -> AeadCodec:
    """The codec of a store from its meta.json ``encryption`` entry and the passphrase.

    WrongPassphraseError when the passphrase does not open ``check``; EncryptionMetaError
    (a StoreCorruptError naming ``source`` and the field) when the entry is malformed.
    """
    if not isinstance(meta_entry, Mapping):
        raise EncryptionMetaError(
            "(entry)", f"must be an object, not {type(meta_entry).__name__}", source
        )
    try:
        cipher = meta_entry.get("cipher")
        if cipher != CIPHER:
            raise EncryptionMetaError(
                "cipher", f"unknown cipher {cipher!r}; this commdraft knows {CIPHER}"
            )
        kdf = meta_entry.get("kdf")
        if not isinstance(kdf, str):
            raise EncryptionMetaError("kdf", f"must be text (got {kdf!r})")
        params = _check_kdf_params(kdf, meta_entry.get("kdf_params"))
        salt = _b64_field(meta_entry, "salt", altchars=None)
        if len(salt) < 8:
            raise EncryptionMetaError("salt", f"is {len(salt)} bytes; a salt has at least 8")
        check = meta_entry.get("check")
        if not isinstance(check, str) or not check:
            raise EncryptionMetaError("check", "must be the sealed check text")
        _b64_field(meta_entry, "check", altchars=b"-_")
    except EncryptionMetaError as exc:
        # The helpers do not know which file the entry came from; the caller does.
        raise EncryptionMetaError(exc.field, exc.reason, source) from None

    codec = AeadCodec(derive_key(passphrase, kdf, params, salt))
    try:
        plaintext = codec.open(check.encode("ascii"), _CHECK_AAD)
    except DecryptionError:
        # A wrong key and an altered check look alike to GCM; a wrong passphrase is far likelier.
        raise WrongPassphraseError() from None
    if plaintext != _CHECK_PLAINTEXT:
        raise EncryptionMetaError("check", "opens, but not to the known check text", source)
    return codec


def _b64_field(entry: Mapping[str, Any], name: str, *, altchars: bytes | None) -> bytes:
    value = entry.get(name)
    if not isinstance(value, str):
        raise EncryptionMetaError(name, f"must be base64 text (got {type(value).__name__})")
    try:
        return base64.b64decode(value.encode("ascii"), altchars=altchars, validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise EncryptionMetaError(name, "is not valid base64") from None

