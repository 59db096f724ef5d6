"""``[la_return]`` in attcli.toml: the LA's columns, their order and headers (as
``[register_check]``), and whether the CSV starts with a byte-order mark.  Read by every
command (a bad key fails them all), so it imports nothing heavy."""

from __future__ import annotations

from attcli.config import Config
from attcli.lafile import Columns, read_columns, section

#: Field -> default header, in the default order (docs/la-return.md).
DEFAULT_HEADERS: dict[str, str] = {
    "list": "List",
    "status": "Status",
    "upn": "UPN",
    "surname": "Surname",
    "forename": "Forename",
    "dob": "Date of birth",
    "year_group": "Year group",
    "reg_group": "Reg group",
    "address": "Address",
    "contact_name": "Priority contact",
    "contact_phone": "Contact phone",
    "run_start": "Absence began",
    "run_end": "Last day of absence",
    "days": "School days",
    "days_added": "Days since last return",
    "illness_sessions": "Illness sessions (year)",
    "longest_illness_days": "Longest illness (days)",
    "codes": "Codes",
    "still_absent": "Still absent",
    "last_attended": "Last attended",
    "left_on": "Left the roll on",
    "last_reported": "Last reported",
    "note": "Note",
}

SECTION = "la_return"


def settings_from(config: Config) -> Columns:
    """The return's columns from ``[la_return]`` (every field, default headers, BOM on,
    without it); each bad key or value is a ConfigError naming it."""
    raw = section(config, SECTION, {"columns", "headers", "bom"})
    return read_columns(raw, SECTION, DEFAULT_HEADERS, config.path)
