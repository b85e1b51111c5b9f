"""Email out by SMTP (smtplib): the production email gateway. The embedded default writes each
email to a log instead (local_gateway.LocalGateway at EMAIL_LOG); choose.py picks by settings."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from transport.notify.gateway import Outgoing, PermanentFailure, TemporaryFailure

TIMEOUT_SECONDS = 30.0


class SmtpGateway:
    """One connection for each email: emails are few (sign-in codes, a school's digest)."""

    def __init__(self, host: str, port: int, sender: str, user: str = "", password: str = "", starttls: bool = True) -> None:
        if not sender:
            raise ValueError("SMTP needs SMTP_FROM, the address emails come from")
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls = user, password, starttls

    def send(self, message: Outgoing) -> str:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.to, message.subject
        email["Message-ID"] = message_id = make_msgid(idstring=message.key[:40].replace(":", "."))
        email.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(f"the mail server refused {message.to}: {error.recipients}") from error
        except smtplib.SMTPResponseException as error:
            said = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
            text = f"the mail server answered {error.smtp_code}: {said}"
            if 500 <= error.smtp_code < 600 and error.smtp_code not in (530, 535):  # final, but signing in: a setting to mend
                raise PermanentFailure(text) from error
            raise TemporaryFailure(text) from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"the mail server could not be reached: {error}") from error
        return message_id

    def sent_before(self, message: Outgoing) -> str | None:
        """SMTP cannot be asked what went: an email whose dispatcher died between sending and
        recording it may go twice (a sign-in code or a digest twice is harmless)."""
        return None
