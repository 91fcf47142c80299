"""Standard codes for a DP model built from reports, once its category is known.

A device set up with typed keys has a model of what it reported: DP ids and
types, codes `dp_<id>`, nothing else. When the user names its category (the
entry's options), the category's usual Bluetooth DP ids (`catalog/ble_ids.py`)
turn each DP whose id and reported type fit into the standard DP, with its
code, range, scale, unit and enum values, so the catalog's entities apply.

The report has the last word: a DP whose reported type differs from the
table's keeps its `dp_<id>` code (and its type-only entity). A model from the
cloud is never touched: the cloud's codes and category are the device's own.

Pure: no Home Assistant.
"""

from __future__ import annotations

from typing import Final

from .catalog.ble_ids import BLE_DP_IDS, TypicalDp
from .tuya.cloud.dp_model import DeviceDpModel, DpAccess, DpModel, DpType
from .tuya.dp_convert import REPORTED_SOURCE

# The options' category value meaning "none: let the device's reports speak".
UNKNOWN_CATEGORY: Final = "unknown"
# A model from reports with standard codes given: not "reported" any more, so the
# resolver trusts the access of the coded DPs (the `dp_<id>` ones stay type-only).
CODED_SOURCE: Final = "reported_coded"


def is_from_reports(model: DeviceDpModel) -> bool:
    """Whether the model was built from the device's reports (no cloud model)."""
    return model.source == REPORTED_SOURCE


def entity_category(
    data_category: str | None, option: str | None, model: DeviceDpModel
) -> str | None:
    """The category the device's entities are resolved with.

    A model from the cloud: the cloud's category (the entry's data), whatever
    the options say. A model from reports: the user's choice in the options
    ("unknown" for none), else the entry's data.
    """
    if not is_from_reports(model) or option is None:
        return data_category
    return None if option in ("", UNKNOWN_CATEGORY) else option


def coded_model(category: str | None, model: DeviceDpModel) -> DeviceDpModel:
    """The model with the category's standard DPs where ids and types fit.

    Returned unchanged: a model not built from reports, a category without a
    table, and a model none of whose DPs fit.
    """
    table = BLE_DP_IDS.get(category or "")
    if table is None or not is_from_reports(model):
        return model
    taken = {dp.code for dp in model.dps}
    coded: list[DpModel] = []
    changed = False
    for dp in model.dps:
        typical = table.get(dp.dp_id)
        standard = None if typical is None else standard_dp(typical)
        if (
            standard is not None
            and standard.type is dp.type
            and dp.code == f"dp_{dp.dp_id}"
            # A light has v1 or v2 codes; should it report both, one DP per code.
            and standard.code not in taken
        ):
            taken.add(standard.code)
            coded.append(standard)
            changed = True
        else:
            coded.append(dp)
    return DeviceDpModel(tuple(coded), CODED_SOURCE) if changed else model


def standard_dp(typical: TypicalDp) -> DpModel:
    """A table's entry as the DP model the protocol library and resolver read."""
    return DpModel(
        dp_id=typical.dp_id,
        code=typical.code,
        type=DpType(typical.type),
        access=DpAccess(typical.access),
        minimum=typical.minimum,
        maximum=typical.maximum,
        scale=typical.scale,
        step=typical.step,
        unit=typical.unit,
        range=typical.range,
    )
