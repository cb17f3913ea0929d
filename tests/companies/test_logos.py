"""An organisation's logo: uploaded by the company's admin (or staff in the admin), checked by
its content, shown on its page and wherever it hosts."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from companies.models import Organisation
from tests.companies.test_public_views import company_data
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (64, 64), (11, 93, 59, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def edit_url(organisation) -> str:
    return f"/en/organisations/{organisation.slug}/edit/"


def test_company_admin_uploads_a_logo_shown_on_the_company_page(client):
    admin = OrganisationMembershipFactory(organisation__organisation_number="5560360793")
    client.force_login(admin.user)
    form = client.get(edit_url(admin.organisation)).content.decode()
    assert 'enctype="multipart/form-data"' in form
    response = client.post(
        edit_url(admin.organisation),
        {**company_data(), "logo": SimpleUploadedFile("logo.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 302
    company = Organisation.objects.get(pk=admin.organisation.pk)
    assert company.logo.name.startswith("organisations/logos/logo")
    page = client.get(company.get_absolute_url()).content.decode()
    assert f'src="{company.logo.url}"' in page
    assert f'<meta property="og:image" content="{settings.SITE_URL}{company.logo.url}"' in page


def test_a_file_that_is_not_an_image_gets_a_clear_message_and_nothing_is_saved(client):
    admin = OrganisationMembershipFactory(organisation__organisation_number="5560360793")
    client.force_login(admin.user)
    response = client.post(
        edit_url(admin.organisation),
        {
            **company_data(name="Renamed AB"),
            "logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upload a valid image" in html or "not an image we can read" in html
    company = Organisation.objects.get(pk=admin.organisation.pk)
    assert not company.logo
    assert company.name != "Renamed AB"


def test_a_gif_logo_is_refused_by_format(client):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, format="GIF")
    admin = OrganisationMembershipFactory(organisation__organisation_number="5560360793")
    client.force_login(admin.user)
    response = client.post(
        edit_url(admin.organisation),
        {**company_data(), "logo": SimpleUploadedFile("logo.gif", buffer.getvalue(), "image/gif")},
    )
    assert "Images must be JPEG, PNG or WebP; this one is GIF." in response.content.decode()


def test_hosts_logo_on_network_page(client):
    park = ScienceParkFactory()
    park.logo.save("park.jpg", ContentFile(jpeg_bytes()))
    network = NetworkFactory(hosts=[park])
    html = client.get(f"/en/networks/{network.slug}/").content.decode()
    assert f'src="{park.logo.url}"' in html


def test_event_without_logos_shows_host_names_only(client):
    event = EventFactory()
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "logo-small" not in html
    assert event.hosts.get().name in html
