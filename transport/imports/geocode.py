"""Finding coordinates for an address, politely (Nominatim's usage policy) and once (a cache)."""

from __future__ import annotations

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from sqlalchemy.orm import Session

from transport import models as m
from transport.errors import Unavailable
from transport.settings import Settings


class GeocodeFailed(Unavailable):
    pass


def cache_key(address: str, postcode: str) -> str:
    return " ".join(f"{address}, {postcode}".lower().split())


class Geocoder:
    """Looks up 'address, postcode' in the cache, then the geocoder; remembers new answers."""

    def __init__(self, db: Session, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.found: dict[str, tuple[float, float] | None] = {}
        self._lookup = None
        self.down: str | None = None

    def locate(self, address: str, postcode: str) -> tuple[float, float] | None:
        key = cache_key(address, postcode)
        if key in self.found:
            return self.found[key]
        cached = self.db.get(m.GeocodeCache, key)
        if cached is not None:
            # Both empty or both set (new_entries); a half-empty row counts as nothing found.
            self.found[key] = None if cached.lat is None or cached.lon is None else (cached.lat, cached.lon)
            return self.found[key]
        if self.down is not None:  # one failure is enough: the other rows are not tried (and retried) too
            raise GeocodeFailed(self.down)
        try:
            place = self._geocode()(f"{address}, {postcode}, United Kingdom", **self._in_the_uk())
        except GeopyError as error:
            self.down = f"the geocoder could not be reached ({type(error).__name__}: {error})"
            raise GeocodeFailed(self.down) from None
        self.found[key] = None if place is None else (place.latitude, place.longitude)
        return self.found[key]

    def new_entries(self) -> list[m.GeocodeCache]:
        """Answers to keep, written with the import (so a failed import leaves no trace)."""
        return [
            m.GeocodeCache(query=k, lat=v[0] if v else None, lon=v[1] if v else None)
            for k, v in self.found.items()
            if self.db.get(m.GeocodeCache, k) is None
        ]

    def _in_the_uk(self) -> dict:
        """Each geocoder's own way of keeping answers in the UK."""
        return {"nominatim": {"country_codes": "gb"}}.get(self.settings.geocoder.lower(), {})

    def _geocode(self):
        if self._lookup is None:
            s = self.settings
            try:
                kind = get_geocoder_for_service(s.geocoder.lower())
            except GeopyError:
                raise GeocodeFailed(
                    f"GEOCODER={s.geocoder!r} is not a geocoder geopy knows (e.g. nominatim, photon, arcgis)"
                ) from None
            geocoder = kind(
                user_agent=s.geocoder_user_agent,
                domain=s.geocoder_domain,
                scheme=s.geocoder_scheme,
                timeout=s.geocoder_timeout_seconds,
                **s.geocoder_options,
            )
            self._lookup = RateLimiter(
                geocoder.geocode,
                min_delay_seconds=s.geocoder_min_delay_seconds,
                max_retries=2,
                error_wait_seconds=s.geocoder_min_delay_seconds * 2,
                swallow_exceptions=False,
            )
        return self._lookup
