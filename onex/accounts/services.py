from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onex.accounts.models import ApiToken, User
from onex.audit.services import audit_record
from onex.core import crypto
from onex.core.access import has_role, require
from onex.core.roles import STAFF_ROLES, Role
from onex.org.models import Institution, Student

# Roles only a superuser may hand out (superuser status itself is never set here).
SUPERUSER_GRANTED_ROLES = frozenset({Role.PROVINCE})


def _check_may_grant(*, role: str, actor: User | None) -> None:
    if role in SUPERUSER_GRANTED_ROLES and actor is not None:
        require(actor, "user.grant_province")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    institution: Any = None,
    department: Any = None,
    teacher: Any = None,
    student: Any = None,
    province: str = "",
    first_name: str = "",
    last_name: str = "",
    actor: User | None = None,
) -> User:
    _check_may_grant(role=role, actor=actor)
    user = User(
        username=username,
        role=role,
        institution=institution,
        department=department,
        teacher=teacher,
        student=student,
        province=province,
        first_name=first_name,
        last_name=last_name,
        is_staff=role in STAFF_ROLES,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after={"role": role, "username": username})
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None, request: Any = None) -> User:
    _check_may_grant(role=role, actor=actor)
    before = {"role": user.role}
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff"])
    audit_record(actor=actor, action="user.set_role", target=user, before=before, after={"role": role}, request=request)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, request: Any = None) -> User:
    """The user's own new password, where the office asked for one (``must_set_password``) or none is usable."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password() and user.check_password(password):
        raise ValidationError(_("Choose a password different from the current one."), code="password_unchanged")
    validate_password(password, user)
    user.set_password(password)
    user.must_set_password = False
    user.save(update_fields=["password", "must_set_password"])
    _revoke_all_tokens(user=user)
    audit_record(
        actor=user, action="user.set_password", target=user, after={"username": user.username}, request=request
    )
    return user


@transaction.atomic
def user_reset_password(*, user: User, password: str | None, actor: User | None, request: Any = None) -> User:
    """A password set for the user by someone else (the office in the back office); ``None`` disables it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _revoke_all_tokens(user=user)
    audit_record(
        actor=actor,
        action="user.reset_password",
        target=user,
        after={"username": user.username, "usable": password is not None, "tokens_revoked": revoked},
        request=request,
    )
    return user


__all__ = ["user_create", "user_reset_password", "user_set_password", "user_set_role", "Role"]


# ---------------------------------------------------------------- API tokens (API 令牌)


def api_token_hash(key: str) -> str:
    # The key is random and long, so a plain digest is enough to make a stolen table useless.
    return hashlib.sha256(key.encode()).hexdigest()


def _revoke_all_tokens(*, user: User) -> int:
    """Called inside the transaction that changes the password: a new password ends every token."""
    return ApiToken.objects.filter(user=user, revoked__isnull=True).update(revoked=timezone.now())


@transaction.atomic
def api_token_issue(*, user: User, name: str = "", request: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid ``ONEX_API_TOKEN_DAYS`` days; the key is returned once, never stored."""
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        key_hash=api_token_hash(key),
        prefix=key[:8],
        created=now,
        expires=now + timedelta(days=settings.ONEX_API_TOKEN_DAYS),
    )
    token.full_clean()
    token.save()
    audit_record(actor=user, action="api_token.issue", target=token, after={"prefix": token.prefix}, request=request)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, request: Any = None) -> ApiToken:
    """Revoke a token: its holder may always; the office may for the users of its institution."""
    if token.user_id != actor.pk:
        require(actor, "token.revoke", token.user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked is None:
        token.revoked = timezone.now()
        token.full_clean()
        token.save(update_fields=["revoked"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            target=token,
            after={"prefix": token.prefix, "user": token.user.username},
            request=request,
        )
    return token


# Recording each use would write on every API request; once a minute tells enough.
_LAST_USED_GRAIN = timedelta(minutes=1)


@transaction.atomic
def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used (bookkeeping, like ``last_login``: not audited)."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= _LAST_USED_GRAIN:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


DEVICE_NAME = "OneX"


@transaction.atomic
def totp_device_confirm(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Keep the authenticator app a user set up, once it shows a right code; nothing is kept otherwise."""
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return None
    device.last_t = totp.t()
    device.full_clean()
    device.save()
    audit_record(actor=user, action="otp.device_add", target=device, after={"name": device.name})
    return device


# ---------------------------------------------------------------- a student's first login (首次登录)


class IdentityError(ValidationError):
    """The proof did not match, or the account may not be claimed here (as opposed to a weak password)."""


def _find_student(*, institution: Institution, student_number: str, id_number: str) -> Student:
    number = student_number.strip()
    id_hash = crypto.lookup_hash(id_number.strip().upper())
    student = Student.objects.filter(
        institution=institution, student_number=number, id_number_hash=id_hash, is_external=False
    ).first()
    if student is None or not number:
        # The same answer whichever of the two was wrong.
        raise IdentityError(_("No student has this student number and ID number."))
    return student


def _free_username(*, institution: Institution, student_number: str) -> str:
    """The student number itself where free, else prefixed by the institution's code."""
    for candidate in (student_number, f"{institution.code}-{student_number}"):
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise IdentityError(_("No user name is free for this student; ask the 1+X office."))


def may_set_first_password(user: User) -> bool:
    return user.must_set_password or not user.has_usable_password()


@transaction.atomic
def student_first_login(
    *, institution: Institution, student_number: str, id_number: str, password: str, request: Any = None
) -> User:
    """Check the student's identity and set the account's password, creating the account if missing."""
    student = _find_student(institution=institution, student_number=student_number, id_number=id_number)
    user = User.objects.select_for_update().filter(student=student).first()
    created = user is None
    if user is None:
        user = user_create(
            username=_free_username(institution=institution, student_number=student.student_number),
            password=None,
            role=Role.STUDENT,
            institution=institution,
            student=student,
            last_name=student.name,
        )
    elif not user.is_active or not has_role(user, {Role.STUDENT}) or user.is_superuser:
        raise IdentityError(_("This account cannot be used here; ask the 1+X office."))
    elif not may_set_first_password(user):
        raise IdentityError(_("This account already has a password. Log in with it, or ask the 1+X office."))
    validate_password(password, user)
    user.set_password(password)
    user.must_set_password = False
    user.save(update_fields=["password", "must_set_password"])
    _revoke_all_tokens(user=user)
    audit_record(
        actor=user,
        action="user.first_login",
        target=user,
        after={"username": user.username, "account_created": created},
        request=request,
    )
    return user
