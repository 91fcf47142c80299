"""Give the development instance its HTTP address and port, the way HA keeps them.

Home Assistant 2026.10 keeps its HTTP settings in `.storage/http`. An `http:` block
in configuration.yaml is only migrated once, as a *pending* configuration that must
be confirmed in the UI within five minutes (or Home Assistant reverts it and
restarts), and it raises a deprecation repair; later changes to the block are
ignored. script/develop therefore writes the settings as the confirmed (*stable*)
configuration before it starts Home Assistant, validated by Home Assistant's own
schema, keeps any other HTTP setting made in the UI, and drops an unconfirmed one.

Usage: python script/_http_store.py CONFIG_DIR HOST PORT
"""

from __future__ import annotations

from pathlib import Path
import sys
from typing import Any

from homeassistant.components.http.config import (
    HTTP_CONFIG_CREATED_AT,
    HTTP_CONFIG_ERROR,
    HTTP_CONFIG_ERROR_MESSAGE,
    HTTP_STORAGE_SCHEMA,
    KEY_PENDING,
    KEY_STABLE,
    KEY_YAML_MIGRATION_DONE,
    STORAGE_KEY,
    STORAGE_MINOR_VERSION,
    STORAGE_VERSION,
)
from homeassistant.components.http.const import CONF_SERVER_HOST, CONF_SERVER_PORT
from homeassistant.helpers.json import save_json
from homeassistant.util import dt as dt_util
from homeassistant.util.json import load_json_object
import probatio

META = (HTTP_CONFIG_CREATED_AT, HTTP_CONFIG_ERROR, HTTP_CONFIG_ERROR_MESSAGE)


def stable_config(previous: dict[str, Any], host: str, port: int) -> dict[str, Any]:
    """The previous stable settings with our address and port, validated."""
    wanted = {CONF_SERVER_HOST: [host], CONF_SERVER_PORT: port}
    kept = {key: value for key, value in previous.items() if key not in META}
    try:
        config: dict[str, Any] = HTTP_STORAGE_SCHEMA({**kept, **wanted})
    except probatio.Invalid:
        # A setting that no longer validates (a deleted certificate): start over.
        config = HTTP_STORAGE_SCHEMA(wanted)
    return config


def main(config_dir: str, host: str, port: str) -> None:
    """Write .storage/http unless it already says what we want."""
    path = Path(config_dir, ".storage", STORAGE_KEY)
    stored: dict[str, Any] = {}
    if path.exists():
        stored = load_json_object(path)
    data: dict[str, Any] = stored.get("data") or {}
    if stored.get("version") != STORAGE_VERSION:
        data = {}  # older layout: Home Assistant's defaults are all we keep
    previous: dict[str, Any] = data.get(KEY_STABLE) or {}
    stable = stable_config(previous, host, int(port))
    unchanged = (
        stable == {k: v for k, v in previous.items() if k not in META}
        and data.get(KEY_PENDING) is None
        and data.get(KEY_YAML_MIGRATION_DONE) is True
    )
    if unchanged:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    save_json(
        str(path),
        {
            "version": STORAGE_VERSION,
            "minor_version": STORAGE_MINOR_VERSION,
            "key": STORAGE_KEY,
            "data": {
                KEY_STABLE: {
                    **stable,
                    HTTP_CONFIG_CREATED_AT: dt_util.utcnow().isoformat(),
                    HTTP_CONFIG_ERROR: None,
                    HTTP_CONFIG_ERROR_MESSAGE: None,
                },
                KEY_PENDING: None,
                # Nothing in YAML to migrate: the stored settings are the truth.
                KEY_YAML_MIGRATION_DONE: True,
            },
        },
        private=True,
        atomic_writes=True,
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
