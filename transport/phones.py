"""Phone numbers, two ways: as held and sent (E.164, +441632960001) and as people read them
(01632 960001). The council's files give numbers in either form; UK is the default country."""

from __future__ import annotations

import phonenumbers


def e164(phone: str) -> str:
    """A number as held and sent; what cannot be read is kept as given."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(phone, "GB"), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return phone


def for_people(phone: str | None) -> str:
    """A number as people write it: UK numbers in national format (01632 960001), others
    internationally; what cannot be read is shown as it is held."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, "GB")
    except phonenumbers.NumberParseException:
        return phone
    style = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
