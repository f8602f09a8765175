"""The name a store records for its writer when none is given (storage.database.default_user):
the login name as ``getpass.getuser`` finds it, without importing getpass at start-up."""

from __future__ import annotations

import getpass

import pytest

from storage.database import default_user

_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


@pytest.mark.parametrize(
    "present",
    [{"LOGNAME": "wang"}, {"USER": "li", "USERNAME": "zhao"}, {"USERNAME": "chen"}, {}],
)
def test_default_user_agrees_with_getpass(
    present: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in _VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in present.items():
        monkeypatch.setenv(variable, value)
    assert default_user() == getpass.getuser()
    if present:
        assert default_user() == next(present[v] for v in _VARIABLES if v in present)
