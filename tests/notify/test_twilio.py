"""The Twilio gateway against a local HTTP server speaking Twilio's Messages API (the SDK's base
URL pointed at it): the only fake, at the network edge."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from tests.edge import JSONHandler, serving
from transport.notify.gateway import Outgoing, PermanentFailure, TemporaryFailure
from transport.notify.twilio_gateway import TwilioGateway

SID, TOKEN = "AC" + "0" * 32, "secret-token"


class FakeTwilio(JSONHandler):
    sent: list[dict] = []
    fail_with: tuple[int, dict] | None = None

    def _authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
        return self.headers.get("Authorization") == expected

    def do_POST(self) -> None:
        if not self._authorised() or self.path != f"/2010-04-01/Accounts/{SID}/Messages.json":
            return self.reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if FakeTwilio.fail_with:
            return self.reply(*FakeTwilio.fail_with)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        sid = f"SM{len(FakeTwilio.sent):032d}"
        FakeTwilio.sent.append({**form, "sid": sid})
        self.reply(201, {"sid": sid, "account_sid": SID, "to": form["To"], "body": form["Body"], "status": "queued"})

    def do_GET(self) -> None:
        to = parse_qs(urlparse(self.path).query).get("To", [None])[0]
        messages = [
            {"sid": m["sid"], "to": m["To"], "body": m["Body"], "status": "sent"} for m in FakeTwilio.sent if m["To"] == to
        ]
        self.reply(200, {"messages": messages, "next_page_uri": None, "page": 0, "page_size": 50, "uri": self.path})


@pytest.fixture
def twilio():
    FakeTwilio.sent, FakeTwilio.fail_with = [], None
    with serving(FakeTwilio) as url:
        yield url


def _gateway(url: str, **kw) -> TwilioGateway:
    return TwilioGateway(SID, TOKEN, base_url=url, **kw)


def test_a_message_is_sent_through_twilios_api(twilio):
    gateway = _gateway(
        twilio, messaging_service_sid="MG" + "1" * 32, status_callback="https://council.example/webhooks/sms/status"
    )
    sid = gateway.send(Outgoing("+447700900123", "No pickup for Sam on Tue 3 Mar, morning.", "k1"))
    (sent,) = FakeTwilio.sent
    assert sid == sent["sid"]
    assert sent["To"] == "+447700900123" and sent["Body"].startswith("No pickup for Sam")
    assert sent["MessagingServiceSid"].startswith("MG") and "From" not in sent
    assert sent["StatusCallback"] == "https://council.example/webhooks/sms/status"


def test_what_twilio_already_sent_is_found_so_it_is_not_sent_twice(twilio):
    gateway = _gateway(twilio, sender="+447700900999")
    message = Outgoing("+447700900123", "Hello Sam", "k1")
    assert gateway.sent_before(message) is None
    sid = gateway.send(message)
    assert gateway.sent_before(message) == sid
    assert gateway.sent_before(Outgoing("+447700900123", "Another text", "k2")) is None


def test_stop_and_bad_numbers_are_permanent_and_outages_temporary(twilio):
    gateway = _gateway(twilio, sender="+447700900999")
    message = Outgoing("+447700900123", "Hello", "k")
    FakeTwilio.fail_with = (400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400})
    with pytest.raises(PermanentFailure, match="21610"):
        gateway.send(message)
    FakeTwilio.fail_with = (400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
    with pytest.raises(PermanentFailure, match="not a valid phone number"):
        gateway.send(message)
    FakeTwilio.fail_with = (503, {"code": 20500, "message": "Service unavailable", "status": 503})
    with pytest.raises(TemporaryFailure):
        gateway.send(message)


def test_twilio_out_of_reach_is_temporary():
    gateway = _gateway("http://127.0.0.1:9", sender="+447700900999")
    with pytest.raises(TemporaryFailure):
        gateway.send(Outgoing("+447700900123", "Hello", "k"))


def test_a_gateway_needs_a_sender():
    with pytest.raises(ValueError, match="TWILIO_FROM"):
        TwilioGateway(SID, TOKEN)
