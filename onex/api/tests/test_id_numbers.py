"""No response ever contains a full ID number, its ciphertext or its lookup hash."""

from __future__ import annotations

from django.urls import reverse

from onex.api.tests.base import RESOURCES, ApiTestCase, Candidate, add_candidates, detail_url, list_url
from onex.core.crypto import decrypt
from onex.org.models import Student


class IdNumberTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_candidates(cls.pilot, cls.klass, [Candidate(outcome="pass", certified=True), Candidate()])

    def secrets(self) -> list[str]:
        students = list(Student.objects.all())
        self.assertGreater(len(students), 3)
        full = [decrypt(s.id_number_cipher) for s in students]
        return [
            *full,
            *(n.lower() for n in full),
            *(s.id_number_cipher for s in students),
            *(s.id_number_hash for s in students),
        ]

    def responses(self, user):
        for resource in RESOURCES:
            listed = self.get_as(user, list_url(resource))
            yield resource, listed
            for row in listed.json()["results"]:
                yield resource, self.get_as(user, detail_url(resource, row["id"]))
        yield "figures", self.get_as(user, reverse("api:figures"), institution=self.inst.code, year=2023)
        yield "schema", self.get_as(user, reverse("api:schema"))

    def test_no_response_contains_a_full_id_number(self):
        secrets = self.secrets()
        for role, user in self.all_users().items():
            for resource, response in self.responses(user):
                body = response.content.decode()
                with self.subTest(role=role, resource=resource):
                    self.assertIn(response.status_code, (200, 403, 404))
                    for secret in secrets:
                        self.assertNotIn(secret, body)

    def test_students_and_registrations_show_the_masked_id_number(self):
        student = self.get_as(self.office, detail_url("student", self.student_person.pk)).json()
        registration = self.get_as(self.office, detail_url("registration", self.registration.pk)).json()
        full = decrypt(self.student_person.id_number_cipher)
        for row in (student, registration):
            masked = row["id_number_masked"]
            self.assertEqual(masked, self.student_person.id_number_masked)
            self.assertEqual(len(masked), len(full))
            self.assertIn("*", masked)
        self.assertEqual(registration["student_name"], self.student_person.name)

    def test_no_field_names_an_id_number_other_than_the_masked_one(self):
        for resource in ("student", "registration"):
            row = self.get_as(self.province, list_url(resource)).json()["results"][0]
            with self.subTest(resource=resource):
                self.assertEqual([key for key in row if "id_number" in key], ["id_number_masked"])

    def test_phone_numbers_are_masked(self):
        phone = Student.objects.exclude(phone="").first()
        row = self.get_as(self.office, detail_url("student", phone.pk)).json()
        self.assertNotIn(phone.phone, row["phone"])
        self.assertEqual(row["phone"][-4:], phone.phone[-4:])
