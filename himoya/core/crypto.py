"""Field encryption at rest (AES-256-GCM) and keyed blind indexes.

HIMOYA_FIELD_KEYS holds "id:base64key" entries separated by commas. The first key
encrypts; every key decrypts, so keys can be rotated (`himoya keys rotate`). A stored
value is "hmy1:<key id>:<base64(nonce + ciphertext + tag)>". The column's name is bound
into the ciphertext as associated data, so a value copied into another column fails to
decrypt instead of being shown in the wrong place. A value under an unknown key, or one
that fails authentication, raises: it never returns garbage.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "hmy1"
NONCE_BYTES = 12
KEY_BYTES = 32
# AES-GCM appends a 16-byte tag; anything shorter than nonce + tag was cut or forged.
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key, or altered data."""


@functools.cache
def _parse_keys(raw: str) -> tuple[tuple[str, bytes], ...]:
    # Messages name the variable and the key id, never the key material.
    keys = []
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id.isascii() or not key_id.isalnum():
            raise ImproperlyConfigured(
                "HIMOYA_FIELD_KEYS entries must look like id:base64key (id letters and digits)"
            )
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            raise ImproperlyConfigured(f"HIMOYA_FIELD_KEYS key {key_id!r} is not base64") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"HIMOYA_FIELD_KEYS key {key_id!r} must be {KEY_BYTES} bytes (base64 of "
                f"os.urandom({KEY_BYTES}))"
            )
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured("HIMOYA_FIELD_KEYS holds no key")
    if len({key_id for key_id, _key in keys}) != len(keys):
        raise ImproperlyConfigured("HIMOYA_FIELD_KEYS has the same key id twice")
    return tuple(keys)


def check_key_ring(raw: str) -> None:
    """Raise ImproperlyConfigured (naming HIMOYA_FIELD_KEYS) unless `raw` is a valid ring."""
    _parse_keys(raw)


def generate_key_entry(key_id: str) -> str:
    """A new "id:base64key" entry, e.g. for `python -c` or the demo."""
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def key_ring() -> tuple[tuple[str, bytes], ...]:
    return _parse_keys(settings.HIMOYA_FIELD_KEYS)


def current_key_id() -> str:
    return key_ring()[0][0]


def encrypt(plaintext: str, context: str) -> str:
    key_id, key = key_ring()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1]:
        raise DecryptionError("the stored value is not an encrypted Himoya value")
    return parts[1]


def decrypt(stored: str, context: str) -> str:
    key_id = key_id_of(stored)
    keys = dict(key_ring())
    if key_id not in keys:
        raise DecryptionError(f"the value was encrypted with key {key_id!r}, which is not loaded")
    try:
        blob = base64.b64decode(stored.split(":", 2)[2], validate=True)
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise ValueError("too short")
        plain = AESGCM(keys[key_id]).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode()
        )
        return plain.decode("utf-8")
    except (binascii.Error, InvalidTag, ValueError):
        # UnicodeDecodeError is a ValueError too; never hand back partial or garbled text.
        raise DecryptionError(f"the value under key {key_id!r} fails authentication") from None


def _blind_index_key() -> bytes:
    # Derived from the newest key, so rotation recomputes indexes (see keys rotate).
    return hmac.new(key_ring()[0][1], b"himoya blind index v1", hashlib.sha256).digest()


def normalise_name(name: str) -> str:
    """Fold case, accents and spacing so "Ра’но  Каримова" and "раъно каримова" match."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    # Tajik writes the glottal stop as ъ or as an apostrophe; accents (ӣ, ӯ, ё) fold
    # to their base letters because NFKD splits off the combining mark.
    letters = "".join(ch for ch in folded if (ch.isalnum() and ch != "ъ") or ch.isspace())
    return " ".join(letters.split())


def blind_index(scope: str, *parts: str) -> str:
    """A keyed hash for equality look-ups; `scope` (e.g. the organisation) keeps indexes
    of different organisations unlinkable."""
    message = "\x1f".join([scope, *parts]).encode("utf-8")
    return hmac.new(_blind_index_key(), message, hashlib.sha256).hexdigest()


BYTES_PREFIX = b"hmyb1:"


def encrypt_bytes(plaintext: bytes, context: str) -> bytes:
    """Seal a file's bytes with the current key: b"hmyb1:<key id>:" + nonce + ciphertext.

    The key id travels in the blob so that a file written before a rotation still opens.
    """
    key_id, key = key_ring()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext, context.encode())
    return BYTES_PREFIX + key_id.encode() + b":" + nonce + sealed


def decrypt_bytes(blob: bytes, context: str) -> bytes:
    """Open a blob from encrypt_bytes; an unknown key or altered bytes raise DecryptionError."""
    if not blob.startswith(BYTES_PREFIX):
        raise DecryptionError("the file is not an encrypted Himoya file")
    key_id_raw, sep, rest = blob[len(BYTES_PREFIX) :].partition(b":")
    key_id = key_id_raw.decode("ascii", "replace")
    keys = dict(key_ring())
    if not sep or key_id not in keys:
        raise DecryptionError(f"the file was encrypted with key {key_id!r}, which is not loaded")
    try:
        return AESGCM(keys[key_id]).decrypt(
            rest[:NONCE_BYTES], rest[NONCE_BYTES:], context.encode()
        )
    except (InvalidTag, ValueError):
        raise DecryptionError(f"the file under key {key_id!r} fails authentication") from None


def key_id_of_bytes(blob: bytes) -> str:
    """The key id an encrypt_bytes blob was sealed with (for rotation)."""
    if not blob.startswith(BYTES_PREFIX):
        raise DecryptionError("the file is not an encrypted Himoya file")
    key_id_raw, sep, _rest = blob[len(BYTES_PREFIX) :].partition(b":")
    if not sep:
        raise DecryptionError("the file is not an encrypted Himoya file")
    return key_id_raw.decode("ascii", "replace")
