"""Confidential answers stay out of caches (Cache-Control: no-store on every signed-in page, every API
answer and every download; static files keep their caching), and the API shows no server paths."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests.app.story import REPO, ingest_demo_articles, signed_in
from truce.core import clock
from truce.demo import ARTICLES
from truce.sources.models import Article


def test_signed_in_pages_api_answers_and_downloads_are_not_stored(cast):
    report = cast.api["pk"].file_report().json()
    cast.api["pk"].add_file(report["id"], b"photo bytes")
    evidence = cast.api["pk"].get(f"/api/v1/reports/{report['id']}").json()["evidence"][0]
    browser = signed_in(cast.pk)
    answers = {
        "case list": browser.get("/cases/"),
        "case page": browser.get(f"/cases/{report['case']}/"),
        "report page": browser.get(f"/reports/{report['id']}/"),
        "download": browser.get(f"/reports/{report['id']}/evidence/{evidence['id']}/download/"),
        "API JSON": cast.api["pk"].get(f"/api/v1/reports/{report['id']}"),
        "API error": cast.api["pk"].get("/api/v1/reports/999999"),
        "API download": cast.api["pk"].get(
            f"/api/v1/reports/{report['id']}/evidence/{evidence['id']}/content"
        ),
    }
    for what, response in answers.items():
        # Only the error is an error: a broken page must not pass on its error page's headers.
        assert response.status_code == (404 if what == "API error" else 200), what
        assert response["Cache-Control"] == "no-store", what


def test_static_files_keep_their_caching(cast):
    css = next((REPO / "truce" / "web" / "static").rglob("*.css"))
    response = Client().get("/static/" + css.relative_to(REPO / "truce" / "web" / "static").as_posix())
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_article_read_from_the_servers_disk_shows_its_file_name_not_its_path(cast):
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        ingest_demo_articles()
    articles = list(Article.objects.all())
    assert len(articles) == 2  # the loop below must check something
    for article in articles:
        answer = cast.api["qa"].get(f"/api/v1/articles/{article.pk}")
        assert answer.status_code == 200
        assert str(ARTICLES) not in answer.content.decode()
        assert str(REPO) not in answer.content.decode()
        body = answer.json()
        assert body["origin"] == "file:" + article.origin.rsplit("/", 1)[-1]
        assert body["extraction"]["source"] in ("", body["origin"], body["url"])
