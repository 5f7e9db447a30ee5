"""The API tokens page (API 令牌): listed and revoked (吊销) by their holder and by the office of the holder's institution."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from onex.accounts.models import ApiToken
from onex.accounts.services import api_token_issue, api_token_revoke
from onex.audit.models import AuditEvent
from testsupport.base import PASSWORD, OneXTestCase

FOREIGN_OFFICE = "只有该用户所在院校的 1+X 办公室可以吊销其他用户的 API 令牌。"


class ApiTokenPageTests(OneXTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.bob_token, _ = api_token_issue(user=self.coordinator)
        self.alice_token, _ = api_token_issue(user=self.office)

    def revoke_url(self, token: ApiToken) -> str:
        return reverse("api_token_revoke", args=[token.pk])

    def is_revoked(self, token: ApiToken) -> bool:
        token.refresh_from_db()
        return token.revoked is not None

    def test_a_coordinator_sees_only_their_own_tokens(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("api_tokens"))
        self.assertContains(response, f'data-token="{self.bob_token.pk}"')
        self.assertNotContains(response, f'data-token="{self.alice_token.pk}"')

    def test_the_office_sees_the_tokens_of_its_institutions_users(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("api_tokens"))
        self.assertContains(response, f'data-token="{self.bob_token.pk}"')
        self.assertContains(response, f'data-token="{self.alice_token.pk}"')
        self.client.force_login(self.office2)
        self.assertNotContains(self.client.get(reverse("api_tokens")), f'data-token="{self.bob_token.pk}"')

    def test_a_user_revokes_their_own_token_and_it_is_audited(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.revoke_url(self.bob_token))
        self.assertRedirects(response, reverse("api_tokens"), fetch_redirect_response=False)
        self.assertTrue(self.is_revoked(self.bob_token))
        event = AuditEvent.objects.get(action="api_token.revoke")
        self.assertEqual(event.actor, self.coordinator)

    def test_a_coordinator_cannot_revoke_someone_elses_token(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.revoke_url(self.alice_token)).status_code, 404)
        self.assertFalse(self.is_revoked(self.alice_token))
        with self.assertRaisesMessage(PermissionDenied, FOREIGN_OFFICE):
            api_token_revoke(token=self.alice_token, actor=self.coordinator)

    def test_the_office_revokes_a_token_of_its_institutions_user(self):
        self.client.force_login(self.office)
        self.client.post(self.revoke_url(self.bob_token))
        self.assertTrue(self.is_revoked(self.bob_token))
        self.assertEqual(AuditEvent.objects.get(action="api_token.revoke").actor, self.office)

    def test_the_office_of_another_institution_may_not_revoke_with_the_rules_message(self):
        self.client.force_login(self.office2)
        self.assertEqual(self.client.post(self.revoke_url(self.bob_token)).status_code, 404)
        with self.assertRaisesMessage(PermissionDenied, FOREIGN_OFFICE):
            api_token_revoke(token=self.bob_token, actor=self.office2)
        self.assertFalse(self.is_revoked(self.bob_token))
        self.assertFalse(AuditEvent.objects.filter(action="api_token.revoke").exists())


class OfficePasswordResetTests(OneXTestCase):
    def test_a_password_reset_in_the_back_office_revokes_the_users_tokens(self):
        token, _ = api_token_issue(user=self.coordinator)
        self.client.force_login(self.office)
        url = reverse("admin:auth_user_password_change", args=[self.coordinator.pk])
        new = "Xin-mima-2024!"
        response = self.client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
        self.assertEqual(response.status_code, 302)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked)
        self.coordinator.refresh_from_db()
        self.assertTrue(self.coordinator.check_password(new))
        event = AuditEvent.objects.get(action="user.reset_password")
        self.assertEqual(event.actor, self.office)
        self.assertNotIn(PASSWORD, str(event.after))
