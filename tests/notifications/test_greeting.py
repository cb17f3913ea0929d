import pytest

from notifications.emails import build_message
from tests.factories import NotificationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first_name", "last_name", "greeting"),
    [("Anna", "Andersson", "Hej Anna Andersson,"), ("", "", "Hej!")],
)
def test_a_notification_greets_by_name_and_never_by_email_address(first_name, last_name, greeting):
    user = UserFactory(
        first_name=first_name,
        last_name=last_name,
        email="anna.1796@example.org",
        preferred_language="sv",
    )
    message = build_message(NotificationFactory(registration=RegistrationFactory(user=user)))
    assert message.body.startswith(greeting)
    html = message.alternatives[0][0]
    assert f"<p>{greeting}</p>" in html
    assert "Hej anna.1796" not in message.body
    assert message.from_email.startswith("Klusterportalen <")
