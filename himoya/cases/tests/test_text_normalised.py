"""Item 14 of issue 9: text with bidirectional overrides, zero-width characters or C1
controls is cleaned before it is stored, through the API as through the pages, and an
attachment's original name is stored clean too."""

from django.core.files.uploadedfile import SimpleUploadedFile

from himoya.cases.attachment_files import check_upload
from himoya.cases.tests.section_helpers import PDF_BYTES
from himoya.cases.tests.test_api_case_writes import INTAKE
from himoya.cases.tests.test_api_write_access import WriteAccessBase
from himoya.clients.models import Client


class ApiTextTests(WriteAccessBase):
    def test_intake_stores_a_name_without_the_override(self):
        self.sign_in(self.bob)
        body = {
            **INTAKE,
            "client": {
                **INTAKE["client"],
                "name": "Ali\u202egnp.exe\u200b\x85",
                "address": "Sino\u2066 10\nflat 3\x85",
            },
        }
        response = self.api("post", "/api/cases/", body)
        self.assertEqual(response.status_code, 201, response.content)
        client = Client.objects.get(code=response.json()["code"])
        self.assertEqual(client.name, "Alignp.exe")
        self.assertEqual(client.address, "Sino 10\nflat 3")

    def test_a_note_keeps_its_lines_and_loses_the_controls(self):
        self.sign_in(self.bob)
        response = self.api(
            "post", f"/api/cases/{self.case.pk}/notes", {"text": "one\u202e\ntwo\u200b\tthree"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["text"], "one\ntwo\tthree")


def test_an_attachment_name_is_stored_clean_and_composed(settings):
    upload = SimpleUploadedFile(
        "Саи\u0306д\u202egnp.pdf", PDF_BYTES, content_type="application/pdf"
    )
    assert check_upload(upload).filename == "Сайдgnp.pdf"
