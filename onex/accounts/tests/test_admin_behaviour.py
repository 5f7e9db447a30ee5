"""What the back office does beyond answering: scoped choices, filters and actions, audited writes, ID numbers."""

from __future__ import annotations

from django.urls import reverse

from onex.accounts.models import User
from onex.audit.models import AuditEvent
from onex.core import crypto
from onex.core.fields import Level
from onex.core.pinyin import pinyin_key
from onex.core.roles import Role
from onex.finance.models import Budget
from onex.org.models import Department, Major, Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import OneXTestCase, make_id_number


class ScopedChoicesFiltersAndActions(OneXTestCase):
    def test_it_offers_only_the_users_own_departments_when_adding_a_major(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:org_major_add")).content.decode()
        self.assertIn(self.dept.name, html)
        self.assertNotIn(self.dept2.name, html)

    def test_it_rejects_a_major_posted_into_another_institutions_department(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("admin:org_major_add"), {"department": self.dept2.pk, "name": "越权专业", "code": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Major.objects.filter(name="越权专业").exists())

    def test_it_offers_the_office_only_its_own_departments_when_adding_a_pilot(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:pilots_pilot_add")).content.decode()
        self.assertIn(self.dept.name, html)
        self.assertNotIn(self.dept2.name, html)

    def test_it_refuses_a_coordinator_registering_in_the_back_office(self) -> None:
        # Sign-ups are written by the pilots services on the work pages, never in the admin.
        pilot = Pilot.objects.create(
            institution=self.inst, year=2025, certificate=self.cert, level=Level.INTERMEDIATE, department=self.dept
        )
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("admin:pilots_registration_add"),
            {
                "pilot": pilot.pk,
                "student": self.student_person.pk,
                "trainee_type": "school",
                "applied_on": "2025-03-02",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Registration.objects.filter(pilot=pilot).exists())

    def test_it_lists_only_the_users_own_rows_as_filter_choices(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:org_major_changelist")).content.decode()
        self.assertIn(self.dept_other.name, html)
        self.assertNotIn(self.dept2.name, html)

    def test_a_list_action_never_reaches_another_institutions_rows(self) -> None:
        mine = Department.objects.create(institution=self.inst, name="本校待撤系")
        theirs = Department.objects.create(institution=self.inst2, name="外校待撤系")
        self.client.force_login(self.office)
        self.client.post(
            reverse("admin:org_department_changelist"),
            {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
        )
        self.assertFalse(Department.objects.filter(pk=mine.pk).exists())
        self.assertTrue(Department.objects.filter(pk=theirs.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(action="department.admin_delete", target_id=str(mine.pk)).exists())

    def test_it_answers_404_for_the_history_and_delete_of_another_institutions_row(self) -> None:
        self.client.force_login(self.office)
        for view in ("history", "delete"):
            url = reverse(f"admin:org_department_{view}", args=[self.dept2.pk])
            self.assertEqual(self.client.get(url).status_code, 404, view)

    def test_it_sets_the_pinyin_sort_key_and_audits_an_added_department(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("admin:org_department_add"), {"institution": self.inst.pk, "name": "园艺系", "code": "YY"}
        )
        self.assertEqual(response.status_code, 302)
        dept = Department.objects.get(name="园艺系")
        self.assertEqual(dept.name_pinyin, pinyin_key("园艺系"))
        event = AuditEvent.objects.get(action="department.admin_create", target_id=str(dept.pk))
        self.assertEqual(event.actor, self.office)
        self.assertEqual(event.institution_id, self.inst.pk)

    def test_finance_records_a_budget_on_the_work_page_not_in_the_back_office(self) -> None:
        self.client.force_login(self.finance)
        response = self.client.post(
            reverse("admin:finance_budget_add"),
            {"institution": self.inst.pk, "year": 2023, "source": "创新强校", "amount": "1116600.00", "note": ""},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Budget.objects.filter(source="创新强校").exists())

    def test_office_cannot_edit_the_shared_catalog(self) -> None:
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(reverse("admin:catalog_certificate_add")).status_code, 403)
        url = reverse("admin:catalog_certificate_change", args=[self.cert.pk])
        response = self.client.post(
            url, {"code": "T-001", "name": "改名", "organization": self.org_.pk, "levels": "[]"}
        )
        self.assertEqual(response.status_code, 403)
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.name, "测试证书")

    def test_nobody_edits_or_deletes_an_audit_event_not_even_a_superuser(self) -> None:
        root = User.objects.create_superuser(username="root", password="x-onex-test-1")
        event = AuditEvent.objects.filter(institution=self.inst).first()
        self.client.force_login(root)
        url = reverse("admin:audit_auditevent_change", args=[event.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, {"action": "tampered"})
        event.refresh_from_db()
        self.assertNotEqual(event.action, "tampered")
        delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("admin:audit_auditevent_add")).status_code, 403)

    def test_the_sidebar_shows_each_role_only_what_it_may_read(self) -> None:
        self.client.force_login(self.finance)
        html = self.client.get("/admin/").content.decode()
        self.assertIn('href="/admin/finance/budget/"', html)
        self.assertNotIn('href="/admin/org/student/"', html)
        self.assertNotIn('href="/admin/accounts/user/"', html)
        self.client.force_login(self.office)
        html = self.client.get("/admin/").content.decode()
        self.assertIn('href="/admin/org/student/"', html)
        self.assertIn('href="/admin/accounts/user/"', html)


class StudentIdNumbersInTheBackOffice(OneXTestCase):
    def student_form(self, **overrides: object) -> dict[str, object]:
        data: dict[str, object] = {
            "institution": self.inst.pk,
            "name": "周六",
            "student_number": "S100",
            "gender": "",
            "id_type": "resident",
            "id_number": make_id_number(40),
            "phone": "",
            "class_group": self.klass.pk,
        }
        data.update(overrides)
        return data

    def test_the_list_shows_the_masked_number_and_never_the_ciphertext_or_hash(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:org_student_changelist")).content.decode()
        student = self.student_person
        self.assertIn(student.id_number_masked, html)
        self.assertNotIn(student.id_number_cipher, html)
        self.assertNotIn(student.id_number_hash, html)
        self.assertNotIn(make_id_number(1), html)

    def test_the_change_page_never_shows_the_ciphertext_hash_or_number(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:org_student_change", args=[self.student_person.pk])).content.decode()
        self.assertIn(self.student_person.id_number_masked, html)
        for secret in (self.student_person.id_number_cipher, self.student_person.id_number_hash, make_id_number(1)):
            self.assertNotIn(secret, html)

    def test_adding_a_student_encrypts_the_number_and_audits_it(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(reverse("admin:org_student_add"), self.student_form())
        self.assertEqual(response.status_code, 302)
        student = Student.objects.get(student_number="S100")
        self.assertEqual(student.id_number_hash, crypto.lookup_hash(make_id_number(40)))
        self.assertEqual(crypto.decrypt(student.id_number_cipher), make_id_number(40))
        self.assertEqual(student.name_pinyin, pinyin_key("周六"))
        self.assertTrue(AuditEvent.objects.filter(action="student.create", target_id=str(student.pk)).exists())

    def test_it_refuses_an_invalid_resident_id_number(self) -> None:
        self.client.force_login(self.office)
        bad = make_id_number(41)[:-1] + ("0" if make_id_number(41)[-1] != "0" else "1")
        response = self.client.post(reverse("admin:org_student_add"), self.student_form(id_number=bad))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Student.objects.filter(student_number="S100").exists())

    def test_editing_without_a_number_keeps_it_and_a_new_number_replaces_it(self) -> None:
        self.client.force_login(self.office)
        url = reverse("admin:org_student_change", args=[self.student_person.pk])
        form = self.student_form(name="张三丰", student_number="S001", id_number="")
        self.assertEqual(self.client.post(url, form).status_code, 302)
        self.student_person.refresh_from_db()
        self.assertEqual(self.student_person.name_pinyin, pinyin_key("张三丰"))
        self.assertEqual(self.student_person.id_number_hash, crypto.lookup_hash(make_id_number(1)))
        form["id_number"] = make_id_number(42)
        self.assertEqual(self.client.post(url, form).status_code, 302)
        self.student_person.refresh_from_db()
        self.assertEqual(self.student_person.id_number_hash, crypto.lookup_hash(make_id_number(42)))
        event = AuditEvent.objects.filter(action="student.update", target_id=str(self.student_person.pk)).last()
        self.assertEqual(event.before["name"], "张三")

    def test_the_office_finds_a_student_by_the_full_id_number(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:org_student_changelist"), {"q": make_id_number(1)}).content.decode()
        self.assertIn(reverse("admin:org_student_change", args=[self.student_person.pk]), html)
        self.assertNotIn(reverse("admin:org_student_change", args=[self.student_other_person.pk]), html)

    def test_the_office_reveals_a_number_and_the_reveal_is_audited(self) -> None:
        self.client.force_login(self.office)
        url = reverse("admin:org_student_reveal_id_number", args=[self.student_person.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(make_id_number(1), page.content.decode())
        revealed = self.client.post(url)
        self.assertIn(make_id_number(1), revealed.content.decode())
        self.assertIn("no-store", revealed["Cache-Control"])
        self.assertTrue(
            AuditEvent.objects.filter(
                action="student.reveal_id_number", target_id=str(self.student_person.pk), actor=self.office
            ).exists()
        )

    def test_only_the_office_may_reveal_and_only_in_its_institution(self) -> None:
        url = reverse("admin:org_student_reveal_id_number", args=[self.student_person.pk])
        for user in (self.leader, self.coordinator, self.province):
            self.client.force_login(user)
            self.assertEqual(self.client.post(url).status_code, 403, user.username)
        self.client.force_login(self.office2)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="student.reveal_id_number").exists())


class UsersManagedByTheOffice(OneXTestCase):
    def user_form(self, **overrides: object) -> dict[str, object]:
        data: dict[str, object] = {
            "username": "newcoord",
            "password1": "onex-Strong-pass-42",
            "password2": "onex-Strong-pass-42",
            "last_name": "陈",
            "first_name": "晓",
            "email": "",
            "role": Role.COORDINATOR,
            "institution": self.inst.pk,
            "department": self.dept.pk,
            "teacher": "",
            "student": "",
        }
        data.update(overrides)
        return data

    def test_the_office_creates_a_user_of_its_institution_through_the_service(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(reverse("admin:accounts_user_add"), self.user_form())
        self.assertEqual(response.status_code, 302)
        user = User.objects.get(username="newcoord")
        self.assertTrue(user.is_staff)
        self.assertTrue(user.check_password("onex-Strong-pass-42"))
        self.assertTrue(AuditEvent.objects.filter(action="user.create", target_id=str(user.pk), actor=self.office))

    def test_the_office_cannot_create_a_user_in_another_institution(self) -> None:
        self.client.force_login(self.office)
        form = self.user_form(institution=self.inst2.pk, department=self.dept2.pk)
        self.assertEqual(self.client.post(reverse("admin:accounts_user_add"), form).status_code, 200)
        self.assertFalse(User.objects.filter(username="newcoord").exists())

    def test_the_office_cannot_grant_the_province_role(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get(reverse("admin:accounts_user_add")).content.decode()
        self.assertNotIn(f'value="{Role.PROVINCE}"', html)
        response = self.client.post(reverse("admin:accounts_user_add"), self.user_form(role=Role.PROVINCE))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="newcoord").exists())
        url = reverse("admin:accounts_user_change", args=[self.leader.pk])
        self.client.post(
            url, {"username": "leo", "role": Role.PROVINCE, "institution": self.inst.pk, "is_active": "on"}
        )
        self.leader.refresh_from_db()
        self.assertEqual(self.leader.role, Role.LEADER)

    def test_the_office_cannot_make_a_superuser(self) -> None:
        self.client.force_login(self.office)
        url = reverse("admin:accounts_user_change", args=[self.leader.pk])
        self.client.post(
            url,
            {
                "username": "leo",
                "role": Role.LEADER,
                "institution": self.inst.pk,
                "is_active": "on",
                "is_superuser": "on",
            },
        )
        self.leader.refresh_from_db()
        self.assertFalse(self.leader.is_superuser)

    def test_a_role_change_goes_through_the_audited_service(self) -> None:
        self.client.force_login(self.office)
        url = reverse("admin:accounts_user_change", args=[self.leader.pk])
        response = self.client.post(
            url, {"username": "leo", "role": Role.FINANCE, "institution": self.inst.pk, "is_active": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.leader.refresh_from_db()
        self.assertEqual(self.leader.role, Role.FINANCE)
        event = AuditEvent.objects.get(action="user.set_role", target_id=str(self.leader.pk))
        self.assertEqual(
            (event.before, event.after, event.actor), ({"role": "leader"}, {"role": "finance"}, self.office)
        )

    def test_the_office_never_sees_a_superuser_even_of_its_institution(self) -> None:
        root = User.objects.create_superuser(username="root", password="x-onex-test-1", institution=self.inst)
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code, 404)

    def test_a_superuser_may_grant_the_province_role(self) -> None:
        root = User.objects.create_superuser(username="root", password="x-onex-test-1")
        self.client.force_login(root)
        form = self.user_form(role=Role.PROVINCE, institution="", department="", province="广东省")
        self.assertEqual(self.client.post(reverse("admin:accounts_user_add"), form).status_code, 302)
        self.assertEqual(User.objects.get(username="newcoord").role, Role.PROVINCE)


class AddingUsersWithoutTheirPlace(OneXTestCase):
    def add_user(self, **fields: object):
        self.client.force_login(self.office)
        data = {"username": "newoffice", "password1": "Lang-Genug-Passwort-42", "password2": "Lang-Genug-Passwort-42"}
        data.update({k: v for k, v in fields.items()})
        return self.client.post(reverse("admin:accounts_user_add"), data)

    def test_an_office_user_without_institution_is_a_form_error_not_a_server_error(self) -> None:
        response = self.add_user(role=Role.OFFICE, institution="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "请选择院校：除省级用户外，每个角色都属于一所院校。")
        self.assertFalse(User.objects.filter(username="newoffice").exists())

    def test_a_coordinator_without_department_is_a_form_error(self) -> None:
        response = self.add_user(role=Role.COORDINATOR, institution=self.inst.pk, department="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "系部负责人须选择所属系部。")
        self.assertFalse(User.objects.filter(username="newoffice").exists())

    def test_an_office_user_with_its_institution_is_added(self) -> None:
        response = self.add_user(role=Role.OFFICE, institution=self.inst.pk)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(User.objects.get(username="newoffice").institution, self.inst)

    def test_clearing_the_institution_of_a_user_is_a_form_error(self) -> None:
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("admin:accounts_user_change", args=[self.finance.pk]),
            {"username": "fiona", "role": Role.FINANCE, "institution": "", "is_active": "on"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "请选择院校：除省级用户外，每个角色都属于一所院校。")
        self.finance.refresh_from_db()
        self.assertEqual(self.finance.institution, self.inst)
