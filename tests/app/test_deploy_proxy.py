"""Behind the documented TLS proxy (docs/operations.md) forms must work: the proxy terminates HTTPS and
forwards plain HTTP with X-Forwarded-Proto, and the browser sends Origin: https://truce.example."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.test import Client

from tests.app.story import PASSWORD, REPO

PROXY_ENV = {
    "TRUCE_PUBLIC_URL": "https://truce.example",
    "TRUCE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "TRUCE_HSTS_SECONDS": "31536000",
    "TRUCE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "TRUCE_SSL_REDIRECT": "1",
}


def settings_from(env: dict[str, str]) -> dict[str, object]:
    """The deployment settings truce.settings derives from this environment, read in a fresh process."""
    script = (
        "import json; from truce import settings as s; print(json.dumps({k: getattr(s, k) for k in ("
        "'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SECURE_PROXY_SSL_HEADER', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_SSL_REDIRECT', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')}))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_") or k == "TRUCE_HOME"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**base, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    values: dict[str, object] = json.loads(result.stdout)
    if values["SECURE_PROXY_SSL_HEADER"] is not None:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])  # type: ignore[arg-type]
    return values


def test_the_public_url_and_proxy_header_give_every_deployment_setting():
    values = settings_from(PROXY_ENV)
    assert values["ALLOWED_HOSTS"] == ["truce.example"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://truce.example"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True


def test_explicit_hosts_and_origins_win_over_the_public_url():
    values = settings_from(
        {
            **PROXY_ENV,
            "TRUCE_ALLOWED_HOSTS": "truce.example,10.0.0.5",
            "TRUCE_CSRF_TRUSTED_ORIGINS": "https://truce.example,https://intake.truce.example",
            "TRUCE_SECURE_COOKIES": "0",
        }
    )
    assert values["ALLOWED_HOSTS"] == ["truce.example", "10.0.0.5"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://truce.example", "https://intake.truce.example"]
    assert values["SESSION_COOKIE_SECURE"] is False


def test_without_deployment_settings_nothing_is_assumed_about_https():
    values = settings_from({})
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["CSRF_TRUSTED_ORIGINS"] == []
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert "localhost" in values["ALLOWED_HOSTS"]  # type: ignore[operator]


def _login_through_the_proxy() -> int:
    browser = Client(enforce_csrf_checks=True, HTTP_HOST="truce.example")
    page = browser.get("/login/", headers={"X-Forwarded-Proto": "https"}, secure=False)
    token = page.cookies["csrftoken"].value
    response = browser.post(
        "/login/",
        {"username": "pk", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Origin": "https://truce.example", "X-Forwarded-Proto": "https"},
    )
    return response.status_code


def test_a_form_posted_through_the_tls_proxy_is_accepted(cast, settings):
    for name, value in settings_from(PROXY_ENV).items():
        setattr(settings, name, value)
    status = _login_through_the_proxy()
    assert status == 302  # logged in and sent on, not refused


def test_the_same_post_without_the_proxy_settings_is_refused_as_cross_origin(cast, settings):
    """The finding as reported: Django took the request for http:// and refused Origin: https://…."""
    settings.ALLOWED_HOSTS = ["truce.example"]
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.CSRF_TRUSTED_ORIGINS = []
    assert _login_through_the_proxy() == 403


def test_hsts_is_sent_on_https_requests_through_the_proxy(cast, settings):
    for name, value in settings_from(PROXY_ENV).items():
        setattr(settings, name, value)
    response = Client(HTTP_HOST="truce.example").get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = Client(HTTP_HOST="truce.example").get("/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://truce.example/login/"
