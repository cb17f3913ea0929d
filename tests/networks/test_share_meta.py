import pytest

from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_network_page_has_open_graph_and_twitter_meta_and_share_links(client):
    network = NetworkFactory(name="Hållbarhetsnätverket", description="Företag delar lösningar.")
    html = client.get(f"/networks/{network.slug}/").content.decode()
    assert '<meta property="og:title" content="Hållbarhetsnätverket">' in html
    assert '<meta property="og:description" content="Företag delar lösningar.">' in html
    assert '<meta property="og:site_name" content="Klusterportalen">' in html
    assert '<meta name="twitter:title" content="Hållbarhetsnätverket">' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http" in html
    assert "mailto:?subject=H%C3%A5llbarhetsn%C3%A4tverket&amp;body=http" in html
