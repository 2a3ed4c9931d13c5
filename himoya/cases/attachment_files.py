"""Attachment files: what a file really is, and keeping it encrypted on disk.

A browser's declared content type and a file name's extension are claims; the first
bytes of the content are evidence. A file is accepted only when all three agree and
name one of the kinds we serve (PDF, JPEG, PNG), so nothing that a browser might run
(HTML, SVG, scripts) is ever stored under a harmless-looking name.

On disk a file is sealed with AES-GCM under the current field key (the key id is in
the blob, see crypto.encrypt_bytes) and stored under a random name: neither the disk
nor a backup shows the content or the original file name (which is kept encrypted in
the Attachment row). Key rotation re-seals them under a new key (sealed_attachments,
registered in CasesConfig.ready()).
"""

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from himoya.cases.models import Attachment
from himoya.core import crypto, text
from himoya.core.sealed_files import SealedFile

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# The file signatures ("magic numbers") of the three allowed kinds.
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
EXTENSIONS = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}}
# Names some browsers and phones still send for the same kinds.
DECLARED_ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "application/x-pdf": PDF}
FILENAME_MAX = 200


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes show, or None if none of ours."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def clean_filename(name: str) -> str:
    """The last path component only, one clean line (see himoya.core.text), of sane length."""
    return text.clean_filename(name, FILENAME_MAX)


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


def check_upload(uploaded) -> CheckedFile:
    """Read and check an uploaded file; ValidationError with the reason when refused."""
    max_bytes = settings.HIMOYA_ATTACHMENT_MAX_BYTES
    if uploaded is None:
        raise ValidationError(_("Choose a file to attach."), code="required")
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(max)s.") % {"max": filesizeformat(max_bytes)},
            code="too_large",
        )
    filename = clean_filename(uploaded.name)
    if not filename:
        raise ValidationError(_("The file has no name."), code="no_name")
    # Read one byte more than allowed: a size the client lied about is still caught.
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(max)s.") % {"max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    sniffed = sniff(data[:16])
    if sniffed is None:
        raise ValidationError(
            _("Only PDF, JPEG and PNG files can be attached; this file is none of them."),
            code="type",
        )
    declared = (uploaded.content_type or "").split(";")[0].strip().lower()
    declared = DECLARED_ALIASES.get(declared, declared)
    extension = os.path.splitext(filename)[1].lower()
    if declared != sniffed or extension not in EXTENSIONS[sniffed]:
        raise ValidationError(
            _(
                "The file's content does not match its name or declared type "
                "(it looks like %(kind)s). Rename it correctly or choose another file."
            )
            % {"kind": KIND_NAMES[sniffed]},
            code="mismatch",
        )
    return CheckedFile(filename=filename, content_type=sniffed, data=data)


KIND_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}


def _directory() -> Path:
    return Path(settings.HIMOYA_ATTACHMENT_DIR)


def _context(storage_name: str) -> str:
    # Bound into the ciphertext: a blob renamed to another attachment's name fails to open.
    return f"cases.attachment:{storage_name}"


def new_storage_name() -> str:
    return secrets.token_hex(32)


def path_of(storage_name: str) -> Path:
    if len(storage_name) != 64 or not all(ch in "0123456789abcdef" for ch in storage_name):
        raise ValueError("not an attachment storage name")
    return _directory() / storage_name[:2] / storage_name


def store(data: bytes) -> tuple[str, str]:
    """Encrypt and write `data`; return (storage name, sha256 of the plaintext)."""
    storage_name = new_storage_name()
    path = path_of(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".part")
    # Write then rename, so a crash never leaves a half-written file under the real name.
    with open(temporary, "xb") as handle:
        handle.write(crypto.encrypt_bytes(data, _context(storage_name)))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return storage_name, hashlib.sha256(data).hexdigest()


def load(storage_name: str) -> bytes:
    """The plaintext of a stored file; DecryptionError if it was altered or its key is gone."""
    return crypto.decrypt_bytes(path_of(storage_name).read_bytes(), _context(storage_name))


def remove(storage_name: str) -> None:
    """Delete a stored file (used when the row that names it was not written)."""
    with contextlib.suppress(FileNotFoundError):
        path_of(storage_name).unlink()


def sealed_attachments():
    """Every attachment's file, for key rotation (himoya.core.sealed_files)."""
    for attachment in Attachment.objects.order_by("pk").only("pk", "storage_name").iterator():
        name = attachment.storage_name
        yield SealedFile(pk=attachment.pk, path=path_of(name), context=_context(name))
