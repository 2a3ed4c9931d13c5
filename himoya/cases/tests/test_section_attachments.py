"""Attachments: sniffing, size limit, encryption on disk, download headers and audit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from himoya.cases import attachment_files as attachments
from himoya.cases.models import Attachment
from himoya.cases.tests.section_helpers import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SectionTestCase,
)
from himoya.core import crypto


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (PDF_BYTES, "application/pdf"),
        (JPEG_BYTES, "image/jpeg"),
        (PNG_BYTES, "image/png"),
        (b"<html><script>", None),
        (b"GIF89a", None),
        (b"", None),
        (b"%PDF", None),
    ],
)
def test_sniff(head, kind):
    assert attachments.sniff(head) == kind


def test_clean_filename_keeps_only_the_name():
    assert attachments.clean_filename("C:\\Users\\x\\..\\scan.pdf") == "scan.pdf"
    assert attachments.clean_filename("../../etc/passwd\n") == "passwd"
    assert len(attachments.clean_filename("a" * 500 + ".pdf")) == 200


def test_bytes_round_trip_and_tamper():
    blob = crypto.encrypt_bytes(b"secret", "ctx")
    assert b"secret" not in blob
    assert crypto.decrypt_bytes(blob, "ctx") == b"secret"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob, "other")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob[:-1] + bytes([blob[-1] ^ 1]), "ctx")


@pytest.fixture
def attachment_dir(tmp_path):
    with override_settings(HIMOYA_ATTACHMENT_DIR=tmp_path):
        yield tmp_path


@pytest.mark.usefixtures("attachment_dir")
class AttachmentTests(SectionTestCase):
    @pytest.fixture(autouse=True)
    def _folder(self, attachment_dir):
        self.folder = attachment_dir

    def upload(self, name, data, content_type):
        return self.client.post(
            self.url("attachment_add"),
            {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        )

    def stored_files(self):
        return [p for p in self.folder.rglob("*") if p.is_file()]

    def test_allowed_types_are_accepted_and_encrypted_on_disk(self):
        self.sign_in(self.bob)
        cases = [
            ("Заявление.pdf", PDF_BYTES, "application/pdf"),
            ("photo.JPG", JPEG_BYTES, "image/jpeg"),
            ("scan.png", PNG_BYTES, "image/png"),
        ]
        for name, data, content_type in cases:
            self.assertEqual(self.upload(name, data, content_type).status_code, 302, name)
        self.assertEqual(Attachment.objects.count(), 3)
        files = self.stored_files()
        self.assertEqual(len(files), 3)
        for path in files:
            content = path.read_bytes()
            for marker in (b"secret", b"%PDF", b"PNG", b"\xff\xd8\xff", "Заявление".encode()):
                self.assertNotIn(marker, content)
        row = Attachment.objects.get(content_type="application/pdf")
        self.assertEqual(row.filename, "Заявление.pdf")
        self.assertEqual(row.size, len(PDF_BYTES))
        page = self.client.get(self.url("attachments"))
        self.assertContains(page, "Заявление.pdf")

    def test_download_headers_bytes_and_audit(self):
        self.sign_in(self.bob)
        self.upload("Заявление.pdf", PDF_BYTES, "application/pdf")
        row = Attachment.objects.get()
        before = len(self.reads("attachment"))
        response = self.client.get(self.url("attachment_download", row.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF_BYTES)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("filename*=utf-8''", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(len(self.reads("attachment")), before + 1)

    def test_mislabelled_files_are_refused(self):
        self.sign_in(self.bob)
        refused = [
            ("scan.png", PDF_BYTES, "image/png"),  # content is a PDF
            ("scan.pdf", PNG_BYTES, "application/pdf"),  # content is a PNG
            ("scan.png", PNG_BYTES, "application/pdf"),  # declared type disagrees
            ("scan.pdf", PDF_BYTES, "image/png"),
            ("scan.html", PDF_BYTES, "application/pdf"),  # extension disagrees
            ("page.html", b"<html><script>alert(1)</script>", "text/html"),
            ("image.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
            ("empty.pdf", b"", "application/pdf"),
        ]
        for name, data, content_type in refused:
            response = self.upload(name, data, content_type)
            self.assertEqual(response.status_code, 400, name)
            self.assertTrue(response.context["form"].errors, name)
        self.assertContains(
            self.upload("x.png", PDF_BYTES, "image/png"), "does not match", status_code=400
        )
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(self.writes(), 0)

    @override_settings(HIMOYA_ATTACHMENT_MAX_BYTES=1024)
    def test_oversize_is_refused(self):
        self.sign_in(self.bob)
        big = PDF_BYTES + b"0" * 1024
        response = self.upload("big.pdf", big, "application/pdf")
        self.assertContains(response, "too large", status_code=400)
        self.assertEqual(self.upload("ok.pdf", PDF_BYTES, "application/pdf").status_code, 302)
        self.assertEqual(Attachment.objects.count(), 1)

    def test_missing_file_is_400(self):
        self.sign_in(self.bob)
        response = self.client.post(self.url("attachment_add"), {})
        self.assertEqual(response.status_code, 400)

    def test_file_renamed_on_disk_does_not_open(self):
        self.sign_in(self.bob)
        self.upload("a.pdf", PDF_BYTES, "application/pdf")
        self.upload("b.png", PNG_BYTES, "image/png")
        first, second = Attachment.objects.order_by("id")
        path_a = attachments.path_of(first.storage_name)
        path_b = attachments.path_of(second.storage_name)
        path_a.write_bytes(path_b.read_bytes())
        with pytest.raises(crypto.DecryptionError):
            attachments.load(first.storage_name)

    def test_a_file_gone_from_the_disk_is_said_plainly_on_the_page_and_in_the_api(self):
        # The API used to let the missing file's OSError through: an unexplained 500.
        self.sign_in(self.bob)
        self.upload("a.pdf", PDF_BYTES, "application/pdf")
        row = Attachment.objects.get()
        attachments.path_of(row.storage_name).unlink()
        message = "This file cannot be read. Tell your administrator."
        page = self.client.get(self.url("attachment_download", row.pk))
        self.assertContains(page, message, status_code=500)
        api = self.client.get(f"/api/cases/{self.case.pk}/attachments/{row.pk}/content?lang=en")
        self.assertEqual(api.status_code, 500)
        self.assertEqual(api.json()["message"], message)
