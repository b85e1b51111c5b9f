"""Email: the SMTP gateway against a real SMTP server (aiosmtpd) started here, the local log, and
the outbox sending each message by its channel."""

from __future__ import annotations

import json
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from transport import models as m
from transport.db import transaction
from transport.notify import outbox
from transport.notify.choose import Channels, gateway_from_settings
from transport.notify.email import SmtpGateway
from transport.notify.gateway import Outgoing, PermanentFailure, TemporaryFailure
from transport.notify.local_gateway import LocalGateway
from transport.settings import Settings
from transport.travel.local_valhalla import free_port


class Inbox:
    """What the server received; a recipient at refused.example is refused for good."""

    def __init__(self) -> None:
        self.received: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def _passwords(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"transport" and auth_data.password == b"right"
    return AuthResult(success=ok)


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=_passwords, auth_require_tls=False)
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _gateway(port: int, **kwargs) -> SmtpGateway:
    return SmtpGateway("127.0.0.1", port, "transport@council.example", starttls=False, **kwargs)


def test_an_email_is_sent_to_a_real_smtp_server(smtp):
    inbox, port = smtp
    message = Outgoing("office@oak.sch.uk", "Your sign-in code is 123456.", "k1", "email", "Your sign-in code")
    provider_id = _gateway(port, user="transport", password="right").send(message)
    (got,) = inbox.received
    assert got.mail_from == "transport@council.example" and got.rcpt_tos == ["office@oak.sch.uk"]
    text = got.content.decode()
    assert "Subject: Your sign-in code" in text and "Your sign-in code is 123456." in text
    assert f"Message-ID: {provider_id}" in text


def test_smtp_failures_are_permanent_or_temporary(smtp):
    inbox, port = smtp
    refused = Outgoing("nobody@refused.example", "Hello", "k2", "email", "Hello")
    with pytest.raises(PermanentFailure, match="refused"):
        _gateway(port).send(refused)
    with pytest.raises(TemporaryFailure, match="could not be reached"):
        _gateway(free_port()).send(Outgoing("a@b.example", "Hello", "k4", "email", "Hi"))
    assert inbox.received == []


def test_the_outbox_sends_emails_by_smtp_and_texts_by_sms(factory, smtp, tmp_path):
    inbox, port = smtp
    with transaction(factory) as db:
        outbox.queue(
            db,
            to=None,
            email="office@oak.sch.uk",
            subject="Today's pupils",
            role="school",
            ref="S1",
            template="digest",
            body="Sam, Alex.",
            key="digest:1",
        )
        outbox.queue(db, to="+447700900123", role="parent", ref="G1", template="t", body="Hello", key="text:1")
    texts = LocalGateway(tmp_path / "sms.log")
    assert outbox.run_once(factory, Channels(texts, _gateway(port))) == 2
    (email,) = inbox.received
    assert email.rcpt_tos == ["office@oak.sch.uk"] and "Subject: Today's pupils" in email.content.decode()
    (line,) = [json.loads(x) for x in (tmp_path / "sms.log").read_text().splitlines()]
    assert (line["to"], line["body"]) == ("+447700900123", "Hello")
    with factory() as db:
        rows = db.scalars(select(m.Message).order_by(m.Message.id)).all()
        assert [(r.channel, r.status) for r in rows] == [("email", "sent"), ("sms", "sent")]


def test_by_default_emails_are_written_to_the_email_log(factory, tmp_path):
    settings = Settings(sms_log=str(tmp_path / "sms.log"), email_log=str(tmp_path / "email.log"))
    with transaction(factory) as db:
        outbox.queue(
            db,
            to=None,
            email="office@oak.sch.uk",
            subject="Hi",
            role="school",
            ref="S1",
            template="digest",
            body="A long email body. " * 40,
            key="digest:2",
        )
    assert outbox.run_once(factory, gateway_from_settings(settings)) == 1
    (line,) = [json.loads(x) for x in (tmp_path / "email.log").read_text().splitlines()]
    assert (line["to"], line["subject"], line["body"]) == ("office@oak.sch.uk", "Hi", "A long email body. " * 40)
    assert not (tmp_path / "sms.log").exists()
    with pytest.raises(ValueError, match="subject"):
        with transaction(factory) as db:
            outbox.queue(db, to=None, email="office@oak.sch.uk", role="school", ref="S1", template="x", body="y", key="z")


def test_starttls_before_signing_in(tmp_path, monkeypatch):
    """The default: STARTTLS, the server's certificate checked (here one made for 127.0.0.1 and
    trusted through SSL_CERT_FILE), then the password sent over TLS; a server that requires TLS
    refuses a client that does not start it."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True,
    )
    assert made.returncode == 0, made.stderr
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), tls_context=server_tls, require_starttls=True, authenticator=_passwords
    )
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        message = Outgoing("office@oak.sch.uk", "Hello", "k5", "email", "Hello")
        SmtpGateway("127.0.0.1", controller.port, "transport@council.example", "transport", "right").send(message)
        assert [e.rcpt_tos for e in inbox.received] == [["office@oak.sch.uk"]]
        with pytest.raises(TemporaryFailure):
            _gateway(controller.port).send(message)  # no STARTTLS: refused by this server (530)
        assert len(inbox.received) == 1
    finally:
        controller.stop()
