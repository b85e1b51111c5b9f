"""Rows without coordinates are geocoded, through the cache; an address not found names its row.

Nominatim is on the internet, so a local HTTP server answering its documented /search JSON
stands in for it at the network edge; geopy itself makes the real request.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from tests.edge import JSONHandler, serving
from tests.imports.council import edited, write_csv
from transport import models as m
from transport.imports import ImportFailed, import_folder
from transport.settings import Settings

KNOWN = {"6 mill road, ipswich, ip4 2dd, united kingdom": ("52.0601", "1.1702")}


@pytest.fixture
def nominatim():
    queries: list[str] = []
    broken: list[bool] = []

    class Handler(JSONHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            url = urlparse(self.path)
            assert url.path in ("/search", "/api")  # Nominatim's and Photon's
            q = parse_qs(url.query)["q"][0]
            queries.append(q)
            if broken:
                self.send_error(503, "overloaded")
                return
            found = KNOWN.get(q.lower())
            if url.path == "/api":
                features = (
                    [
                        {
                            "type": "Feature",
                            "geometry": {"type": "Point", "coordinates": [float(found[1]), float(found[0])]},
                            "properties": {"name": q},
                        }
                    ]
                    if found
                    else []
                )
                body = {"type": "FeatureCollection", "features": features}
            else:
                body = [{"lat": found[0], "lon": found[1], "display_name": q, "place_id": 1}] if found else []
            self.reply(200, body)

    with serving(Handler) as url:
        settings = Settings(geocoder_domain=url.removeprefix("http://"), geocoder_scheme="http", geocoder_min_delay_seconds=0)
        yield settings, queries, broken  # a test appends to `broken` to make the server fail


def test_a_row_without_coordinates_is_geocoded_once(factory, tmp_path, nominatim):
    settings, queries, broken = nominatim
    tables = edited("children", 0, lat="", lon="")
    import_folder(factory, write_csv(tmp_path, tables), settings)
    with factory() as s:
        c1 = s.scalars(select(m.Child).where(m.Child.ref == "C1")).one()
        assert (c1.lat, c1.lon) == (52.0601, 1.1702)
    assert queries == ["6 Mill Road, Ipswich, IP4 2DD, United Kingdom"]
    with factory() as s:
        [cached] = s.scalars(select(m.GeocodeCache)).all()
        assert (cached.query, cached.lat, cached.lon) == ("6 mill road, ipswich, ip4 2dd", 52.0601, 1.1702)
    # Same address again (and a sibling at it): answered from the cache, the server is not asked.
    tables = edited("children", 1, lat="", lon="")
    tables["children"][0].update(lat="", lon="")
    report = import_folder(factory, write_csv(tmp_path / "again", tables), settings)
    assert len(queries) == 1
    assert report.geocoded == 0 and report.counts["children"].updated == 1  # C2, now at the looked-up point
    with factory() as s:
        c2 = s.scalars(select(m.Child).where(m.Child.ref == "C2")).one()
        assert (c2.lat, c2.lon) == (52.0601, 1.1702)


def test_an_address_that_cannot_be_found_names_the_row(factory, tmp_path, nominatim):
    settings, queries, broken = nominatim
    tables = edited("assistants", 1, lat="", lon="")
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables), settings)
    [error] = failed.value.errors
    assert (error.file, error.row, error.column) == ("assistants.csv", 3, "address")
    assert "could not be found" in error.reason
    with factory() as s:
        assert s.scalars(select(m.PassengerAssistant)).all() == []
        assert s.scalars(select(m.GeocodeCache)).all() == []


def test_a_geocoder_that_is_down_is_a_clear_error(factory, tmp_path):
    settings = Settings(
        geocoder_domain="127.0.0.1:9", geocoder_scheme="http", geocoder_min_delay_seconds=0, geocoder_timeout_seconds=1
    )
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, edited("schools", 1, lat="", lon="")), settings)
    [error] = failed.value.errors
    assert (error.file, error.row, error.column) == ("schools.csv", 3, "address")
    assert "could not be reached" in error.reason


def test_a_geocoder_that_fails_is_asked_once_not_for_every_row(factory, tmp_path, nominatim):
    settings, queries, broken = nominatim
    broken.append(True)
    tables = edited("children", 0, lat="", lon="")
    tables["children"][2].update(lat="", lon="")
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables), settings)
    assert [(e.file, e.row, e.column) for e in failed.value.errors] == [
        ("children.csv", 2, "address"),
        ("children.csv", 4, "address"),
    ]
    assert all("could not be reached" in e.reason for e in failed.value.errors)
    assert set(queries) == {"6 Mill Road, Ipswich, IP4 2DD, United Kingdom"}, "the second row did not try again"
    with factory() as s:
        assert s.scalars(select(m.Child)).all() == [] and s.scalars(select(m.GeocodeCache)).all() == []


def test_another_geocoder_is_chosen_by_settings(factory, tmp_path, nominatim):
    settings, queries, _ = nominatim
    photon = settings.model_copy(update={"geocoder": "photon"})
    import_folder(factory, write_csv(tmp_path, edited("children", 0, lat="", lon="")), photon)
    with factory() as s:
        c1 = s.scalars(select(m.Child).where(m.Child.ref == "C1")).one()
        assert (c1.lat, c1.lon) == (52.0601, 1.1702)
    assert queries == ["6 Mill Road, Ipswich, IP4 2DD, United Kingdom"]


def test_a_postcode_that_is_not_a_uk_postcode_is_refused_before_any_look_up(factory, tmp_path, nominatim):
    settings, queries, _ = nominatim
    tables = edited("children", 0, lat="", lon="", postcode="IP4 ZZZ")
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables), settings)
    assert [(e.file, e.row, e.column) for e in failed.value.errors] == [("children.csv", 2, "postcode")]
    assert "not a UK postcode" in failed.value.errors[0].reason
    assert queries == []
