"""Exception hierarchy, SDK error codes, and the HA-free rule of the library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from custom_components.tuya_bluetooth.tuya import errors
from custom_components.tuya_bluetooth.tuya.error_codes import ERROR_CODES, describe

LIBRARY = Path(errors.__file__).parent


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.ConnectError, 101),
        (errors.DeviceInfoError, 104),
        (errors.PairError, 105),
        (errors.ResponseTimeoutError, 106),
        (errors.KeyRejectedError, 109),
        (errors.ConnectionClosedError, 114),
        (errors.DeviceNotFoundError, 121),
        (errors.NotifyError, 125),
        (errors.OtaRefusedError, 200),
        (errors.OtaFileRejectedError, 201),
        (errors.OtaOffsetError, 202),
        (errors.OtaPacketError, 203),
        (errors.OtaSendError, 204),
        (errors.OtaFailedError, 205),
        (errors.OtaTimeoutError, 206),
        (errors.InvalidArgumentError, 407),
        (errors.DeviceBusyError, 600),
    ],
)
def test_codes(exc: type[errors.TuyaBLEError], code: int) -> None:
    error = exc()
    assert error.code == code
    assert isinstance(error, errors.TuyaBLEError)
    assert str(error) == ERROR_CODES[code]


def test_message_and_code_override() -> None:
    error = errors.ConnectError("no slot", code=122)
    assert error.code == 122
    assert str(error) == "no slot"
    assert errors.ProtocolError().code is None


def test_distinct_key_rejected_and_timeouts() -> None:
    assert not issubclass(errors.KeyRejectedError, errors.ResponseTimeoutError)
    assert issubclass(errors.ResponseTimeoutError, TimeoutError)
    assert issubclass(errors.OtaTimeoutError, TimeoutError)
    assert issubclass(errors.InvalidArgumentError, ValueError)


def test_table_covers_the_sdk_ranges() -> None:
    expected = (
        set(range(1, 7))
        | set(range(100, 144))
        | set(range(200, 208))
        | {300, 301}
        | set(range(400, 408))
        | {600, 601}
    )
    assert set(ERROR_CODES) == expected
    assert all(text and text[0].isupper() for text in ERROR_CODES.values())
    assert describe(109) == ERROR_CODES[109]
    assert "999" in describe(999)


def test_library_never_imports_homeassistant() -> None:
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "homeassistant" for n in names), path
