"""script/develop starts a real Home Assistant that loads the integration."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
import json
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
from simulator.demo_integration import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PRODUCTS,
)

ROOT = Path(__file__).parent.parent.parent
STARTUP_TIMEOUT = 240.0

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _ports() -> list[int]:
    """8123 as the README says (or a free port when it is taken), then 4 free ports."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(5)]
        for free in sockets:
            free.bind(("127.0.0.1", 0))
        ports: list[int] = [free.getsockname()[1] for free in sockets]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8123)) != 0:
            ports[0] = 8123
    return ports


def _http_store(port: int, pending_port: int) -> dict[str, object]:
    """`.storage/http` as an earlier run on other ports may have left it."""

    def config(port: int) -> dict[str, object]:
        return {
            "server_port": port,
            "cors_allowed_origins": ["https://cast.home-assistant.io"],
            "login_attempts_threshold": -1,
            "ip_ban_enabled": True,
            "ssl_profile": "modern",
            "use_x_frame_options": True,
            "created_at": "2026-01-01T00:00:00+00:00",
            "error": None,
            "error_message": None,
        }

    return {
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {
            "stable": config(port),
            "pending": config(pending_port),
            "yaml_migration_done": True,
        },
    }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


@dataclass
class Develop:
    """A running script/develop and what it was asked for."""

    process: subprocess.Popen[bytes]
    log: Path
    config: Path
    port: int
    openapi_port: int
    sharing_port: int


@pytest.fixture
def develop(tmp_path: Path, socket_enabled: None) -> Iterator[Develop]:
    """Run script/develop on a config directory an earlier run left on other ports.

    The ports asked for must win over what Home Assistant stored, every run.
    """
    port, openapi_port, sharing_port, stale_port, pending_port = _ports()
    log = tmp_path / "develop.log"
    config = tmp_path / "config"
    (config / ".storage").mkdir(parents=True)
    (config / ".storage" / "http").write_text(
        json.dumps(_http_store(stale_port, pending_port))
    )
    env = {
        **os.environ,
        "TUYA_BLUETOOTH_FAKE_OPENAPI_PORT": str(openapi_port),
        "TUYA_BLUETOOTH_FAKE_SHARING_PORT": str(sharing_port),
        "TUYA_BLUETOOTH_CONFIG": str(config),
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
        yield Develop(process, log, config, port, openapi_port, sharing_port)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group and wait: Home Assistant stops and saves its state."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_develop_serves_ui_and_discovers_simulated_devices(develop: Develop) -> None:
    """The UI answers, the integration loads and discovers every simulated device.

    On the ports asked for, with no HTTP confirmation pending (which would revert
    and restart Home Assistant after five minutes) and no repair issue of ours.
    """
    process, log, port = develop.process, develop.log, develop.port
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
    assert len(addresses) == len(DEMO_PRODUCTS), text[-4000:]
    for address in addresses:
        assert _discovered(text, address), text[-4000:]
    assert "custom_components.tuya_bluetooth" not in _error_lines(text)
    assert "Using stable HTTP config" in text, text[-4000:]
    assert _fake_cloud_answers(text, develop.openapi_port, develop.sharing_port)

    _stop(process)
    assert process.returncode == 0, log.read_text(errors="replace")[-4000:]
    http = json.loads((develop.config / ".storage" / "http").read_text())["data"]
    assert http["pending"] is None
    assert http["stable"]["server_port"] == port
    assert http["stable"]["server_host"] == ["127.0.0.1"]
    assert _issue_domains(develop.config) & OUR_DOMAINS == set()


OUR_DOMAINS = {"http", "tuya_bluetooth", "tuya_bluetooth_simulator"}


def _issue_domains(config: Path) -> set[str]:
    """Domains with a repair issue, as Home Assistant saved them when it stopped."""
    registry = config / ".storage" / "repairs.issue_registry"
    if not registry.exists():
        return set()
    issues = json.loads(registry.read_text())["data"]["issues"]
    return {issue["domain"] for issue in issues}


def _fake_cloud_answers(text: str, openapi_port: int, sharing_port: int) -> bool:
    """On the ports asked for, the fake cloud hands the demo project a token."""
    match = re.search(
        r"Fake Tuya cloud: OpenAPI at (http://127\.0\.0\.1:(\d+)), "
        r"sharing \(QR login\) API at http://127\.0\.0\.1:(\d+)",
        text,
    )
    assert match, text[-4000:]
    assert (int(match.group(2)), int(match.group(3))) == (openapi_port, sharing_port)

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
