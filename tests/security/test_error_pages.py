import pytest
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext

from cluster_portal import urls as project_urls


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *project_urls.urlpatterns]


def page_text(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language"),
    [("/no-such-page/", "sv"), ("/en/no-such-page/", "en"), ("/events/no-such-event/", "sv")],
)
def test_unknown_urls_answer_404_with_the_portal_page_in_the_right_language(
    client, settings, url, language
):
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page_text(language, "Page not found") in html
    assert page_text(language, "Upcoming events") in html
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_answers_500_with_a_page_in_both_languages():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel" in html
    assert "Something went wrong" in html
    assert "a bug" not in html
