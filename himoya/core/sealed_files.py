"""Files sealed with the field keys (core.crypto.encrypt_bytes), for key rotation.

An app that keeps such files on disk registers them in its AppConfig.ready();
`himoya keys rotate` (clients.keys) re-seals every registered file under the current
key. core imports no app, so this is how rotation finds the cases' attachments.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SealedFile:
    """One file: the row that names it (its primary key), where it lies, and the
    context its ciphertext is bound to."""

    pk: object
    path: Path
    context: str


@dataclass(frozen=True)
class SealedFiles:
    """An app's sealed files: `label` names them in errors ("cases.Attachment"), and
    `files()` yields every one of them, in a stable order."""

    label: str
    files: Callable[[], Iterable[SealedFile]]


_stores: list[SealedFiles] = []


def register_sealed_files(store: SealedFiles) -> None:
    if all(registered.label != store.label for registered in _stores):
        _stores.append(store)


def sealed_file_stores() -> list[SealedFiles]:
    return list(_stores)
