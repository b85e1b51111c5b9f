"""Twilio: the production gateway (the `twilio` package, over Twilio's Messages API)."""

from __future__ import annotations

import datetime as dt

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from transport.notify.gateway import Outgoing, PermanentFailure, TemporaryFailure

PERMANENT = {
    21211: "not a valid phone number",
    21214: "not a phone number that can receive texts",
    21408: "texts to that country are not enabled",
    21610: "the recipient replied STOP",
    21612: "Twilio cannot text that number",
    21614: "not a mobile number",
    30003: "the handset is unreachable",
    30005: "the number does not exist",
    30006: "a landline or a number that cannot take texts",
}
"""Twilio error codes that no retry will cure: the message is marked failed, for a planner to phone."""


class TwilioGateway:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        status_callback: str = "",
        base_url: str = "",
    ) -> None:
        if not (sender or messaging_service_sid):
            raise ValueError("Twilio needs TWILIO_FROM (a number or sender ID) or TWILIO_MESSAGING_SERVICE_SID")
        self.client = Client(account_sid, auth_token)
        if base_url:  # a Twilio-compatible endpoint (the tests' stand-in, a regional edge)
            self.client.api.base_url = base_url.rstrip("/")
        self.sender, self.service, self.callback = sender, messaging_service_sid, status_callback

    def send(self, message: Outgoing) -> str:
        fields = {"to": message.to, "body": message.body}
        if self.service:
            fields["messaging_service_sid"] = self.service
        else:
            fields["from_"] = self.sender
        if self.callback:
            fields["status_callback"] = self.callback
        try:
            return self.client.messages.create(**fields).sid
        except TwilioRestException as error:
            if error.code in PERMANENT:
                raise PermanentFailure(f"{error.code}: {PERMANENT[error.code]}") from error
            if error.status and 400 <= error.status < 500 and error.status != 429:
                raise PermanentFailure(f"{error.code}: {error.msg}") from error
            raise TemporaryFailure(f"Twilio answered {error.status}: {error.msg}") from error
        except (TwilioException, OSError) as error:
            raise TemporaryFailure(f"Twilio could not be reached: {error}") from error

    def sent_before(self, message: Outgoing) -> str | None:
        """Twilio's own record of the last day's messages to the number, looked up by body."""
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        try:
            for sent in self.client.messages.list(to=message.to, date_sent_after=since, limit=100):
                if sent.body == message.body:
                    return sent.sid
        except (TwilioException, OSError) as error:
            raise TemporaryFailure(f"Twilio could not be asked what was sent: {error}") from error
        return None
