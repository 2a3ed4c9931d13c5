"""The backup archive's encryption: AES-256-GCM in authenticated chunks.

A backup is written as a stream, so it is sealed in chunks of up to 1 MiB. The file is

    MAGIC (16 bytes) | salt (16) | nonce prefix (8) | chunk | chunk | ...

and each chunk is a 4-byte big-endian length followed by AES-GCM ciphertext (with its
16-byte tag). The key is derived from the operator's backup key with scrypt and the salt.
Each chunk's nonce is the prefix plus the chunk's number, and its associated data binds
the header, the number and whether it is the last chunk: a chunk that is altered, moved,
dropped or cut off, or an archive that ends before its last chunk, fails to open.

The backup key is the operator's, given at run time; it is never the field keys, and it
is never written into the archive.
"""

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"HIMOYA-BACKUP-1\n"
SALT_BYTES = 16
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + SALT_BYTES + PREFIX_BYTES
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16
MIN_KEY_CHARS = 16


class SealError(Exception):
    """The archive cannot be opened: wrong key, altered, cut off, or not a backup."""


def derive_key(secret: str, salt: bytes) -> bytes:
    if len(secret) < MIN_KEY_CHARS:
        raise SealError(f"the backup key must be at least {MIN_KEY_CHARS} characters long")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(secret.encode())


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def _associated(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">QB", number, 1 if last else 0)


class SealingWriter:
    """A write-only file object that seals what is written to `raw`; close() ends it."""

    def __init__(self, raw, secret: str):
        salt = os.urandom(SALT_BYTES)
        self._prefix = os.urandom(PREFIX_BYTES)
        self._header = MAGIC + salt + self._prefix
        self._aead = AESGCM(derive_key(secret, salt))
        self._raw = raw
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        raw.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        if self._number >= 2**32 - 1:
            raise SealError("the archive is too large")
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._number),
            plain,
            _associated(self._header, self._number, last),
        )
        self._raw.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True
            self._raw.flush()


class OpeningReader:
    """A read-only file object over a sealed archive; every chunk is checked as it comes.

    read() raises SealError on a chunk that fails; finish() raises it unless the last
    chunk was read and nothing follows it.
    """

    def __init__(self, raw, secret: str):
        header = raw.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
            raise SealError("this file is not a Himoya backup")
        salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
        self._prefix = header[len(MAGIC) + SALT_BYTES :]
        self._header = header
        self._aead = AESGCM(derive_key(secret, salt))
        self._raw = raw
        self._buffer = b""
        self._number = 0
        self._ended = False

    def _next_chunk(self) -> bytes:
        size_bytes = self._raw.read(4)
        if len(size_bytes) != 4:
            raise SealError("the backup is cut off: its last part is missing")
        (size,) = struct.unpack(">I", size_bytes)
        if size < TAG_BYTES or size > CHUNK_BYTES + TAG_BYTES:
            raise SealError("the backup is damaged")
        sealed = self._raw.read(size)
        if len(sealed) != size:
            raise SealError("the backup is cut off: its last part is missing")
        nonce = _nonce(self._prefix, self._number)
        for last in (False, True):
            try:
                plain = self._aead.decrypt(
                    nonce, sealed, _associated(self._header, self._number, last)
                )
            except InvalidTag:
                continue
            self._number += 1
            self._ended = last
            return plain
        if self._number == 0:
            raise SealError("the backup key is wrong, or the backup was altered")
        raise SealError("the backup was altered or damaged")

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) < size) and not self._ended:
            self._buffer += self._next_chunk()
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def finish(self) -> None:
        """Read to the end: the last chunk must be there, and nothing after it."""
        while not self._ended:
            self._next_chunk()
        if self._raw.read(1):
            raise SealError("the backup has data after its end: it was altered")
