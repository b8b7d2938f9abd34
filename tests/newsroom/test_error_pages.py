import pytest
from django.http import HttpResponse
from django.template.loader import get_template
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.pages import page


@pytest.mark.django_db
def test_unknown_address_answers_404_with_the_sites_own_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = page(response)
    assert html.texts("h1") == ["Page not found"]
    assert html.find("header", class_="site-header")
    assert html.find("meta", name="robots").attrs["content"] == "noindex"
    assert "/" in html.hrefs()


@pytest.mark.django_db
def test_404_page_reads_nothing_from_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/no/such/page/")


# No django_db mark: any query would fail the test.
def test_500_page_renders_without_request_context_or_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Sorry, something went wrong</h1>" in content
    assert '<html lang="en">' in content
    assert 'href="/static/css/site.css"' in content


def test_500_template_renders_with_no_context_at_all():
    content = get_template("500.html").render()
    assert "Sorry, something went wrong" in content
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_error_pages_extend_only_their_base_which_needs_no_request(name):
    source = get_template(name).template.source
    assert '{% extends "error_base.html" %}' in source
    assert "{% include" not in source
    base = get_template("error_base.html").template.source
    assert "{% extends" not in base
    assert "{% include" not in base


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_error_pages_share_the_sites_head_and_header(name):
    html = page(HttpResponse(get_template(name).render({"retry_after": 10})))
    assert html.find("meta", name="robots").attrs["content"] == "noindex"
    assert html.find("link", rel="stylesheet").attrs["href"] == "/static/css/site.css"
    assert html.find("link", rel="icon").attrs["href"] == "/static/img/favicon.svg"
    assert html.find("header", class_="site-header")
    assert html.find("main", id="main")
