"""Hostile input for property-based tests of forms and filters (hypothesis), and a check that a
refused submission wrote nothing.

    @given(data=st.dictionaries(st.sampled_from(FIELDS), hostile_text()))
    def test_form_never_fails_loudly(data): ...
"""

from __future__ import annotations

from django.apps import apps
from hypothesis import strategies as st

from .inert import PAYLOADS

CONTROL_CHARACTERS = "".join(chr(c) for c in [*range(0, 32), 127])


def hostile_text(*, max_size: int = 200) -> st.SearchStrategy[str]:
    """Unicode, control characters and NUL, markup payloads, 100 kB strings, bad numbers/dates."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=CONTROL_CHARACTERS, min_size=1, max_size=20),
        st.sampled_from(PAYLOADS),
        st.just("x" * 100_000),
        st.sampled_from(
            [
                "-1",
                "1e309",
                "NaN",
                "99999999999999999999",
                "0x10",
                "2026-02-30",
                "31/12/9999",
                "0000-00-00",
                "24:61",
                "null",
                "[]",
                "{}",
                "' OR 1=1 --",
            ]
        ),
    )


def row_counts() -> dict[str, int]:
    """Rows per model, to compare before and after a refused submission."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
