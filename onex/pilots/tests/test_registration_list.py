import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.core.pages import staff_page
from onex.core.pinyin import pinyin_key
from onex.core.scoping import scope_queryset
from onex.core.spreadsheets import FORMULA_STARTS
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration
from onex.pilots.selectors import LIST_PAGE_SIZE
from testsupport.base import OneXTestCase, make_id_number

URL = "/pilots/registrations/"
EXPORT_URL = "/pilots/registrations/export.xlsx"
ROW_ID = re.compile(r'data-registration="(\d+)"')


class RegistrationListTestCase(OneXTestCase):
    def ids_on(self, user, **params) -> list[int]:
        self.client.force_login(user)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return [int(i) for i in ROW_ID.findall(response.content.decode())]

    def add_students(self, n: int, *, names: tuple[str, ...] = ()) -> list[Registration]:
        """``n`` more registrations for the 农学系 pilot of 2023, one new student each, in creation order."""
        names = names or tuple(f"学生{k}" for k in range(n))
        students = Student.objects.bulk_create(
            Student(
                institution=self.inst,
                student_number=f"P{k:04d}",
                name=names[k],
                name_pinyin=pinyin_key(names[k]),
                id_number_cipher="-",
                id_number_hash=f"hash-{k}",
                id_number_masked=f"440902********{k:04d}",
                class_group=self.klass,
            )
            for k in range(n)
        )
        return [
            Registration.objects.create(pilot=self.pilot, student=s, applied_on=dt.date(2023, 3, 2)) for s in students
        ]


class WhoMayOpenTheList(RegistrationListTestCase):
    def test_the_office_sees_every_registration_of_its_institution_newest_first(self):
        self.assertEqual(self.ids_on(self.office), [self.registration_other.pk, self.registration.pk])

    def test_a_coordinator_sees_only_the_registrations_of_their_departments_pilots(self):
        self.assertEqual(self.ids_on(self.coordinator), [self.registration.pk])
        self.assertEqual(self.ids_on(self.coordinator_other), [self.registration_other.pk])

    def test_the_office_of_another_institution_sees_only_its_own(self):
        self.client.force_login(self.office2)
        html = self.client.get(URL).content.decode()
        self.assertEqual([int(i) for i in ROW_ID.findall(html)], [self.registration2.pk])
        self.assertNotIn("张三", html)
        self.assertNotIn("钱四", html)

    def test_the_list_holds_exactly_the_registrations_the_scoping_gives_each_user(self):
        # The list reads registrations through the user's pilots; that is the scoping only
        # while a registration's scope is its pilot's.
        self.assertEqual(
            (Registration.scope_institution, Registration.scope_department), ("pilot__institution", "pilot__department")
        )
        for user in (self.office, self.coordinator, self.coordinator_other, self.office2, self.coordinator2):
            scoped = sorted(scope_queryset(Registration.objects.all(), user).values_list("pk", flat=True), reverse=True)
            self.assertEqual(self.ids_on(user), scoped, user.username)

    def test_teachers_finance_leaders_students_and_the_province_are_refused(self):
        for user in (self.teacher, self.finance, self.leader, self.student, self.province, self.student2):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user.username)
            self.assertEqual(self.client.get(EXPORT_URL).status_code, 403, user.username)

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        for url in (URL, EXPORT_URL):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("login", response["Location"])

    def test_another_institutions_or_departments_pilot_in_the_filter_answers_404(self):
        for user, pilot in (
            (self.office, self.pilot2),
            (self.coordinator, self.pilot_other),
            (self.coordinator, self.pilot2),
            (self.office2, self.pilot),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL, {"pilot": pilot.pk}).status_code, 404, user.username)
            self.assertEqual(self.client.get(EXPORT_URL, {"pilot": pilot.pk}).status_code, 404, user.username)

    def test_the_sidebar_shows_the_list_to_the_office_and_coordinators_only(self):
        for user, shown in ((self.office, True), (self.coordinator, True), (self.finance, False)):
            self.client.force_login(user)
            html = self.client.get("/admin/").content.decode()
            self.assertEqual(f'href="{URL}"' in html, shown, user.username)

    def test_each_row_links_to_the_registrations_change_page_which_opens(self):
        for user in (self.office, self.coordinator):
            self.client.force_login(user)
            html = self.client.get(URL).content.decode()
            link = reverse("admin:pilots_registration_change", args=[self.registration.pk])
            self.assertIn(f'href="{link}"', html)
            self.assertEqual(self.client.get(link).status_code, 200, user.username)


class FiltersAndSearch(RegistrationListTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.withdrawn = Registration.objects.create(
            pilot=cls.pilot,
            student=cls.student_other_person,
            applied_on=dt.date(2023, 3, 1),
            withdrawn_on=dt.date(2023, 4, 1),
            withdrawal_reason="转专业",
        )

    def test_the_year_filter_keeps_that_years_pilots(self):
        self.assertEqual(self.ids_on(self.office, year=2023), [self.withdrawn.pk, self.registration.pk])
        self.assertEqual(self.ids_on(self.office, year=2024), [self.registration_other.pk])
        self.assertEqual(self.ids_on(self.office, year=2030), [])

    def test_the_pilot_filter_keeps_that_pilot(self):
        self.assertEqual(self.ids_on(self.office, pilot=self.pilot_other.pk), [self.registration_other.pk])

    def test_the_status_filter_tells_applied_filed_and_withdrawn_apart(self):
        self.assertEqual(self.ids_on(self.office, status="applied"), [self.registration_other.pk])
        self.assertEqual(self.ids_on(self.office, status="filed"), [self.registration.pk])
        self.assertEqual(self.ids_on(self.office, status="withdrawn"), [self.withdrawn.pk])

    def test_an_unknown_status_or_year_is_ignored(self):
        everything = self.ids_on(self.office)
        self.assertEqual(self.ids_on(self.office, status="nonsense", year="20x3"), everything)

    def test_search_finds_a_name_a_student_number_and_pinyin_with_or_without_spaces(self):
        for term in ("张三", "S001", "zhang", "zhangsan", "Zhang San"):
            self.assertEqual(self.ids_on(self.office, q=term), [self.registration.pk], term)
        self.assertEqual(self.ids_on(self.office, q="nobody"), [])

    def test_search_finds_a_full_id_number_without_decrypting_anything(self):
        self.assertEqual(self.ids_on(self.office, q=make_id_number(1)), [self.registration.pk])

    def test_search_stays_within_the_users_rows(self):
        self.assertEqual(self.ids_on(self.office2, q="张三"), [])
        self.assertEqual(self.ids_on(self.coordinator_other, q="张三"), [])

    def test_the_chosen_filters_are_kept_in_the_form_and_the_download_link(self):
        self.client.force_login(self.office)
        html = self.client.get(URL, {"year": 2023, "status": "filed", "q": "张"}).content.decode()
        self.assertIn('<option value="2023" selected>2023</option>', html)
        self.assertIn('<option value="filed" selected>', html)
        self.assertIn('value="张"', html)
        self.assertIn(f"{EXPORT_URL}?year=2023&amp;status=filed&amp;q=%E5%BC%A0", html)

    def test_pilots_are_offered_newest_year_first_and_certificates_in_pinyin_order(self):
        safety = Certificate.objects.create(
            code="T-002", name="安全证书", organization=self.org_, levels=[Level.INTERMEDIATE], name_pinyin="an1 quan2"
        )
        first = Pilot.objects.create(
            institution=self.inst,
            year=2023,
            certificate=safety,
            level=Level.INTERMEDIATE,
            department=self.dept,
            fee_per_candidate=Decimal("100.00"),
        )
        self.client.force_login(self.office)
        html = self.client.get(URL).content.decode()
        select = re.search(r'<select id="reg-pilot".*?</select>', html, re.S).group(0)
        offered = [int(i) for i in re.findall(r'<option value="(\d+)"', select)]
        self.assertEqual(offered, [self.pilot_other.pk, first.pk, self.pilot.pk])


class IdNumbers(RegistrationListTestCase):
    def test_the_masked_id_number_is_shown_and_the_full_one_never(self):
        self.client.force_login(self.office)
        html = self.client.get(URL).content.decode()
        self.assertIn(self.student_person.id_number_masked, html)
        self.assertNotIn(make_id_number(1), html)
        self.assertNotIn(make_id_number(2), html)


class KeysetPages(RegistrationListTestCase):
    def test_next_and_previous_pages_walk_the_list_by_id_without_gaps_or_repeats(self):
        added = self.add_students(LIST_PAGE_SIZE + 5)
        everything = sorted([r.pk for r in added] + [self.registration.pk, self.registration_other.pk], reverse=True)
        self.client.force_login(self.office)
        first = self.client.get(URL).content.decode()
        first_ids = [int(i) for i in ROW_ID.findall(first)]
        self.assertEqual(first_ids, everything[:LIST_PAGE_SIZE])
        self.assertNotIn('data-page="previous"', first)
        next_href = re.search(r'href="\?([^"]+)" data-page="next"', first).group(1).replace("&amp;", "&")
        self.assertEqual(next_href, f"older_than={first_ids[-1]}")

        second = self.client.get(f"{URL}?{next_href}").content.decode()
        self.assertEqual([int(i) for i in ROW_ID.findall(second)], everything[LIST_PAGE_SIZE:])
        self.assertNotIn('data-page="next"', second)
        previous_href = re.search(r'href="\?([^"]+)" data-page="previous"', second).group(1).replace("&amp;", "&")

        back = self.client.get(f"{URL}?{previous_href}").content.decode()
        self.assertEqual([int(i) for i in ROW_ID.findall(back)], first_ids)

    def test_the_page_links_keep_the_filters(self):
        self.add_students(LIST_PAGE_SIZE + 1)
        self.client.force_login(self.office)
        html = self.client.get(URL, {"year": 2023, "status": "applied"}).content.decode()
        self.assertRegex(html, r'href="\?year=2023&amp;status=applied&amp;older_than=\d+" data-page="next"')

    def test_a_page_costs_the_same_queries_however_many_rows_there_are(self):
        self.client.force_login(self.office)
        self.client.get(URL)  # the frame is built once per user, then reused
        with self.assertNumQueries(7):
            self.client.get(URL)
        self.add_students(LIST_PAGE_SIZE + 20)
        with self.assertNumQueries(7):
            response = self.client.get(URL, {"older_than": 10**9})
        self.assertEqual(len(ROW_ID.findall(response.content.decode())), LIST_PAGE_SIZE)


class Download(RegistrationListTestCase):
    def sheet(self, user, **params) -> list[list]:
        self.client.force_login(user)
        response = self.client.get(EXPORT_URL, params)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        content = b"".join(response.streaming_content)
        self.content = content
        return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()

    def test_the_download_holds_the_filtered_rows_newest_first_with_masked_id_numbers(self):
        rows = self.sheet(self.office)
        self.assertEqual(len(rows), 3)
        self.assertEqual([r[0] for r in rows[1:]], ["钱四", "张三"])
        self.assertEqual(rows[2][1], "S001")
        self.assertEqual(rows[2][2], self.student_person.id_number_masked)
        self.assertEqual(rows[2][4], "测试证书")
        self.assertEqual(rows[2][6], 2023)
        filed = self.sheet(self.office, status="filed")
        self.assertEqual([r[0] for r in filed[1:]], ["张三"])
        self.assertNotIn(make_id_number(1).encode(), self.content)

    def test_a_coordinator_downloads_only_their_departments_rows(self):
        self.assertEqual([r[0] for r in self.sheet(self.coordinator)[1:]], ["张三"])

    def test_no_cell_of_the_download_can_run_as_a_formula(self):
        hostile = ("=SUM(1,1)", "+1", "-2", "@A1", "\t=1", '=HYPERLINK("http://example.invalid")')
        self.add_students(len(hostile), names=hostile)
        rows = self.sheet(self.office)
        self.assertEqual({r[0] for r in rows[1:]} & {"'" + h for h in hostile}, {"'" + h for h in hostile})
        for row in rows:
            for cell in row:
                self.assertFalse(isinstance(cell, str) and cell.startswith(FORMULA_STARTS), cell)
        with zipfile.ZipFile(io.BytesIO(self.content)) as book:
            sheet_xml = book.read("xl/worksheets/sheet1.xml")
        self.assertNotRegex(sheet_xml, rb"<f[ >/]")


class TheBackOfficeFrame(RegistrationListTestCase):
    def test_the_sidebars_forms_carry_a_token_valid_for_this_session(self):
        for user in (self.office, self.office):  # the second session reuses the first one's sidebar
            client = Client(enforce_csrf_checks=True)
            client.force_login(user)
            html = client.get(URL).content.decode()
            logout = re.search(r'<form id="logout-form".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
            response = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": logout.group(1)})
            self.assertEqual(response.status_code, 302)  # logged out and sent on, not refused (403)
            self.assertNotIn("_auth_user_id", client.session)

    def test_each_user_sees_their_own_name_and_their_roles_entries(self):
        self.client.force_login(self.office)
        self.assertIn(">\nalice\n<", self.client.get(URL).content.decode())
        self.client.force_login(self.coordinator)
        html = self.client.get(URL).content.decode()
        self.assertIn(">\nbob\n<", html)
        self.assertNotIn("alice", html)
        self.assertNotIn('href="/imports/"', html)

    def test_the_sidebar_marks_the_registration_list_as_the_current_page(self):
        self.client.force_login(self.office)
        html = self.client.get(URL).content.decode()
        self.assertRegex(html, rf'<a href="{URL}" class="[^"]*\bactive\b')
        self.assertNotRegex(html, r'<a href="/sign-ups/" class="[^"]*\bactive\b')

    def test_messages_show_on_a_page_poured_into_the_kept_frame_and_only_once(self):
        def request_with(note: str | None):
            request = RequestFactory().get(URL)
            request.user = self.office
            SessionMiddleware(lambda r: HttpResponse()).process_request(request)
            MessageMiddleware(lambda r: HttpResponse()).process_request(request)
            if note:
                messages.success(request, note)
            return request

        first = staff_page(request_with("已保存 <b>"), "pilots/registration_list.html", {"title": "报名名单"})
        self.assertIn("已保存 &lt;b&gt;", first.content.decode())
        again = staff_page(request_with(None), "pilots/registration_list.html", {"title": "报名名单"})
        self.assertNotIn("已保存", again.content.decode())
        self.assertEqual(again.content.decode().count("<h1"), first.content.decode().count("<h1"))
