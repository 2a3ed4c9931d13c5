"""Forms of violence read as one phrase in Russian ("физическое насилие"), whatever other
apps translate the same English word to (a "physical" disability is "физическая")."""

from django.utils import translation

from himoya.incidents.models import LawForm


def test_russian_labels_agree_with_violence():
    with translation.override("ru"):
        labels = [str(label) for label in LawForm.labels]
    assert labels == ["физическое", "психологическое", "сексуальное", "экономическое"]
