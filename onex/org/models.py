from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    province = models.CharField(_("province"), max_length=30)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=400, blank=True, editable=False)

    scope_institution = "self"

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name_pinyin", "code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    institution = models.ForeignKey(Institution, verbose_name=_("institution"), on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=400, blank=True, editable=False)

    scope_institution = "institution"
    scope_department = "self"

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_pinyin"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Major(models.Model):
    institution = models.ForeignKey(Institution, verbose_name=_("institution"), on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    code = models.CharField(_("major code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=100)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=400, blank=True, editable=False)

    scope_institution = "institution"
    scope_department = "department"

    class Meta:
        verbose_name = _("major")
        verbose_name_plural = _("majors")
        ordering = ["name_pinyin"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="major_unique_name")]

    def __str__(self) -> str:
        return self.name


class ClassGroup(models.Model):
    institution = models.ForeignKey(Institution, verbose_name=_("institution"), on_delete=models.PROTECT)
    major = models.ForeignKey(Major, verbose_name=_("major"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    entry_year = models.PositiveSmallIntegerField(_("entry year"))

    scope_institution = "institution"
    scope_department = "major__department"

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-entry_year", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="classgroup_unique_name")]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident ID card")
    HMT_RESIDENCE = "hmt_residence", _("Residence permit for Hong Kong, Macao and Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreigner's permanent residence ID card")
    PASSPORT = "passport", _("Passport")


class Student(models.Model):
    # No index of its own: the unique constraints and the pinyin index all begin with the institution.
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, db_index=False
    )
    student_number = models.CharField(_("student number"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=60)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=300, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_cipher = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number lookup hash"), max_length=64, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=40, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    class_group = models.ForeignKey(
        ClassGroup, verbose_name=_("class"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_external = models.BooleanField(_("external (社会) trainee"), default=False)

    scope_institution = "institution"
    scope_department = "class_group__major__department"
    scope_own = {"student": "self"}

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["name_pinyin", "id"]
        # The institution's students in pinyin order, one indexed range per page.
        indexes = [models.Index(fields=["institution", "name_pinyin", "id"], name="student_pinyin_order")]
        constraints = [
            models.UniqueConstraint(fields=["institution", "id_number_hash"], name="student_unique_id_number"),
            models.UniqueConstraint(
                fields=["institution", "student_number"],
                condition=~Q(student_number=""),
                name="student_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Teacher(models.Model):
    institution = models.ForeignKey(Institution, verbose_name=_("institution"), on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT)
    staff_number = models.CharField(_("staff number"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=300, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    title = models.CharField(_("professional title"), max_length=40, blank=True)
    is_dual_qualified = models.BooleanField(_("双师型 (dual-qualified)"), default=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    scope_institution = "institution"
    scope_department = "department"
    scope_own = {"teacher": "self"}

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "staff_number"], name="teacher_unique_staff_number")
        ]

    def __str__(self) -> str:
        return self.name
