"""Issue 9 item 8: a lockout nobody else can trigger.

The client's address is read through trusted proxies only; failures count by (account,
address), by address with a higher limit and by account across addresses with a much
higher one; the owner still signs in from an address that has not failed.
"""

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import LoginFailure
from himoya.accounts.tests.factories import PASSWORD
from himoya.accounts.tests.helpers import totp_code, wrong_code
from himoya.audit.models import AuditAction, AuditEntry
from himoya.audit.services import client_ip
from himoya.core.tests.subprocesses import PRODUCTION_ENV, himoya, is_one_line
from himoya.env import env_networks
from himoya.notifications.models import Notification, NotificationKind
from himoya.testing import HimoyaTestCase

LOGIN = "/accounts/login/"
PROXY = "192.0.2.10"
TRUST_PROXY = override_settings(HIMOYA_TRUSTED_PROXIES=(ipaddress.ip_network("192.0.2.0/28"),))


def networks(*items):
    return tuple(ipaddress.ip_network(item) for item in items)


class ClientAddressTests(HimoyaTestCase):
    def address(self, remote, forwarded=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))

    def test_without_trusted_proxies_the_header_is_ignored(self):
        self.assertEqual(self.address("198.51.100.7", "203.0.113.5"), "198.51.100.7")

    @TRUST_PROXY
    def test_a_trusted_proxy_passes_on_the_client_read_right_to_left(self):
        # The client wrote "10.9.9.9" itself; the proxy appended the address it saw.
        self.assertEqual(self.address(PROXY, "10.9.9.9, 203.0.113.5"), "203.0.113.5")
        # Several trusted proxies in a row are skipped.
        self.assertEqual(self.address(PROXY, "203.0.113.5, 192.0.2.11"), "203.0.113.5")
        self.assertEqual(self.address(PROXY, "[2001:db8::5]:4711"), "2001:db8::5")
        self.assertEqual(self.address(PROXY, "203.0.113.5:4711"), "203.0.113.5")
        # Without the header, or with nothing usable in it, the proxy is the nearest hop.
        self.assertEqual(self.address(PROXY), PROXY)
        self.assertEqual(self.address(PROXY, "garbage"), PROXY)

    @TRUST_PROXY
    def test_an_untrusted_peer_cannot_choose_its_address(self):
        self.assertEqual(self.address("198.51.100.7", "203.0.113.5"), "198.51.100.7")

    @override_settings(HIMOYA_TRUSTED_PROXIES=networks("127.0.0.1"))
    def test_an_ipv4_client_seen_through_ipv6_is_that_client(self):
        self.assertEqual(self.address("::ffff:127.0.0.1", "203.0.113.5"), "203.0.113.5")


class TestTrustedProxySetting:
    def test_addresses_and_networks_are_parsed(self, monkeypatch):
        monkeypatch.setenv("HIMOYA_TRUSTED_PROXIES", " 10.0.0.1, 172.16.0.0/12 ,::1")
        parsed = env_networks("HIMOYA_TRUSTED_PROXIES")
        assert parsed == networks("10.0.0.1/32", "172.16.0.0/12", "::1/128")

    def test_unset_trusts_nobody(self, monkeypatch):
        monkeypatch.delenv("HIMOYA_TRUSTED_PROXIES", raising=False)
        assert env_networks("HIMOYA_TRUSTED_PROXIES") == ()

    @pytest.mark.parametrize("value", ["10.0.0.1/8", "proxy.local", "10.0.0.1,,10.0.0.2", "*"])
    def test_a_malformed_value_is_refused_naming_it(self, monkeypatch, value):
        monkeypatch.setenv("HIMOYA_TRUSTED_PROXIES", value)
        with pytest.raises(ImproperlyConfigured, match="HIMOYA_TRUSTED_PROXIES"):
            env_networks("HIMOYA_TRUSTED_PROXIES")


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.slow
def test_start_up_stops_on_a_malformed_trusted_proxy_list(tmp_path):
    result = himoya(
        "check", var_dir=tmp_path, **{**PRODUCTION_ENV, "HIMOYA_TRUSTED_PROXIES": "10.0.0.1/8"}
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert is_one_line(result.stderr), result.stderr
    assert "HIMOYA_TRUSTED_PROXIES" in result.stderr


class BehindTheProxyTests(HimoyaTestCase):
    """Behind the reverse proxy the README recommends, every request comes from its address."""

    def post(self, username, password=PASSWORD, client="203.0.113.5"):
        return self.client.post(
            LOGIN,
            {"username": username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client,
        )

    @TRUST_PROXY
    def test_failures_for_a_made_up_name_lock_nobody_else_out(self):
        for _ in range(5):
            self.post("made-up-name", "wrong", client="203.0.113.66")
        self.assertEqual(self.post("ann", client="203.0.113.5").status_code, 302)
        self.assertEqual(
            set(LoginFailure.objects.values_list("ip_address", flat=True)), {"203.0.113.66"}
        )
        entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).get()
        self.assertEqual(entry.ip_address, "203.0.113.5")

    @TRUST_PROXY
    @override_settings(HIMOYA_LOGIN_ADDRESS_MAX_FAILURES=6)
    def test_an_address_lock_holds_only_that_client_behind_the_proxy(self):
        for index in range(6):
            self.post(f"guess{index}", "wrong", client="203.0.113.66")
        self.assertEqual(self.post("ann", client="203.0.113.66").status_code, 429)
        self.assertEqual(self.post("ann", client="203.0.113.5").status_code, 302)
        lock = AuditEntry.objects.get(action=AuditAction.SIGN_IN_LOCKED)
        self.assertEqual(lock.detail["scope"], "address")
        self.assertEqual(lock.ip_address, "203.0.113.66")

    def test_a_spoofed_header_from_an_untrusted_peer_changes_nothing(self):
        for index in range(5):
            self.client.post(
                LOGIN,
                {"username": "ann", "password": "wrong"},
                REMOTE_ADDR="198.51.100.7",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{index}",
            )
        response = self.client.post(
            LOGIN,
            {"username": "ann", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR="203.0.113.200",
        )
        self.assertEqual(response.status_code, 429)


@override_settings(
    HIMOYA_LOGIN_MAX_FAILURES=5,
    HIMOYA_LOGIN_ADDRESS_MAX_FAILURES=30,
    HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES=6,
    HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES=60,
)
class AccountWideLimitTests(HimoyaTestCase):
    def post(self, username, password=PASSWORD, ip="10.0.0.1"):
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)

    def spread_failures(self, count=6):
        for index in range(count):
            self.assertEqual(
                self.post("Bob", "wrong", ip=f"10.7.0.{index}").status_code,
                400 if index < 5 else 429,
            )

    def test_many_addresses_lock_the_account_where_they_failed_but_not_for_its_owner(self):
        self.spread_failures()
        # Every address that failed on the account is now shut for it, right password or not.
        self.assertEqual(self.post("bob", ip="10.7.0.2").status_code, 429)
        # The owner's own address has never failed: it still signs in.
        response = self.post("bob", ip="10.0.0.200")
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        # Other accounts are untouched from the failing addresses.
        self.client.logout()
        self.assertEqual(self.post("ann", ip="10.7.0.2").status_code, 302)

    def test_the_lock_is_audited_and_owner_and_admins_are_notified_once(self):
        self.spread_failures()
        locks = AuditEntry.objects.filter(
            action=AuditAction.SIGN_IN_LOCKED, detail__scope="account"
        )
        [lock] = locks
        self.assertEqual(lock.organisation, self.alpha)
        self.assertEqual(lock.object_id, str(self.bob.pk))
        self.assertEqual(lock.detail["username"], "bob")
        kinds = dict(Notification.objects.values_list("user__username", "kind"))
        self.assertEqual(
            kinds,
            {
                "bob": NotificationKind.ACCOUNT_LOCKED,
                "alice": NotificationKind.MEMBER_ACCOUNT_LOCKED,
            },
        )
        # More failures from new addresses, and the count reaching the limit again within
        # the window, tell nobody twice.
        for index in range(10, 14):
            self.post("bob", "wrong", ip=f"10.7.0.{index}")
        LoginFailure.objects.filter(ip_address="10.7.0.0").delete()
        LoginFailure.objects.filter(ip_address="10.7.0.10").delete()
        self.post("bob", "wrong", ip="10.7.0.99")
        self.assertEqual(Notification.objects.count(), 2)

    def test_an_unknown_account_notifies_nobody(self):
        for index in range(6):
            self.post("nobody", "wrong", ip=f"10.8.0.{index}")
        self.assertEqual(Notification.objects.count(), 0)
        lock = AuditEntry.objects.get(action=AuditAction.SIGN_IN_LOCKED, detail__scope="account")
        self.assertIsNone(lock.organisation)

    def test_a_pair_lock_is_audited_in_the_members_organisation(self):
        for _ in range(5):
            self.post("ann", "wrong", ip="10.9.0.1")
        lock = AuditEntry.objects.get(action=AuditAction.SIGN_IN_LOCKED)
        self.assertEqual((lock.detail["scope"], lock.organisation), ("pair", self.alpha))
        self.assertEqual(lock.ip_address, "10.9.0.1")


class SecondFactorThrottleTests(HimoyaTestCase):
    def setUp(self):
        self.device = TOTPDevice.objects.create(user=self.bob, name="phone", confirmed=True)

    def password_step(self, client, ip):
        return client.post(LOGIN, {"username": "bob", "password": PASSWORD}, REMOTE_ADDR=ip)

    def test_wrong_codes_from_one_address_do_not_lock_the_owner_elsewhere(self):
        attacker = self.client_class()
        self.password_step(attacker, "10.5.5.5")
        for _ in range(5):
            attacker.post(
                "/accounts/verify/", {"otp_token": wrong_code(self.device)}, REMOTE_ADDR="10.5.5.5"
            )
        locked = attacker.post(
            "/accounts/verify/", {"otp_token": totp_code(self.device)}, REMOTE_ADDR="10.5.5.5"
        )
        self.assertEqual(locked.status_code, 429)
        self.password_step(self.client, "10.6.6.6")
        response = self.client.post(
            "/accounts/verify/", {"otp_token": totp_code(self.device)}, REMOTE_ADDR="10.6.6.6"
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)
