"""The caps the README promises for the server ("What one request may cost"), read from the Datasette object
that make_datasette builds: a query stops after one second (--time-limit-ms), a page holds at most 1,000 rows,
a streamed CSV stops at 20 MB. Datasette's own defaults differ (max_csv_mb 100), so a cap left out shows."""

from __future__ import annotations

import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

from repression_data.serve.app import make_datasette  # noqa: E402


@pytest.fixture(scope="module")
def site():
    return make_datasette()


@pytest.mark.parametrize("name, value", [
    ("max_csv_mb", 20),             # "a streamed CSV stops at 20 MB"
    ("max_returned_rows", 1000),    # "a page holds at most 1,000 rows"
    ("sql_time_limit_ms", 1000),    # "stops after one second"
])
def test_the_server_has_the_caps_the_readme_promises(site, name, value):
    assert site.setting(name) == value


def test_the_caps_are_the_servers_own_not_datasettes_defaults(site):
    from datasette.app import DEFAULT_SETTINGS

    assert DEFAULT_SETTINGS["max_csv_mb"] != 20, "the test would not see a missing cap"
    assert site.setting("max_csv_mb") == 20
    assert 0 < site.setting("facet_time_limit_ms") <= site.setting("sql_time_limit_ms")


def test_the_time_limit_follows_the_option_and_facets_stay_under_it():
    quick = make_datasette(time_limit_ms=50)
    assert quick.setting("sql_time_limit_ms") == 50 and quick.setting("facet_time_limit_ms") <= 50
    assert quick.setting("max_csv_mb") == 20 and quick.setting("max_returned_rows") == 1000
