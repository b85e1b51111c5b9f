from transport.phones import e164, for_people


def test_numbers_are_shown_as_people_write_them():
    assert for_people("+441632960001") == "01632 960001"
    assert for_people("+447700900123") == "07700 900123"
    assert for_people("+33123456789") == "+33 1 23 45 67 89"
    assert for_people("not a number") == "not a number"
    assert for_people(None) == ""


def test_numbers_are_held_in_e164():
    assert e164("01632 960001") == "+441632960001"
    assert e164("+44 7700 900123") == "+447700900123"
    assert e164("nonsense") == "nonsense"
