"""How bytes are sealed before they reach the disk: the seam where encryption slots in.

Every line of a log file and every whole file the store writes besides meta.json goes through
a :class:`Codec`. ``aad`` ("additional authenticated data") is the file's name relative to
the store root: an encrypting codec binds each token to it, so a line or file cannot be moved
to another file unnoticed. :class:`PlainCodec` stores the bytes as they are.
"""

from __future__ import annotations

from typing import Protocol


class Codec(Protocol):
    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """``plaintext`` made ready for the disk. For a log line it must hold no b"\\n"."""
        ...

    def open(self, token: bytes, aad: bytes) -> bytes:
        """The plaintext of what :meth:`seal` returned with the same ``aad``; raises if the
        token is damaged, forged, sealed for another file, or the key is wrong."""
        ...


class PlainCodec:
    """No encryption: what is written is the plaintext itself (compact UTF-8 JSON)."""

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        return plaintext

    def open(self, token: bytes, aad: bytes) -> bytes:
        return token

    def __repr__(self) -> str:
        return "PlainCodec()"


PLAIN = PlainCodec()
