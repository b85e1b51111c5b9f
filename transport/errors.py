"""The errors a person can act on, on one base. The API maps each kind to its HTTP status once
(api/problems.py); the CLI prints the message. A message says what is wrong and what to do."""

from __future__ import annotations


class TransportError(Exception):
    """Something a planner, parent or crew can put right; the message says what."""


class NotFound(TransportError, LookupError):
    """The thing asked for does not exist (or is not the caller's to see)."""


class Conflict(TransportError):
    """The request is sound but clashes with what is already so (a plan being made, a run that has left)."""


class Invalid(TransportError, ValueError):
    """The request or the input is not valid as it stands."""


class Unavailable(TransportError):
    """A service this needs (a road engine, a geocoder) did not answer."""
