"""SMS gateways: the interface, and the embedded local one that sends nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from transport.errors import TransportError

log = logging.getLogger("transport.sms")


@dataclass(frozen=True)
class Outgoing:
    to: str
    """E.164"""
    body: str
    key: str
    """The message's idempotency key: the same key is never sent twice."""


class PermanentFailure(TransportError):
    """The message can never go (an invalid number, a recipient who texted STOP): phone instead."""


class TemporaryFailure(TransportError):
    """Try again later (the provider is down or busy)."""


class SmsGateway(Protocol):
    def send(self, message: Outgoing) -> str:
        """Send; return the provider's id for the message."""

    def sent_before(self, message: Outgoing) -> str | None:
        """If this message already went (a dispatcher died before recording it), its provider id."""


class LocalGateway:
    """The embedded default: writes each message to a log file (one JSON line each) instead of
    sending it. The outbox row in the database is the other record."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def send(self, message: Outgoing) -> str:
        provider_id = f"local-{message.key}"
        line = {"at": dt.datetime.now(dt.UTC).isoformat(), "id": provider_id, "to": message.to, "body": message.body}
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        log.info("SMS to %s: %s", message.to, message.body)
        return provider_id

    def sent_before(self, message: Outgoing) -> str | None:
        provider_id = f"local-{message.key}"
        if not self.path.exists():
            return None
        with self.path.open(encoding="utf-8") as f:
            return provider_id if any(json.loads(line)["id"] == provider_id for line in f) else None


def gateway_from_settings(settings) -> SmsGateway:
    """Twilio when an account is set, else the local gateway."""
    if settings.twilio_account_sid:
        from transport.notify.twilio_gateway import TwilioGateway

        return TwilioGateway(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from,
            settings.twilio_messaging_service_sid,
            settings.sms_status_callback_url,
            settings.twilio_base_url,
        )
    return LocalGateway(Path(settings.sms_log))
