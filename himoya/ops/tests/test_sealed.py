"""The backup archive's sealing: any change, cut, reordering or wrong key is refused."""

import io
import struct

import pytest

from himoya.ops import sealed
from himoya.ops.sealed import OpeningReader, SealError, SealingWriter

KEY = "correct-horse-battery-staple"
DATA = bytes(range(256)) * 9000  # a little over two chunks


def seal(data: bytes = DATA, key: str = KEY) -> bytes:
    raw = io.BytesIO()
    writer = SealingWriter(raw, key)
    for start in range(0, len(data), 70_000):
        writer.write(data[start : start + 70_000])
    writer.close()
    return raw.getvalue()


def open_all(blob: bytes, key: str = KEY) -> bytes:
    reader = OpeningReader(io.BytesIO(blob), key)
    data = reader.read()
    reader.finish()
    return data


def chunks(blob: bytes) -> list[bytes]:
    found, at = [], sealed.HEADER_BYTES
    while at < len(blob):
        (size,) = struct.unpack(">I", blob[at : at + 4])
        found.append(blob[at : at + 4 + size])
        at += 4 + size
    return found


def test_round_trip_in_several_chunks():
    blob = seal()
    assert len(chunks(blob)) == 3
    assert open_all(blob) == DATA
    assert DATA[:1000] not in blob


def test_a_wrong_key_is_refused():
    with pytest.raises(SealError, match="key is wrong"):
        open_all(seal(), key="another-long-passphrase")


def test_a_short_key_is_refused():
    with pytest.raises(SealError, match="at least 16"):
        seal(key="short")


def test_a_flipped_bit_is_refused():
    blob = bytearray(seal())
    blob[len(blob) // 2] ^= 1
    with pytest.raises(SealError, match="altered"):
        open_all(bytes(blob))


def test_a_missing_last_chunk_is_refused():
    blob = seal()
    cut = blob[: len(blob) - len(chunks(blob)[-1])]
    with pytest.raises(SealError, match="cut off"):
        open_all(cut)


def test_reordered_chunks_are_refused():
    blob = seal()
    first, second, last = chunks(blob)
    with pytest.raises(SealError, match="altered"):
        open_all(blob[: sealed.HEADER_BYTES] + second + first + last)


def test_data_after_the_end_is_refused():
    with pytest.raises(SealError, match="after its end"):
        open_all(seal() + b"x")


def test_a_file_that_is_not_a_backup_is_refused():
    with pytest.raises(SealError, match="not a Himoya backup"):
        open_all(b"SQLite format 3\x00" + b"\x00" * 100)
