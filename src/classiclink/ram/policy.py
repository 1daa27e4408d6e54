"""RAM policy documents: parsing and validation (api-spec §6.1).

A document is parsed once into immutable :class:`Policy` objects so that every
validation problem surfaces at upload time as a :class:`PolicyError`, and
evaluation (``evaluate.py``) can assume a well-formed policy.

Choices where the Alibaba documentation is silent:

* Element and operator names are case-sensitive (``"Effect"``, ``"Allow"``,
  ``"StringEquals"``); unknown top-level or statement elements are rejected so a
  typo such as ``"Resources"`` cannot silently widen or narrow a policy.
* ``"Statement"`` may be a single object or a list; an empty list is accepted and
  simply grants nothing.
* An action is ``*`` or ``<service>:<name>``; a resource is ``*`` or an ARN with
  the five ``acs:<service>:<region>:<account>:<relative-id>`` segments (wildcards
  allowed inside any segment).
* Condition values are validated for their operator family here (numbers for
  ``Numeric*``, ISO 8601 or epoch seconds for ``Date*``, ``true``/``false`` for
  ``Bool``, CIDR or bare address for ``IpAddress``), and stored as normalised
  strings; JSON numbers and booleans are accepted and stringified.
* Condition keys are case-insensitive; the key is stored as written and compared
  lower-cased at evaluation time.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = [
    "OPERATORS",
    "Condition",
    "Effect",
    "Family",
    "OperatorSpec",
    "Policy",
    "PolicyError",
    "Statement",
    "Test",
    "parse_bool",
    "parse_date",
    "parse_network",
    "parse_number",
    "parse_policy",
    "wildcard_match",
]

Effect = Literal["Allow", "Deny"]
Family = Literal["string", "numeric", "date", "bool", "ip"]
Test = Literal["eq", "ieq", "like", "lt", "le", "gt", "ge", "in"]


class PolicyError(ValueError):
    """A policy document that RAM would refuse; ``reason`` is meant for humans."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """How a condition operator compares: value family, test, and whether negated.

    Negated operators are "matches none of the values", i.e. the logical negation
    of the positive test over the whole value list, not a per-value inequality.
    """

    family: Family
    test: Test
    negated: bool = False


OPERATORS: Mapping[str, OperatorSpec] = {
    "StringEquals": OperatorSpec("string", "eq"),
    "StringNotEquals": OperatorSpec("string", "eq", negated=True),
    "StringEqualsIgnoreCase": OperatorSpec("string", "ieq"),
    "StringNotEqualsIgnoreCase": OperatorSpec("string", "ieq", negated=True),
    "StringLike": OperatorSpec("string", "like"),
    "StringNotLike": OperatorSpec("string", "like", negated=True),
    "NumericEquals": OperatorSpec("numeric", "eq"),
    "NumericNotEquals": OperatorSpec("numeric", "eq", negated=True),
    "NumericLessThan": OperatorSpec("numeric", "lt"),
    "NumericLessThanEquals": OperatorSpec("numeric", "le"),
    "NumericGreaterThan": OperatorSpec("numeric", "gt"),
    "NumericGreaterThanEquals": OperatorSpec("numeric", "ge"),
    "DateEquals": OperatorSpec("date", "eq"),
    "DateNotEquals": OperatorSpec("date", "eq", negated=True),
    "DateLessThan": OperatorSpec("date", "lt"),
    "DateLessThanEquals": OperatorSpec("date", "le"),
    "DateGreaterThan": OperatorSpec("date", "gt"),
    "DateGreaterThanEquals": OperatorSpec("date", "ge"),
    "Bool": OperatorSpec("bool", "eq"),
    "IpAddress": OperatorSpec("ip", "in"),
    "NotIpAddress": OperatorSpec("ip", "in", negated=True),
}


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``operator: {key: values}`` pair; a block holds several, all must hold."""

    operator: str
    key: str
    values: tuple[str, ...]

    @property
    def spec(self) -> OperatorSpec:
        return OPERATORS[self.operator]


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement with Action/NotAction and Resource/NotResource folded into flags."""

    effect: Effect
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    not_action: bool = False
    not_resource: bool = False
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """A named, validated policy; the name is what a :class:`Decision` reports."""

    name: str
    statements: tuple[Statement, ...]
    version: str = "1"


# --- wildcard matching ------------------------------------------------------


@lru_cache(maxsize=4096)
def _compile_wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    # Escape everything but * and ?, so ARN punctuation such as "." or "/" is literal.
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(body, flags)


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """``*`` matches zero or more characters, ``?`` exactly one; the whole value must match."""
    if pattern == "*":
        return True
    return _compile_wildcard(pattern, ignore_case).fullmatch(value) is not None


# --- value parsers, shared with evaluation of request context values ---------

_EPOCH = re.compile(r"\d+(\.\d+)?")


def parse_number(text: str) -> Decimal:
    """Parse a Numeric* operand; Decimal avoids float surprises on equality."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return number


def parse_date(text: str) -> datetime:
    """Parse ISO 8601 (e.g. ``2019-08-12T17:00:00Z``) or epoch seconds; naive means UTC."""
    text = text.strip()
    try:
        if _EPOCH.fullmatch(text):
            return datetime.fromtimestamp(float(text), tz=UTC)
        parsed = datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"not an ISO 8601 date or epoch seconds: {text!r}") from None
    # Comparing naive with aware datetimes raises, so pin naive ones to UTC.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_bool(text: str) -> bool:
    """``true``/``false`` in any letter case."""
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise ValueError(f"not true or false: {text!r}")


def parse_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """A CIDR block or a bare address (a /32 or /128); host bits are tolerated."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise ValueError(f"not an IP address or CIDR block: {text!r}") from None


def _check_value(family: Family, text: str) -> str:
    """Validate one condition value for its family and return the stored form."""
    if family == "numeric":
        parse_number(text)
    elif family == "date":
        parse_date(text)
    elif family == "bool":
        return "true" if parse_bool(text) else "false"
    elif family == "ip":
        parse_network(text)
    return text


# --- document parsing --------------------------------------------------------

_TOP_LEVEL_KEYS = frozenset({"Version", "Statement"})
_STATEMENT_KEYS = frozenset({"Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"})


def decode_document(document: str | Mapping[str, object]) -> Mapping[str, object]:
    """A policy or trust-policy document as a JSON object (from text or already decoded), or PolicyError."""
    if isinstance(document, str):
        try:
            decoded: object = json.loads(document)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            raise PolicyError(f"document is not valid JSON: {exc.msg} at {where}") from None
        except RecursionError:
            raise PolicyError("document is nested too deeply") from None
    else:
        decoded = document
    if not isinstance(decoded, Mapping):
        raise PolicyError("document must be a JSON object")
    return decoded


def parse_policy(name: str, document: str | Mapping[str, object]) -> Policy:
    """Parse and validate a policy document (JSON text or an already-decoded mapping)."""
    decoded = decode_document(document)

    unknown = sorted(str(k) for k in decoded if k not in _TOP_LEVEL_KEYS)
    if unknown:
        raise PolicyError(f"unknown top-level element(s): {', '.join(unknown)}")

    if "Version" not in decoded:
        raise PolicyError("missing Version")
    version = decoded["Version"]
    # Only the string "1" is valid; the integer 1 is a common mistake worth rejecting.
    if not isinstance(version, str) or version != "1":
        raise PolicyError(f'Version must be "1", got {json.dumps(version, default=str)}')

    if "Statement" not in decoded:
        raise PolicyError("missing Statement")
    raw_statements = decoded["Statement"]
    if isinstance(raw_statements, Mapping):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        raise PolicyError("Statement must be an object or a list of objects")

    statements = tuple(_parse_statement(i, raw) for i, raw in enumerate(raw_statements))
    return Policy(name=name, statements=statements, version=version)


def _parse_statement(index: int, raw: object) -> Statement:
    where = f"Statement[{index}]"
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where} must be an object")
    unknown = sorted(str(k) for k in raw if k not in _STATEMENT_KEYS)
    if unknown:
        raise PolicyError(f"{where}: unknown element(s): {', '.join(unknown)}")

    if "Effect" not in raw:
        raise PolicyError(f"{where}: missing Effect")
    effect = raw["Effect"]
    if effect == "Allow":
        checked_effect: Effect = "Allow"
    elif effect == "Deny":
        checked_effect = "Deny"
    else:
        raise PolicyError(f'{where}: Effect must be "Allow" or "Deny", got {json.dumps(effect, default=str)}')

    actions, not_action = _pick(where, raw, "Action", "NotAction")
    for action in actions:
        # "*" alone, or service:name with both halves present (wildcards allowed in either).
        service, colon, rest = action.partition(":")
        if action != "*" and not (colon and service and rest):
            raise PolicyError(f'{where}: action {action!r} must be "*" or "<service>:<action>"')

    resources, not_resource = _pick(where, raw, "Resource", "NotResource")
    for resource in resources:
        if resource != "*" and not (resource.startswith("acs:") and resource.count(":") >= 4):
            raise PolicyError(
                f'{where}: resource {resource!r} must be "*" or "acs:<service>:<region>:<account-id>:<relative-id>"'
            )

    conditions = _parse_conditions(where, raw["Condition"]) if "Condition" in raw else ()
    return Statement(
        effect=checked_effect,
        actions=actions,
        resources=resources,
        not_action=not_action,
        not_resource=not_resource,
        conditions=conditions,
    )


def _pick(where: str, raw: Mapping[object, object], positive: str, negative: str) -> tuple[tuple[str, ...], bool]:
    """Read exactly one of ``positive``/``negative``; return its patterns and whether negated."""
    if positive in raw and negative in raw:
        raise PolicyError(f"{where}: {positive} and {negative} cannot both be present")
    if positive in raw:
        element, negated = positive, False
    elif negative in raw:
        element, negated = negative, True
    else:
        raise PolicyError(f"{where}: missing {positive} (or {negative})")
    value = raw[element]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise PolicyError(f"{where}: {element} must be a string or a non-empty list of strings")
    for item in items:
        if not isinstance(item, str) or not item:
            raise PolicyError(f"{where}: {element} entries must be non-empty strings")
    return tuple(items), negated


def _scalar_to_text(value: object) -> str | None:
    """JSON scalars become strings (booleans as true/false); anything else is None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return None


def _parse_conditions(where: str, raw: object) -> tuple[Condition, ...]:
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where}: Condition must be an object")
    conditions: list[Condition] = []
    for operator, block in raw.items():
        spec = OPERATORS.get(operator) if isinstance(operator, str) else None
        if spec is None:
            raise PolicyError(f"{where}: unknown condition operator {operator!r}")
        if not isinstance(block, Mapping) or not block:
            raise PolicyError(f"{where}: Condition operator {operator} must map keys to values")
        for key, value in block.items():
            if not isinstance(key, str) or not key:
                raise PolicyError(f"{where}: {operator} has an empty or non-string condition key")
            items = value if isinstance(value, list) else [value]
            if not items:
                raise PolicyError(f"{where}: {operator} {key}: value list is empty")
            values: list[str] = []
            for item in items:
                text = _scalar_to_text(item)
                if text is None:
                    raise PolicyError(f"{where}: {operator} {key}: values must be strings, numbers or booleans")
                try:
                    values.append(_check_value(spec.family, text))
                except ValueError as exc:
                    raise PolicyError(f"{where}: {operator} {key}: {exc}") from None
            conditions.append(Condition(operator=operator, key=key, values=tuple(values)))
    return tuple(conditions)
