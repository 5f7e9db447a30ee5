"""Every role on every endpoint: exactly the rows the pages show, 404 for the rest."""

from __future__ import annotations

from onex.api.tests.base import ApiTestCase, detail_url, list_url

INST_A_STAFF = ("office", "finance", "leader")

# For each resource, the test-data attributes each role must see. Both institutions are in the
# province user's province, so its set is also the set of all rows; any other row is a 404 for the role.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "institution": {
        **{role: {"inst"} for role in (*INST_A_STAFF, "coordinator", "coordinator_other")},
        "teacher": set(),
        "student": set(),
        "province": {"inst", "inst2"},
        "office2": {"inst2"},
    },
    "department": {
        **{role: {"dept", "dept_other"} for role in INST_A_STAFF},
        "coordinator": {"dept"},
        "coordinator_other": {"dept_other"},
        "teacher": set(),
        "student": set(),
        "province": {"dept", "dept_other", "dept2"},
        "office2": {"dept2"},
    },
    "major": {
        **{role: {"major", "major_other"} for role in INST_A_STAFF},
        "coordinator": {"major"},
        "coordinator_other": {"major_other"},
        "teacher": set(),
        "student": set(),
        "province": {"major", "major_other", "major2"},
        "office2": {"major2"},
    },
    "student": {
        **{role: {"student_person", "student_other_person"} for role in INST_A_STAFF},
        "coordinator": {"student_person"},
        "coordinator_other": {"student_other_person"},
        "teacher": set(),
        "student": {"student_person"},
        "province": {"student_person", "student_other_person", "student2_person"},
        "office2": {"student2_person"},
    },
    "teacher": {
        **{role: {"teacher_person", "teacher_other_person"} for role in INST_A_STAFF},
        "coordinator": {"teacher_person"},
        "coordinator_other": {"teacher_other_person"},
        "teacher": {"teacher_person"},
        "student": set(),
        "province": {"teacher_person", "teacher_other_person", "teacher2_person"},
        "office2": {"teacher2_person"},
    },
    "pilot": {
        **{role: {"pilot", "pilot_other"} for role in INST_A_STAFF},
        "coordinator": {"pilot"},
        "coordinator_other": {"pilot_other"},
        "teacher": {"pilot"},
        "student": {"pilot"},
        "province": {"pilot", "pilot_other", "pilot2"},
        "office2": {"pilot2"},
    },
    "registration": {
        **{role: {"registration", "registration_other"} for role in INST_A_STAFF},
        "coordinator": {"registration"},
        "coordinator_other": {"registration_other"},
        "teacher": {"registration"},
        "student": {"registration"},
        "province": {"registration", "registration_other", "registration2"},
        "office2": {"registration2"},
    },
    "exam-site": {
        **{role: {"site"} for role in (*INST_A_STAFF, "coordinator", "coordinator_other")},
        "teacher": set(),
        "student": set(),
        "province": {"site", "site2"},
        "office2": {"site2"},
    },
    # The national catalog: every role reads all of it.
    "certificate": {
        role: {"cert"}
        for role in (*INST_A_STAFF, "coordinator", "coordinator_other", "teacher", "student", "province", "office2")
    },
    "evaluation-organization": {
        role: {"org_"}
        for role in (*INST_A_STAFF, "coordinator", "coordinator_other", "teacher", "student", "province", "office2")
    },
}


class RoleScopingTests(ApiTestCase):
    def assert_scoped(self, resource: str) -> None:
        expected = EXPECTED[resource]
        self.assertEqual(set(expected), set(self.all_users()), "every role must be listed")
        every_id = {getattr(self, name).pk for name in expected["province"]}
        for role, user in self.all_users().items():
            visible = sorted(getattr(self, name).pk for name in expected[role])
            with self.subTest(resource=resource, role=role):
                self.assertEqual(self.ids_of(self.get_as(user, list_url(resource))), visible)
                for pk in visible:
                    self.assertEqual(self.get_as(user, detail_url(resource, pk)).status_code, 200)
                for pk in every_id - set(visible):
                    self.assertEqual(self.get_as(user, detail_url(resource, pk)).status_code, 404)

    def test_institutions_are_scoped_for_every_role(self):
        self.assert_scoped("institution")

    def test_departments_are_scoped_for_every_role(self):
        self.assert_scoped("department")

    def test_majors_are_scoped_for_every_role(self):
        self.assert_scoped("major")

    def test_students_are_scoped_for_every_role(self):
        self.assert_scoped("student")

    def test_teachers_are_scoped_for_every_role(self):
        self.assert_scoped("teacher")

    def test_pilots_are_scoped_for_every_role(self):
        self.assert_scoped("pilot")

    def test_registrations_are_scoped_for_every_role(self):
        self.assert_scoped("registration")

    def test_exam_sites_are_scoped_for_every_role(self):
        self.assert_scoped("exam-site")

    def test_certificates_are_shared_by_every_role(self):
        self.assert_scoped("certificate")

    def test_evaluation_organizations_are_shared_by_every_role(self):
        self.assert_scoped("evaluation-organization")

    def test_every_resource_has_its_expectations(self):
        from onex.api.router import router

        self.assertEqual({basename for _, _, basename in router.registry}, set(EXPECTED))

    def test_it_gives_404_for_a_pilot_of_another_institution(self):
        response = self.get_as(self.office, detail_url("pilot", self.pilot2.pk))
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.pilot2.institution.name, response.content.decode())

    def test_a_malformed_id_is_not_found(self):
        self.assertEqual(self.get_as(self.office, "/api/v1/pilots/abc/").status_code, 404)

    def test_a_teacher_without_sessions_sees_no_pilot(self):
        self.training.teachers.clear()
        self.assertEqual(self.ids_of(self.get_as(self.teacher, list_url("pilot"))), [])
        self.assertEqual(self.ids_of(self.get_as(self.teacher, list_url("registration"))), [])
