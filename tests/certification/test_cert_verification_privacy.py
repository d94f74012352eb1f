"""The public verification page: status and date, never the free-text reason; kept out of search
engines; rate limited per client behind the trusted proxy."""

import datetime as dt

import time_machine
from django.urls import reverse

from certification import services
from tests.certification.test_cert_certificates import cert  # noqa: F401 - the fixture


def test_a_revoked_certificate_shows_status_and_date_but_not_the_reason(cert, world, client):  # noqa: F811
    services.certificate_revoke(certificate=cert, reason="Fraude en el examen del titular", actor=world.hr)
    page = client.get(reverse("verification:detail", args=[cert.code])).content.decode()
    assert 'id="certificate-status"' in page and "Revocado" in page
    assert "Revocado el" in page or "Revoked on" in page
    assert "Fraude en el examen" not in page


def test_the_verification_pages_are_not_indexed(cert, client):  # noqa: F811
    for url in (reverse("verification:form"), reverse("verification:detail", args=[cert.code])):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_behind_the_proxy_the_rate_limit_counts_each_client_not_the_proxy(cert, client, settings):  # noqa: F811
    settings.VERIFICATION_RATE_LIMIT = "3/m"
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("verification:detail", args=[cert.code])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    with time_machine.travel(dt.datetime(2026, 3, 3, 12, 0, 5, tzinfo=dt.UTC), tick=False):
        first = [client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code for _ in range(4)]
        # another client through the same proxy is not locked out by the first one
        other = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code
        # and the first cannot escape its limit by writing its own X-Forwarded-For entries
        spoofed = client.get(url, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy).status_code
    assert first == [200, 200, 200, 429]
    assert other == 200
    assert spoofed == 429
