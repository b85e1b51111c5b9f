"""What a gateway is: a message out, how it can fail, and the interface each gateway keeps
(texts: the local one in local_gateway.py, Twilio in twilio_gateway.py; emails: email.py;
choose.py picks by settings, and sends each message by its channel)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from transport.errors import TransportError


@dataclass(frozen=True)
class Outgoing:
    to: str
    """E.164 for a text, an email address for an email"""
    body: str
    key: str
    """The message's idempotency key: the same key is never sent twice."""
    channel: str = "sms"
    """sms or email"""
    subject: str = ""
    """An email's subject line"""


class PermanentFailure(TransportError):
    """The message can never go (an invalid number, a recipient who texted STOP): phone instead."""


class TemporaryFailure(TransportError):
    """Try again later (the provider is down or busy)."""


class Gateway(Protocol):
    def send(self, message: Outgoing) -> str:
        """Send; return the provider's id for the message."""

    def sent_before(self, message: Outgoing) -> str | None:
        """If this message already went (a dispatcher died before recording it), its provider id."""


SmsGateway = Gateway
EmailGateway = Gateway
"""Texts and emails are sent through the same interface: a message out, its provider id back."""
