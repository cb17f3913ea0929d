"""Logging a test client in, cheaply enough for matrices that log in thousands of times.

`Client.force_login` costs a handful of queries and writes (an empty session, a new key for it,
the user's last login, the session again) and runs the login signals. The permission matrices
and the URL walks log the same few users in for every request. Each user (by id and password
hash) logs in for real once; after that a client gets a fresh session of its own holding a copy
of what that login left in the session, so a request still starts just after a login and what
one request does to its session never reaches another.
"""

from importlib import import_module

from django.conf import settings

_session_after_login: dict[tuple[int, str], dict] = {}


def log_in(client, user) -> None:
    key = (user.pk, user.password)
    if settings.SESSION_COOKIE_NAME in client.cookies:
        # A session already holds something: logging in keeps it (or flushes it for another
        # user), as Django does.
        client.force_login(user)
        return
    if key not in _session_after_login:
        client.force_login(user)
        _session_after_login[key] = dict(client.session.items())
        return
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session.update(_session_after_login[key])
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
