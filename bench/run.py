"""Roster import benchmark: OneX against the floor and django-import-export.

Generates a roster workbook (xlsxwriter, a title row above the header, unique
valid fictitious ID numbers), then runs three contenders in this one process,
each on a fresh SQLite database (WAL, as in production's embedded default):

- floor: python-calamine read plus a bare executemany of the same rows into
  the student and registration tables, no checks, no encryption;
- OneX: the import_roster service end to end (read, check, encrypt, write);
- django-import-export: two ModelResources in bulk mode (students, then
  their registrations), tuned as its documentation advises (use_bulk,
  batch_size, skip_diff, force_init_instance, CachedForeignKeyWidget), fed
  from the same calamine read.

Prints one line per figure with its ratio to the floor, and peak memory.
Usage: .venv/bin/python bench/run.py [--rows 100000] [--die-rows 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = Path(tempfile.mkdtemp(prefix="onex-bench-"))
os.environ["ONEX_DATA_DIR"] = str(WORK / "data")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onex.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂志华建国文红玉俊鹏飞宇浩然欣怡子涵梓轩雨萱佳琪"
HEADERS = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "学号",
    "系部",
    "专业",
    "班级",
    "手机号",
    "证书名称",
    "等级",
    "备案日期",
]
CERTIFICATE = "农业经济组织经营管理"


class PeakMemory:
    """Samples the resident set size (Linux /proc) in a thread; cheap enough not to distort timings."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu = 0.0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")

    def _rss(self) -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * self._page

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(0.02)

    def __enter__(self) -> PeakMemory:
        self.start = self._rss()
        self.peak = self.start
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def id_number(i: int) -> str:
    from stdnum.cn import ric

    areas = ("440902", "440904", "440981", "440983", "440923")
    born = 19950101 + (i // 100000) * 10000
    year, rest = divmod(i, 36000)
    body = (
        f"{areas[i % len(areas)]}{1998 + year % 8}{1 + (rest // 3000) % 12:02d}{1 + (rest // 100) % 28:02d}"
        f"{100 + i % 100 + (i // 36000) % 9 * 100:03d}"
    )
    del born
    return body + ric.calc_check_digit(body + "0")


def generate(path: Path, rows: int) -> None:
    import xlsxwriter

    rnd = random.Random(20230901)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("考生信息")
    sheet.write_string(0, 0, "2023年1+X证书考生信息表")
    sheet.write_row(1, 0, HEADERS)
    seen = set()
    i = n = 0
    while n < rows:
        number = id_number(i)
        i += 1
        if number in seen:
            continue
        seen.add(number)
        n += 1
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.7 else "")
        sheet.write_row(
            n + 1,
            0,
            [
                name,
                "居民身份证",
                number,
                "男" if int(number[16]) % 2 else "女",
                f"2023{n:07d}",
                "农学系",
                "畜牧兽医",
                "畜牧2301",
                f"1{rnd.choice('3456789')}{rnd.randrange(10**9):09d}",
                CERTIFICATE,
                "中级",
                "2023-04-01",
            ],
        )
    book.close()


def prepare_template(path: Path) -> None:
    """A migrated database with an institution, a class and the pilot."""
    use_database(path)
    call_command("migrate", verbosity=0)
    from decimal import Decimal

    from onex.catalog.models import Certificate, EvaluationOrganization
    from onex.core.fields import Level
    from onex.org import services as org
    from onex.pilots.models import Pilot

    organization = EvaluationOrganization.objects.create(name="测试评价组织")
    cert = Certificate.objects.create(
        code="B-1", name=CERTIFICATE, organization=organization, levels=[Level.INTERMEDIATE]
    )
    inst = org.institution_create(code="BENCH", name="基准职业学院", province="广东省")
    dept = org.department_create(institution=inst, name="农学系")
    major = org.major_create(department=dept, name="畜牧兽医")
    org.class_group_create(major=major, name="畜牧2301", entry_year=2023)
    Pilot.objects.create(
        institution=inst,
        year=2023,
        certificate=cert,
        level=Level.INTERMEDIATE,
        department=dept,
        fee_per_candidate=Decimal("300"),
    )
    connection.close()


def use_database(path: Path) -> None:
    connection.close()
    settings.DATABASES["default"]["NAME"] = str(path)
    connection.settings_dict["NAME"] = str(path)


def fresh(template: Path, name: str) -> Path:
    target = WORK / f"{name}.sqlite3"
    shutil.copyfile(template, target)
    use_database(target)
    return target


def read_calamine(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    finally:
        book.close()


def run_floor(path: Path) -> int:
    from onex.org.models import Institution, Student
    from onex.pilots.models import Pilot, Registration

    inst = Institution.objects.get(code="BENCH")
    pilot = Pilot.objects.get(institution=inst)
    rows = read_calamine(path)[2:]
    q = connection.ops.quote_name
    student_table, reg_table = q(Student._meta.db_table), q(Registration._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {student_table} (institution_id, student_number, name, name_pinyin, gender, id_type, "
            "id_number_cipher, id_number_hash, id_number_masked, phone, class_group_id, is_external) "
            "VALUES (%s, %s, %s, '', %s, 'resident', %s, %s, %s, %s, NULL, 0)",
            [(inst.pk, r[4], r[0], r[3], r[2], r[2], r[2], r[8]) for r in rows],
        )
        cursor.execute(f"SELECT id FROM {student_table} WHERE institution_id = %s", [inst.pk])
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            f"INSERT INTO {reg_table} (pilot_id, student_id, trainee_type, applied_on, filed_on, withdrawal_reason) "
            "VALUES (%s, %s, 'school', %s, %s, '')",
            [(pilot.pk, sid, "2023-04-01", "2023-04-01") for sid in ids],
        )
    return len(rows)


def run_onex(path: Path) -> int:
    from onex.imports.services import roster_import
    from onex.org.models import Institution

    summary = roster_import(path=path, institution=Institution.objects.get(code="BENCH"), year=2023)
    if summary.rejected or summary.imported != summary.rows:
        raise SystemExit(f"OneX rejected rows in the benchmark file: {summary.as_dict()}")
    return summary.rows


def run_import_export(path: Path) -> int:
    """Students, then their registrations: the same rows in the database as OneX and the floor write."""
    import tablib
    from import_export import fields, resources, widgets

    from onex.core import crypto
    from onex.core.pinyin import pinyin_key
    from onex.org.models import Institution, Student
    from onex.pilots.models import Pilot, Registration

    institution_id = Institution.objects.get(code="BENCH").pk
    pilot_id = Pilot.objects.get(institution_id=institution_id).pk

    class StudentResource(resources.ModelResource):
        class Meta:
            model = Student
            fields = (
                "institution",
                "name",
                "name_pinyin",
                "gender",
                "student_number",
                "phone",
                "id_number_cipher",
                "id_number_hash",
                "id_number_masked",
            )
            import_id_fields = ("id_number_hash",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            skip_html_diff = True
            clean_model_instances = False

        def before_import_row(self, row, **kwargs):  # type: ignore[no-untyped-def]
            number = str(row["证件号码"]).strip().upper()
            row["institution"] = institution_id
            row["name"] = row["姓名"]
            row["name_pinyin"] = pinyin_key(row["姓名"])
            row["gender"] = "M" if row["性别"] == "男" else "F"
            row["student_number"] = row["学号"]
            row["phone"] = row["手机号"]
            row["id_number_cipher"] = crypto.encrypt(number)
            row["id_number_hash"] = crypto.lookup_hash(number)
            row["id_number_masked"] = crypto.mask_id_number(number)

    class RegistrationResource(resources.ModelResource):
        # The documented way to resolve many foreign keys: one query, then lookups in memory.
        pilot = fields.Field(attribute="pilot", column_name="pilot", widget=widgets.CachedForeignKeyWidget(Pilot))
        student = fields.Field(
            attribute="student",
            column_name="id_number_hash",
            widget=widgets.CachedForeignKeyWidget(Student, field="id_number_hash"),
        )

        class Meta:
            model = Registration
            fields = ("pilot", "student", "trainee_type", "applied_on", "filed_on")
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            skip_html_diff = True
            clean_model_instances = False

        def before_import_row(self, row, **kwargs):  # type: ignore[no-untyped-def]
            row["pilot"] = pilot_id
            row["id_number_hash"] = crypto.lookup_hash(str(row["证件号码"]).strip().upper())
            row["trainee_type"] = "school"
            row["applied_on"] = row["filed_on"] = row["备案日期"]

    table = read_calamine(path)
    students = tablib.Dataset(*[list(r) + [None] * 9 for r in table[2:]], headers=[str(h) for h in table[1]] + [
        "institution", "name", "name_pinyin", "gender", "student_number", "phone",
        "id_number_cipher", "id_number_hash", "id_number_masked",
    ])  # fmt: skip
    registrations = tablib.Dataset(
        *[list(r) + [None] * 5 for r in table[2:]],
        headers=[str(h) for h in table[1]] + ["pilot", "id_number_hash", "trainee_type", "applied_on", "filed_on"],
    )
    for importer, dataset in ((StudentResource(), students), (RegistrationResource(), registrations)):
        result = importer.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
        if result.has_errors():
            raise SystemExit("django-import-export reported errors")
    if Registration.objects.filter(pilot_id=pilot_id).count() != len(students):
        raise SystemExit("django-import-export did not write every registration")
    return len(students)


def measure(label: str, func, path: Path, template: Path) -> tuple[int, float, PeakMemory]:  # type: ignore[no-untyped-def]
    """Wall-clock seconds; the CPU seconds are kept on the memory probe (a loaded machine inflates wall time).

    CPU seconds count this process and any helper process it waited for, so they can exceed the wall time.
    """
    fresh(template, label)
    with PeakMemory() as memory:
        started, cpu = time.perf_counter(), cpu_seconds()
        rows = func(path)
        elapsed = time.perf_counter() - started
        memory.cpu = cpu_seconds() - cpu
    return rows, elapsed, memory


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--die-rows", type=int, default=20_000, help="rows for django-import-export (0: skip it)")
    args = parser.parse_args()

    big = WORK / "roster.xlsx"
    generate(big, args.rows)
    template = WORK / "template.sqlite3"
    prepare_template(template)

    mb = 1024 * 1024
    rows, seconds, mem = measure("floor", run_floor, big, template)
    floor_rate, floor_cpu_rate = rows / seconds, rows / mem.cpu
    print(
        f"floor (calamine read + bare executemany, no checks): {rows} rows in {seconds:.2f} s = "
        f"{floor_rate:,.0f} rows/s (CPU {mem.cpu:.2f} s = {floor_cpu_rate:,.0f} rows/s) · ratio to floor 1.00 · "
        f"peak memory {mem.peak / mb:.0f} MB"
    )
    rows, seconds, mem = measure("onex", run_onex, big, template)
    onex_rate, onex_cpu_rate = rows / seconds, rows / mem.cpu
    print(
        f"OneX import_roster (read, check, encrypt, write): {rows} rows in {seconds:.2f} s = {onex_rate:,.0f} rows/s "
        f"(CPU {mem.cpu:.2f} s = {onex_cpu_rate:,.0f} rows/s) · ratio to floor {onex_rate / floor_rate:.2f} "
        f"(CPU {onex_cpu_rate / floor_cpu_rate:.2f}; goal ≥ 0.33, i.e. within 3×) · goal ≥ 20,000 rows/s: "
        f"{'met' if onex_rate >= 20000 else 'not met'} · "
        f"peak memory {mem.peak / mb:.0f} MB (+{(mem.peak - mem.start) / mb:.0f} MB)"
    )
    if args.die_rows:
        small = WORK / "roster-small.xlsx"
        generate(small, min(args.die_rows, args.rows))
        rows, seconds, mem = measure("import_export", run_import_export, small, template)
        die_rate, die_cpu_rate = rows / seconds, rows / mem.cpu
        print(
            f"django-import-export (bulk mode, tuned; students and registrations): {rows} rows in {seconds:.2f} s = "
            f"{die_rate:,.0f} rows/s (CPU {mem.cpu:.2f} s = {die_cpu_rate:,.0f} rows/s) · "
            f"ratio to floor {die_rate / floor_rate:.3f} (CPU {die_cpu_rate / floor_cpu_rate:.3f}) · "
            f"OneX is {onex_rate / die_rate:.1f}× faster (CPU {onex_cpu_rate / die_cpu_rate:.1f}×; goal ≥ 10×) · "
            f"peak memory {mem.peak / mb:.0f} MB"
        )
    connection.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
