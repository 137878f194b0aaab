"""Validates cases with Python's jsonschema (Debian python3-jsonschema), as a Python team would.

Reads {"schemas": [{"uri", "schema"}], "cases": [{"id", "schemaUri", "data"}], "referrer"?} on stdin, prints
{"id": verdict}. With "referrer" (the URI of a compound schema), refs are resolved inside that document, whose
embedded resources are found by their $id.
Format assertion is on: jsonschema's FormatChecker, plus date-time and hostname checks, for which Debian
ships none of the optional packages jsonschema uses (rfc3339-validator, fqdn).
"""
import json
import re
import sys

import jsonschema
from jsonschema import FormatChecker

checker = FormatChecker()

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):?(\d{2})?)$", re.ASCII
)
DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


@checker.checks("date-time", raises=())
def is_date_time(value):
    if not isinstance(value, str):
        return True
    match = RFC3339.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 and leap else DAYS[month]):
        return False
    return hour <= 23 and minute <= 59 and second <= 60


HOSTNAME = re.compile(r"^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$", re.I)


@checker.checks("hostname", raises=())
def is_hostname(value):
    return not isinstance(value, str) or bool(HOSTNAME.match(value))


def main():
    request = json.load(sys.stdin)
    store = {entry["uri"]: entry["schema"] for entry in request["schemas"]}
    verdicts = {}
    referrer = request.get("referrer")
    for case in request["cases"]:
        if referrer:
            schema = {"$ref": case["schemaUri"]}
            cls = jsonschema.Draft202012Validator
            resolver = jsonschema.RefResolver(base_uri=referrer, referrer=store[referrer], store=store)
        else:
            schema = store[case["schemaUri"]]
            cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
            resolver = jsonschema.RefResolver(base_uri=case["schemaUri"], referrer=schema, store=store)
        validator = cls(schema, resolver=resolver, format_checker=checker)
        verdicts[case["id"]] = validator.is_valid(case["data"])
    json.dump(verdicts, sys.stdout)


main()
