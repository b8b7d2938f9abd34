import pytest
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


def test_500_page_extends_no_template_that_needs_a_request():
    template = get_template("500.html")
    assert "{% extends" not in template.template.source
    assert "{% include" not in template.template.source
