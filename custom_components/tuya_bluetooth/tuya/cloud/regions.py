"""Tuya IoT OpenAPI data centres and their base URLs (docs/cloud.md §3.1)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class DataCenter(StrEnum):
    """The data centre a developer project lives in."""

    CHINA = "cn"
    WESTERN_AMERICA = "us"
    EASTERN_AMERICA = "us-e"
    CENTRAL_EUROPE = "eu"
    WESTERN_EUROPE = "eu-w"
    INDIA = "in"
    SINGAPORE = "sg"

    @property
    def base_url(self) -> str:
        """The OpenAPI base URL of this data centre."""
        return DATA_CENTER_URLS[self]


DATA_CENTER_URLS: Final[Mapping[DataCenter, str]] = MappingProxyType(
    {
        DataCenter.CHINA: "https://openapi.tuyacn.com",
        DataCenter.WESTERN_AMERICA: "https://openapi.tuyaus.com",
        DataCenter.EASTERN_AMERICA: "https://openapi-ueaz.tuyaus.com",
        DataCenter.CENTRAL_EUROPE: "https://openapi.tuyaeu.com",
        DataCenter.WESTERN_EUROPE: "https://openapi-weaz.tuyaeu.com",
        DataCenter.INDIA: "https://openapi.tuyain.com",
        DataCenter.SINGAPORE: "https://openapi-sg.iotbing.com",
    }
)
