"""A student's first login: student number and ID number prove who it is; a password is set; /my/ follows."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from onex.accounts.first_login import FIRST_LOGIN_LIMIT
from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.core.roles import Role
from onex.org import services as org
from testsupport.base import OneXTestCase, make_id_number

User = get_user_model()
NEW_PASSWORD = "grassland-ox-1988"


class FirstLoginTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.id_number = make_id_number(41)
        cls.newcomer = org.student_create(
            institution=cls.inst, name="周六", id_number=cls.id_number, student_number="S041", class_group=cls.klass
        )

    def setUp(self):
        cache.clear()  # the page is rate-limited per address

    def submit(self, **overrides):
        data = {
            "institution": self.inst.pk,
            "student_number": "S041",
            "id_number": self.id_number,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
        data.update(overrides)
        return self.client.post(reverse("first_login"), data)

    def test_a_student_without_an_account_gets_one_sets_a_password_and_lands_on_my(self):
        response = self.submit()
        self.assertRedirects(response, reverse("portal_student"), fetch_redirect_response=False)
        user = User.objects.get(student=self.newcomer)
        self.assertEqual(user.role, Role.STUDENT)
        self.assertEqual(user.institution, self.inst)
        self.assertEqual(user.username, "S041")
        self.assertTrue(user.check_password(NEW_PASSWORD))
        page = self.client.get(reverse("portal_student"))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "S041")
        event = AuditEvent.objects.get(action="user.first_login")
        self.assertEqual(event.actor, user)
        self.assertTrue(event.after["account_created"])

    def test_afterwards_the_student_logs_in_with_the_student_number(self):
        self.submit()
        self.client.logout()
        response = self.client.post(reverse("login"), {"username": "S041", "password": NEW_PASSWORD}, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("portal_student"))

    def test_the_id_number_is_accepted_with_a_lowercase_x_and_spaces(self):
        person = org.student_create(
            institution=self.inst,
            name="吴七",
            id_number="44090220040101977X",
            student_number="S077",
            class_group=self.klass,
        )
        response = self.submit(student_number="S077", id_number=" 44090220040101977x ")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.filter(student=person).exists())

    def test_a_wrong_id_number_or_student_number_gets_the_same_answer_and_no_account(self):
        wrong_id = self.submit(id_number=make_id_number(42))
        wrong_number = self.submit(student_number="S999")
        self.assertEqual(wrong_id.status_code, 200)
        self.assertEqual(wrong_id.context["form"].non_field_errors(), wrong_number.context["form"].non_field_errors())
        self.assertTrue(wrong_id.context["form"].non_field_errors())
        self.assertFalse(User.objects.filter(student=self.newcomer).exists())

    def test_another_institutions_student_number_does_not_match(self):
        response = self.submit(institution=self.inst2.pk)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(student=self.newcomer).exists())

    def test_the_password_validators_apply(self):
        response = self.submit(password1="12345678", password2="12345678")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["password1"])
        self.assertFalse(User.objects.filter(student=self.newcomer).exists())

    def test_the_two_passwords_must_agree(self):
        response = self.submit(password2=NEW_PASSWORD + "x")
        self.assertTrue(response.context["form"].errors["password2"])

    def test_an_account_without_a_usable_password_is_claimed(self):
        user = user_create(
            username="zhou6", password=None, role=Role.STUDENT, institution=self.inst, student=self.newcomer
        )
        self.assertEqual(self.submit().status_code, 302)
        user.refresh_from_db()
        self.assertTrue(user.check_password(NEW_PASSWORD))
        self.assertEqual(User.objects.filter(student=self.newcomer).count(), 1)

    def test_an_account_that_must_set_its_password_is_claimed(self):
        user = user_create(
            username="zhou6",
            password="temporary-pass-1",
            role=Role.STUDENT,
            institution=self.inst,
            student=self.newcomer,
        )
        User.objects.filter(pk=user.pk).update(must_set_password=True)
        self.assertEqual(self.submit().status_code, 302)
        user.refresh_from_db()
        self.assertTrue(user.check_password(NEW_PASSWORD))
        self.assertFalse(user.must_set_password)

    def test_an_account_with_a_password_is_not_taken_over(self):
        user = user_create(
            username="zhou6",
            password="the-real-password-1",
            role=Role.STUDENT,
            institution=self.inst,
            student=self.newcomer,
        )
        response = self.submit()
        self.assertEqual(response.status_code, 200)
        user.refresh_from_db()
        self.assertTrue(user.check_password("the-real-password-1"))
        self.assertFalse(AuditEvent.objects.filter(action="user.first_login").exists())

    def test_a_taken_student_number_as_user_name_falls_back_to_the_institution_code(self):
        user_create(username="S041", password=None, role=Role.OFFICE, institution=self.inst2)
        self.assertEqual(self.submit().status_code, 302)
        self.assertEqual(User.objects.get(student=self.newcomer).username, "AAA-S041")

    def test_the_page_is_rate_limited(self):
        # Every attempt falls in one minute's window, however slowly the machine runs them.
        with mock.patch("onex.core.ratelimit.time.time", return_value=1_800_000_000.0):
            for _ in range(FIRST_LOGIN_LIMIT):
                self.submit(id_number=make_id_number(43))
            self.assertEqual(self.submit().status_code, 429)
        self.assertFalse(User.objects.filter(student=self.newcomer).exists())

    def test_a_logged_in_user_is_sent_home(self):
        self.client.force_login(self.office)
        self.assertRedirects(self.client.get(reverse("first_login")), reverse("home"), fetch_redirect_response=False)

    def test_the_login_page_links_to_it(self):
        self.assertContains(self.client.get(reverse("login")), reverse("first_login"))

    def test_the_page_works_on_a_phone_without_the_internet(self):
        response = self.client.get(reverse("first_login"))
        self.assertContains(response, 'name="viewport"')
        self.assertNotContains(response, "https://")
