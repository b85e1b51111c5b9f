"""Signing in by a one-time code (transport/sign_in_codes.py), on SQLite and PostgreSQL: sent only
to a number or email the council holds, the same answer either way; a code works once, for a
while; wrong codes lock out; accounts made for records that have none; disabled ones stay shut."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from transport import models as m
from transport import sign_in_codes as codes
from transport.accounts import add_user, caller_by_id, caller_for, set_disabled
from transport.db import transaction
from transport.settings import Settings

SETTINGS = Settings(council_name="Sampleshire", sign_in_code_every_seconds=0)
NUMBER = "+447700900123"


def a_pa(ref: str, phone: str) -> m.PassengerAssistant:
    """A PA called Sam Lee with this number (the tests' other records are not about PAs)."""
    return m.PassengerAssistant(
        ref=ref,
        employer="council",
        first_name="Sam",
        last_name="Lee",
        phone=phone,
        dbs_expiry=dt.date(2030, 1, 1),
        address="1 Elm Road",
        postcode="IP1 1AA",
        lat=52.05,
        lon=1.15,
    )


@pytest.fixture
def council(factory):
    with transaction(factory) as db:
        db.add_all(
            [
                m.Guardian(ref="G1", first_name="Sam", last_name="Lee", phone=NUMBER),
                a_pa("PA1", NUMBER),
                m.Guardian(ref="G2", first_name="Alex", last_name="Moss", phone="+447700900456"),
                m.School(
                    ref="S1",
                    name="Oak School",
                    phase="primary",
                    address="1 Oak Road",
                    postcode="IP1 1AA",
                    lat=52,
                    lon=1,
                    phone="+441632960001",
                    email="Office@Oak.sch.uk",
                ),
                m.School(
                    ref="S2",
                    name="Ash School",
                    phase="primary",
                    address="2 Ash Road",
                    postcode="IP1 1AB",
                    lat=52,
                    lon=1,
                    phone="+441632960002",
                ),
            ]
        )
    return factory


def _sent(factory) -> list[m.Message]:
    with factory() as db:
        return list(db.scalars(select(m.Message).where(m.Message.template == codes.TEMPLATE).order_by(m.Message.id)))


def _code(message: m.Message) -> str:
    return message.body.split(" is ")[1][:6]


def _ask(factory, typed: str, settings: Settings = SETTINGS) -> None:
    with transaction(factory) as db:
        codes.send_code(db, settings, codes.read_address(typed))


def _check(factory, typed: str, code: str, settings: Settings = SETTINGS) -> codes.Checked:
    with transaction(factory) as db:
        return codes.check_code(db, settings, codes.read_address(typed), code)


def test_numbers_and_emails_are_read_as_people_type_them():
    assert codes.read_address(" 07700 900123 ") == codes.Address("phone", NUMBER)
    assert codes.read_address("+44 7700 900123") == codes.Address("phone", NUMBER)
    assert codes.read_address("Office@Oak.sch.uk") == codes.Address("email", "office@oak.sch.uk")
    for bad in ("hello", "12", "office@", "a b@c.uk"):
        with pytest.raises(codes.CodeRefused):
            codes.read_address(bad)


def test_a_code_texted_to_a_number_held_signs_in_once(council):
    _ask(council, "07700 900123")
    (text,) = _sent(council)
    assert (text.channel, text.recipient_phone, text.status) == ("sms", NUMBER, "queued")
    assert text.body == (
        f"Your sign-in code for Sampleshire school transport is {_code(text)}. It works for 10 minutes. "
        "If you did not ask for it, ignore this text."
    )
    with council() as db:
        row = db.scalar(select(m.SignInCode))
        assert _code(text) not in row.code_hash  # only its hash is kept
    checked = _check(council, "07700900123", _code(text))
    assert checked.refused is None and len(checked.users) == 2  # the parent's and the PA's, made now
    with council() as db:
        roles = {caller_by_id(db, u).role for u in checked.users}
        assert roles == {"parent", "pa"}
        made = db.scalars(select(m.User).where(m.User.id.in_(checked.users))).all()
        assert {(u.role, u.link_ref) for u in made} == {("parent", "G1"), ("pa", "PA1")}
    again = _check(council, "07700900123", _code(text))
    assert again.users == [] and "used already" in again.refused


def test_an_unknown_number_is_answered_the_same_and_sent_nothing(council):
    _ask(council, "07700 900999")
    assert _sent(council) == []
    refused = _check(council, "07700 900999", "123456")
    assert refused.users == [] and "not right" in refused.refused  # as for a number we hold


def test_a_code_runs_out(council, monkeypatch):
    _ask(council, "07700 900456")
    (text,) = _sent(council)
    later = codes.now() + dt.timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(codes, "now", lambda: later)
    checked = _check(council, "07700 900456", _code(text))
    assert checked.users == [] and "run out" in checked.refused


def test_wrong_codes_lock_the_number_out_for_a_while(council, monkeypatch):
    _ask(council, "07700 900456")
    (text,) = _sent(council)
    wrong = "000000" if _code(text) != "000000" else "111111"
    answers = [_check(council, "07700 900456", wrong).refused for _ in range(5)]
    assert "4 more tries" in answers[0] and "1 more try" in answers[3]
    assert "Too many wrong codes" in answers[4]
    assert "Too many wrong codes" in _check(council, "07700 900456", _code(text)).refused  # even the right one
    with pytest.raises(codes.CodeRefused, match="Too many wrong codes"):
        _ask(council, "07700 900456")
    later = codes.now() + dt.timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(codes, "now", lambda: later)
    _ask(council, "07700 900456")  # the lockout is over: a new code
    new = _sent(council)[-1]
    assert _check(council, "07700 900456", _code(new)).refused is None


def test_new_codes_are_rate_limited(council):
    settings = Settings(sign_in_code_every_seconds=60, sign_in_codes_per_hour=2)
    _ask(council, "07700 900456", settings)
    with pytest.raises(codes.CodeRefused, match="a moment ago"):
        _ask(council, "07700 900456", settings)
    with pytest.raises(codes.CodeRefused, match="a moment ago"):
        _ask(council, "07700 900999", settings)  # an unknown number too: the answers tell nothing
        _ask(council, "07700 900999", settings)
    assert len(_sent(council)) == 1


def test_a_school_is_sent_its_code_by_email_or_if_it_has_none_by_text(council):
    _ask(council, "office@oak.sch.uk")
    _ask(council, "01632 960001")  # Oak's phone: Oak has an email, so nothing goes to it
    _ask(council, "01632 960002")  # Ash has no email: its phone
    email, text = _sent(council)
    assert (email.channel, email.recipient_email, email.subject) == (
        "email",
        "office@oak.sch.uk",
        "Your sign-in code for school transport",
    )
    assert email.body.endswith("ignore this email.")
    assert (text.channel, text.recipient_phone, text.recipient_ref) == ("sms", "+441632960002", "S2")
    checked = _check(council, "Office@Oak.sch.uk", _code(email))
    with council() as db:
        assert [caller_by_id(db, u).role for u in checked.users] == ["school"]


def test_a_disabled_account_opens_nothing(council):
    with transaction(council) as db:
        token = add_user(db, "parent", "Alex Moss", "G2")
    with council() as db:
        user_id = caller_for(db, token).user_id
    with transaction(council) as db:
        set_disabled(db, user_id, True)
    with council() as db:
        assert caller_for(db, token) is None and caller_by_id(db, user_id) is None
    _ask(council, "07700 900456")
    checked = _check(council, "07700 900456", _code(_sent(council)[-1]))
    assert checked.users == [] and "switched off" in checked.refused
    with council() as db:  # no second account was made beside the disabled one
        assert db.scalar(select(func.count()).select_from(m.User).where(m.User.link_ref == "G2")) == 1


def test_codes_move_no_count_of_what_the_service_keeps(council):
    """Asking for and checking codes leaves the records' and days' counts alone: a parent signing
    in does not make every process read the day's runs again (transport/versions.py)."""
    from transport.versions import versions

    with council() as db:
        before = versions(db)
    _ask(council, "07700 900456")
    _check(council, "07700 900456", _code(_sent(council)[-1]))
    with council() as db:
        after = versions(db)
    assert (after.records, after.days) == (before.records, before.days)
