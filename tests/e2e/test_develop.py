"""script/develop starts a real Home Assistant that loads the integration."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import os
from pathlib import Path
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import aiohttp
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import OpenApiClient
from simulator.demo_integration import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

ROOT = Path(__file__).parent.parent.parent
STARTUP_TIMEOUT = 240.0

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _port() -> int:
    """8123 as the README says, or a free port when 8123 is taken."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8123)) != 0:
            return 8123
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port: int = free.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


@pytest.fixture
def develop(
    tmp_path: Path, socket_enabled: None
) -> Iterator[tuple[subprocess.Popen[bytes], Path, int]]:
    """Run script/develop on a fresh config directory; stop it afterwards."""
    port = _port()
    log = tmp_path / "develop.log"
    env = {
        **os.environ,
        "TUYA_BLUETOOTH_FAKE_OPENAPI_PORT": "0",
        "TUYA_BLUETOOTH_FAKE_SHARING_PORT": "0",
        "TUYA_BLUETOOTH_CONFIG": str(tmp_path / "config"),
        "TUYA_BLUETOOTH_PORT": str(port),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "script" / "develop")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process, log, port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_develop_serves_ui_and_discovers_simulated_devices(
    develop: tuple[subprocess.Popen[bytes], Path, int],
) -> None:
    """The UI answers, the integration loads and discovers every simulated device."""
    process, log, port = develop
    deadline = time.monotonic() + STARTUP_TIMEOUT
    ui_answered = False
    addresses: list[str] = []
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-4000:]
        ui_answered = ui_answered or _answers(f"http://127.0.0.1:{port}/")
        text = log.read_text(errors="replace")
        addresses = _simulated_addresses(text)
        if ui_answered and addresses and all(_discovered(text, a) for a in addresses):
            break
        time.sleep(1)
    text = log.read_text(errors="replace")
    assert ui_answered, text[-4000:]
    assert len(addresses) == 4, text[-4000:]
    for address in addresses:
        assert _discovered(text, address), text[-4000:]
    assert "custom_components.tuya_bluetooth" not in _error_lines(text)
    assert _fake_cloud_answers(text)


def _fake_cloud_answers(text: str) -> bool:
    """The demo's fake cloud hands the demo project a token over real HTTP."""
    match = re.search(r"Fake Tuya cloud: OpenAPI at (http://127\.0\.0\.1:\d+)", text)
    assert match, text[-4000:]

    async def token() -> str:
        async with aiohttp.ClientSession() as session:
            client = OpenApiClient(
                session,
                base_url=match.group(1),
                client_id=DEMO_CLIENT_ID,
                client_secret=DEMO_CLIENT_SECRET,
            )
            return (await client.get_token()).access_token

    return bool(asyncio.run(token()))


def _simulated_addresses(text: str) -> list[str]:
    match = re.search(r"Simulating \d+ Tuya Bluetooth devices: (.*)", text)
    return re.findall(r" at ([0-9A-F:]{17})", match.group(1)) if match else []


def _discovered(text: str, address: str) -> bool:
    return f"Discovered Tuya Bluetooth device {address} (protocol" in text


def _error_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if " ERROR " in line)
