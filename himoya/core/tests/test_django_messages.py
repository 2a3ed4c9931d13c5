"""Django's own validation messages reach Tajik and Russian users translated."""

from django.urls import reverse

from himoya.testing import HimoyaTestCase

MEMBERS = "/api/accounts/orgs/alpha/members"


class DjangoMessagesTests(HimoyaTestCase):
    def test_too_long_name_on_the_tajik_form_is_in_tajik(self):
        self.sign_in(self.alice)
        url = reverse("directory:organisation_edit", args=[self.alpha.slug])
        form = self.client.get(url).context["form"]
        response = self.client.post(url, {**form.initial, "name_tg": "А" * 300})
        self.assertNotEqual(response.status_code, 302)
        errors = " ".join(str(e) for e in response.context["form"].errors["name_tg"])
        self.assertNotIn("Ensure this value", errors)
        self.assertIn("аломат", errors)

    def test_short_password_in_the_api_is_in_tajik_and_russian(self):
        self.sign_in(self.alice)
        body = {"username": "newbie", "role": "caseworker", "password": "123"}
        for lang, word in (("tg", "Ин парол"), ("ru", "пароль")):
            response = self.client.post(
                f"{MEMBERS}?lang={lang}", body, content_type="application/json"
            )
            self.assertEqual(response.status_code, 422, response.content)
            text = str(response.json())
            self.assertNotIn("This password", text)
            self.assertIn(word, text)

    def test_choice_lists_have_no_english_or(self):
        self.sign_in(self.alice)
        body = {"username": "newbie", "role": "emperor"}
        response = self.client.post(f"{MEMBERS}?lang=tg", body, content_type="application/json")
        self.assertEqual(response.status_code, 422)
        message = response.json()["errors"]["role"][0]
        self.assertNotIn(" or ", message)
        self.assertIn("'caseworker'", message)

    def test_required_and_date_messages_in_tajik(self):
        from django import forms
        from django.utils import translation

        class Probe(forms.Form):
            when = forms.DateField()
            count = forms.IntegerField(min_value=1)
            email = forms.EmailField()

        with translation.override("tg"):
            errors = Probe({"when": "soon", "count": "0", "email": "x"}).errors
            text = " ".join(str(m) for messages in errors.values() for m in messages)
            self.assertNotIn("Enter a valid", text)
            self.assertNotIn("Ensure this value", text)
            self.assertNotIn("This field", str(Probe({}).errors))
