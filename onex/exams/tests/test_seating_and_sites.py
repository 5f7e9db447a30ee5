import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import translation

from onex.exams.models import ExamKind, Seat, SiteUsage, UsagePurpose
from onex.exams.selectors import sharing_figures
from onex.exams.services.scheduling import exam_sessions_schedule
from onex.exams.services.seating import seat_move, seat_plan, seats_allocate
from onex.exams.services.sites import exam_site_create, site_usage_record

from .base import ExamTestCase, at


class SeatingTests(ExamTestCase):
    def setUp(self):
        self.one, self.two = exam_sessions_schedule(
            actor=self.office,
            pilot=self.pilot,
            rooms=[self.room_a, self.room_b],
            kind=ExamKind.THEORY,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=self.regs[:4],
        )

    def numbers(self, session):
        return list(session.seat_set.order_by("seat_number").values_list("registration_id", "seat_number"))

    def test_it_moves_a_candidate_to_a_free_seat(self):
        seat = self.one.seat_set.get(seat_number=1)
        seat_move(actor=self.office, seat=seat, seat_number=2, session=self.two)
        seat.refresh_from_db()
        self.assertEqual((seat.session, seat.seat_number), (self.two, 2))

    def test_it_swaps_two_candidates_when_the_seat_is_taken(self):
        a = self.one.seat_set.get(seat_number=1)
        b = self.two.seat_set.get(seat_number=1)
        seat_move(actor=self.office, seat=a, seat_number=1, session=self.two)
        a.refresh_from_db()
        b.refresh_from_db()
        self.assertEqual((a.session, a.seat_number), (self.two, 1))
        self.assertEqual((b.session, b.seat_number), (self.one, 1))

    def test_it_refuses_a_seat_number_beyond_the_room(self):
        seat = self.one.seat_set.get(seat_number=1)
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "座位号须在 1 到 3 之间"):
            seat_move(actor=self.office, seat=seat, seat_number=4)

    def test_a_move_into_a_full_room_swaps_so_capacity_holds(self):
        seats_allocate(actor=self.office, session=self.two, registrations=[self.regs[4]])
        seat = self.one.seat_set.get(seat_number=3)
        seat_move(actor=self.office, seat=seat, seat_number=2, session=self.two)
        self.assertEqual((self.one.seat_set.count(), self.two.seat_set.count()), (3, 2))
        self.assertEqual(self.one.seat_set.get(seat_number=3).registration, self.regs[4])

    def test_it_allocates_the_lowest_free_numbers(self):
        self.one.seat_set.filter(seat_number=2).delete()
        [seat] = seats_allocate(actor=self.office, session=self.one, registrations=[self.regs[4]])
        self.assertEqual(seat.seat_number, 2)

    def test_it_refuses_to_seat_more_candidates_than_the_room_holds(self):
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "考生 4 人，超过座位数 3"):
            seats_allocate(actor=self.office, session=self.one, registrations=[self.regs[4]])

    def test_it_refuses_to_seat_a_candidate_busy_elsewhere(self):
        self.one.seat_set.filter(seat_number=3).delete()
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "在该时段已安排在另一考核场次"):
            seats_allocate(actor=self.office, session=self.one, registrations=[self.regs[3]])

    def test_the_seat_plan_shows_every_seat_of_the_room(self):
        rows = seat_plan(session=self.one, columns=2)
        self.assertEqual([[c["number"] for c in row] for row in rows], [[1, 2], [3]])
        self.assertTrue(all(c["seat"] is not None for row in rows for c in row))

    def test_the_seat_numbers_stay_unique_after_a_swap_within_a_room(self):
        seat = self.one.seat_set.get(seat_number=3)
        seat_move(actor=self.office, seat=seat, seat_number=1)
        self.assertEqual(sorted(n for _, n in self.numbers(self.one)), [1, 2, 3])
        self.assertEqual(Seat.objects.count(), 4)


class SiteTests(ExamTestCase):
    def test_sharing_figures_count_external_headcount_and_days_per_purpose(self):
        other = exam_site_create(actor=None, institution=self.inst, name="第二站点", organization=self.org_)
        for site, day, purpose, headcount in [
            (self.site, "2023-05-01", UsagePurpose.EXTERNAL_TRAINING, 40),
            (self.site, "2023-05-02", UsagePurpose.EXTERNAL_TRAINING, 38),
            (self.site, "2023-06-10", UsagePurpose.INTERNAL_EXAM, 150),
            (other, "2023-06-10", UsagePurpose.INTERNAL_EXAM, 100),
            (self.site, "2023-03-01", UsagePurpose.INTERNAL_TRAINING, 60),
            (self.site, "2022-05-01", UsagePurpose.EXTERNAL_TRAINING, 99),
        ]:
            SiteUsage.objects.create(
                site=site, used_on=dt.date.fromisoformat(day), purpose=purpose, headcount=headcount
            )
        figures = sharing_figures(usages=SiteUsage.objects.all(), year=2023)
        self.assertEqual(figures["external_headcount"], 78)
        self.assertEqual(figures["external_days"], 2)
        by = {p["purpose"]: p for p in figures["purposes"]}
        self.assertEqual(by[UsagePurpose.INTERNAL_EXAM]["days"], 1)
        self.assertEqual(by[UsagePurpose.INTERNAL_EXAM]["headcount"], 250)
        self.assertEqual(by[UsagePurpose.INTERNAL_TRAINING]["days"], 1)

    def test_sharing_figures_of_an_empty_year_are_zero(self):
        figures = sharing_figures(usages=SiteUsage.objects.all(), year=2019)
        self.assertEqual(figures["external_headcount"], 0)
        self.assertEqual([p["days"] for p in figures["purposes"]], [0, 0, 0])

    def test_external_training_needs_a_site_open_to_the_public(self):
        closed = exam_site_create(actor=None, institution=self.inst, name="内部站点", organization=self.org_)
        with translation.override("zh-hans"), self.assertRaisesMessage(ValidationError, "未对社会开放"):
            site_usage_record(
                actor=self.office,
                site=closed,
                used_on=dt.date(2023, 5, 1),
                purpose=UsagePurpose.EXTERNAL_TRAINING,
                headcount=10,
            )
        usage = site_usage_record(
            actor=self.office,
            site=self.site,
            used_on=dt.date(2023, 5, 1),
            purpose=UsagePurpose.EXTERNAL_TRAINING,
            headcount=10,
        )
        self.assertEqual(usage.headcount, 10)
