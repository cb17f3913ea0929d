"""Address confirmation and password-reset mail go through the outbox: with the mail server
down, sign-up and password reset still answer, and the mail follows when the server is back."""

import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import sweep_pending_notifications
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(committing_client):
    return committing_client


DOWN = "tests.notifications.test_account_email_outbox.RefusingBackend"


class RefusingBackend(EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def sign_up(client, email="new.person@example.org", url=None):
    return client.post(
        url or reverse("account_signup"),
        {
            "email": email,
            "first_name": "Nea",
            "last_name": "Person",
            "password1": "a-long-pass-9!",
            "password2": "a-long-pass-9!",
        },
    )


def mail_server_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.update(last_attempt_at=None, created_at="2000-01-01T00:00Z")
    sweep_pending_notifications()


def test_sign_up_answers_while_the_mail_server_is_down_and_the_link_follows(client, settings):
    settings.EMAIL_BACKEND = DOWN
    client.raise_request_exception = False
    response = sign_up(client)
    assert response.status_code == 302
    notification = Notification.objects.get(kind=Notification.Kind.ACCOUNT_EMAIL)
    assert notification.status == Notification.Status.PENDING
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification.recipient.email == "new.person@example.org"
    assert not mail.outbox

    mail_server_back(settings)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    link = re.search(r"https?://\S+/confirm-email/\S+/", message.body).group(0)
    # The link works, and the delivered row no longer holds it.
    assert client.post(link.split("testserver", 1)[1]).status_code == 302
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert link not in str(notification.context)


def test_password_reset_answers_while_the_mail_server_is_down(client, settings):
    user = UserFactory()
    settings.EMAIL_BACKEND = DOWN
    client.raise_request_exception = False
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    mail_server_back(settings)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/password/reset/key/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_is_sent_without_a_recipient(client, settings):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]
    assert Notification.objects.get().recipient is None


def test_logging_in_unverified_answers_while_the_mail_server_is_down(client, settings):
    user = UserFactory()
    user.emailaddress_set.update(verified=False)
    settings.EMAIL_BACKEND = DOWN
    client.raise_request_exception = False
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(kind=Notification.Kind.ACCOUNT_EMAIL).exists()


def test_the_confirmation_is_in_the_language_of_the_sign_up(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "svensk@example.org",
            "first_name": "Sven",
            "last_name": "Svensson",
            "password1": "a-long-pass-9!",
            "password2": "a-long-pass-9!",
        },
    )
    assert Notification.objects.get().language == "sv"
    assert mail.outbox[0].extra_headers["Content-Language"] == "sv"
