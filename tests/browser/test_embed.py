"""A science park's own website embeds the portal's events (issue 17 §3): a plain HTML page
served from another origin frames the embed, Chromium shows STUNS's events in it, nothing
is blocked by the policy, and the optional script sizes the iframe to its content."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import EventFactory, ScienceParkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER_SITE_PORT = 8116


@pytest.fixture
def other_site(live_server):
    """stuns.example on another port: a static page with the snippet from the builder."""
    html = f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>STUNS</title></head>
<body><h1>Kalendarium</h1>
<iframe src="{live_server.url}/events/embed/?organisation=stuns&amp;lang=en&amp;colour=a01b2c"
        title="Events" data-cluster-portal-embed width="100%" height="150"></iframe>
<script src="{live_server.url}/static/js/embed.js" async></script>
</body></html>""".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", OTHER_SITE_PORT), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{OTHER_SITE_PORT}/"
    server.shutdown()
    server.server_close()


def test_another_site_shows_stuns_events_in_an_iframe(other_site, page):
    stuns = ScienceParkFactory(name="STUNS", slug="stuns")
    for n in range(6):
        EventFactory(title=f"STUNS breakfast {n}", hosts=[stuns])
    EventFactory(title="Someone else's seminar")
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(other_site)
    frame = page.frame_locator("iframe[data-cluster-portal-embed]")
    first = frame.get_by_role("link", name="STUNS breakfast 0")
    first.wait_for()
    assert frame.get_by_role("link", name="STUNS breakfast 5").is_visible()
    assert frame.get_by_text("Someone else's seminar").count() == 0
    assert frame.locator("html").get_attribute("lang") == "en"
    assert first.get_attribute("target") == "_blank"
    # The colour from the snippet reached the page, under the policy.
    colour = first.evaluate("link => getComputedStyle(link).color")
    assert colour == "rgb(160, 27, 44)"
    # embed.js grew the iframe from 150 px to the list's height.
    iframe = page.locator("iframe[data-cluster-portal-embed]")
    page.wait_for_function(
        "() => document.querySelector('iframe[data-cluster-portal-embed]').offsetHeight > 400"
    )
    assert iframe.bounding_box()["height"] > 400
    assert not blocked
