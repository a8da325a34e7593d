"""Forgotten passwords are replaced through a link sent by e-mail (Django's views, our pages)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from truce.accounts.models import User


def test_liaison_resets_a_forgotten_password_by_email_and_logs_in_with_it(cast):
    User.objects.filter(pk=cast.pk.pk).update(email="pk@example.org")
    client = Client()
    assert b"Forgot your password?" in client.get("/login/").content
    response = client.post("/password-reset/", {"email": "pk@example.org"})
    assert response.status_code == 302 and response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert b"New password" in form.content
    new = "a-brand-new-password-2"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert Client().post("/login/", {"username": "pk", "password": new}).status_code == 302
    # The link works once.
    assert b"This link no longer works" in client.get(link, follow=True).content


def test_unknown_address_gets_the_same_answer_and_no_mail(cast):
    response = Client().post("/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_a_too_short_new_password_is_refused_with_the_reason(cast):
    User.objects.filter(pk=cast.af.pk).update(email="af@example.org")
    client = Client()
    client.post("/password-reset/", {"email": "af@example.org"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    page = client.post(form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert page.status_code == 200 and b"at least 10 characters" in page.content


def test_mediator_after_a_reset_still_needs_the_second_factor(cast):
    User.objects.filter(pk=cast.qa.pk).update(email="qa@example.org")
    client = Client()
    client.post("/password-reset/", {"email": "qa@example.org"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "a-brand-new-password-3"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    fresh = Client()
    fresh.post("/login/", {"username": "qa", "password": new})
    assert fresh.get("/cases/")["Location"].startswith("/account/second-factor/")
