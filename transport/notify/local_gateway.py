"""The embedded gateways, for texts and for emails: send nothing, write each message to a log."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from transport.notify.gateway import Outgoing

log = logging.getLogger("transport.sms")


class LocalGateway:
    """The embedded default: writes each message to a log file (one JSON line each) instead of
    sending it (texts to var/sms.log, emails, with their subject, to var/email.log). The outbox
    row in the database is the other record."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def send(self, message: Outgoing) -> str:
        provider_id = f"local-{message.key}"
        line = {"at": dt.datetime.now(dt.UTC).isoformat(), "id": provider_id, "to": message.to, "body": message.body}
        if message.channel == "email":
            line["subject"] = message.subject
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        log.info("%s to %s: %s", "Email" if message.channel == "email" else "SMS", message.to, message.body)
        return provider_id

    def sent_before(self, message: Outgoing) -> str | None:
        provider_id = f"local-{message.key}"
        if not self.path.exists():
            return None
        with self.path.open(encoding="utf-8") as f:
            return provider_id if any(json.loads(line)["id"] == provider_id for line in f) else None
