"""Twilio may post the same inbound text twice (a retry after a timeout, or someone replaying a
signed request): each MessageSid is acted on once. The row is written in the transaction that
acts on the text, so a text whose handling failed is acted on when Twilio tries it again."""

from __future__ import annotations

from sqlalchemy.orm import Session

from transport import models as m


def first_time(db: Session, message_sid: str) -> bool:
    """True the first time this MessageSid comes (an empty one always: nothing to know it by)."""
    if not message_sid:
        return True
    if db.get(m.InboundText, message_sid) is not None:
        return False
    db.add(m.InboundText(message_sid=message_sid[:64]))
    db.flush()  # two at once: the second waits here, then fails on the key (see the webhook)
    return True
