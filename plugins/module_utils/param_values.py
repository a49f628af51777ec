# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parameter values by meaning, read against one engine-default catalogue entry (an AWS `Parameter` dict).

`to_wire()` turns what YAML gives (`1`, `ON` read as True, `'utf8mb4'`) into the string RDS stores, spelled the
way the catalogue's AllowedValues spell it, or raises ValueError saying why. `meaning()` maps a stored or wire
value to something that compares by sense: ON/1/true/yes are one boolean, 1 and 1.0 one number, lists are sets.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation

_TRUE_WORDS = ("1", "on", "true", "yes")
_FALSE_WORDS = ("0", "off", "false", "no")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")
_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")
# Some AllowedValues are descriptions or patterns rather than lists; those are left for RDS to judge.
_NOT_A_LIST = re.compile(r"[\^$*\[\]\\(){}|]|\s")
_SHOWN_ALLOWED = 12


def _bool_of(value):
    """True/False for anything that reads as a boolean, else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def _decimal_of(value):
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        return None


# RDS formulas and functions for integer parameters (Aurora User Guide, USER_ParamValuesRef.md: "You can also specify
# integer and Boolean parameters using expressions, formulas, and functions"):
# - a formula is an expression "enclosed in braces" of the forms {FormulaVariable}, {FormulaVariable*Integer},
#   {FormulaVariable*Integer/Integer} and {FormulaVariable/Integer}, or the log expression
#   {log(DBInstanceClassMemory/8187281418)*1000}; the variables are AllocatedStorage, DBInstanceClassMemory and
#   EndPointPort (DBInstanceVCPU is "only supported for the PostgreSQL engine"). Spaces inside: no AWS source found,
#   taken (RDS judges them);
# - a function is GREATEST, LEAST or SUM (names case-insensitive) of "at least one argument", comma-separated, "The
#   list can't have any empty members", each an integer or a formula (IF is Oracle-only). A function inside a function
#   is not in that grammar.
# Aurora MySQL's own max_connections default, GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(
# DBInstanceClassMemory/8187281408)*1000}), and table_definition_cache's LEAST({DBInstanceClassMemory/393040}, 20000)
# fit it. RDS refuses malformed ones with InvalidParameterValue (https://github.com/hashicorp/terraform-provider-aws/
# issues/31774 for a function, https://github.com/cloud-gov/terraform-provision/pull/2177 for a formula without
# braces). They are kept and compared as written: RDS evaluates them per instance class.
FORMULA_VARIABLES = ("AllocatedStorage", "DBInstanceClassMemory", "EndPointPort")
FORMULA_FUNCTIONS = ("GREATEST", "LEAST", "SUM")
_VARIABLE = "(?:" + "|".join(FORMULA_VARIABLES) + ")"
_FORMULA = re.compile(
    rf"^\{{\s*(?:{_VARIABLE}(?:\s*\*\s*\d+)?(?:\s*/\s*\d+)?"
    rf"|log\(\s*{_VARIABLE}(?:\s*/\s*\d+)?\s*\)(?:\s*\*\s*\d+)?)\s*\}}$"
)
_FUNCTION = re.compile(r"^([A-Za-z]+)\s*\((.*)\)$", re.DOTALL)
_FORMULA_HINT = re.compile(rf"[{{}}()]|{_VARIABLE}")
_FORMULA_FORMS = (
    "{Variable}, {Variable*Integer}, {Variable*Integer/Integer}, {Variable/Integer} or "
    "{log(Variable/Integer)*Integer}, with Variable one of " + ", ".join(FORMULA_VARIABLES)
)


def _looks_like_formula(text):
    return bool(_FORMULA_HINT.search(text))


def _formula_problem(text):
    """Why `text` is not a formula or function RDS takes, or None when it is one."""
    if _FORMULA.match(text):
        return None
    call = _FUNCTION.match(text)
    if call is None:
        if text.startswith("{") and text.endswith("}"):
            return f"'{text}' is not a formula RDS takes; a formula is {_FORMULA_FORMS}"
        return f"'{text}' is not an integer; a formula goes in braces, such as {{DBInstanceClassMemory*3/4}}"
    name, arguments = call.group(1), [argument.strip() for argument in call.group(2).split(",")]
    if name.upper() not in FORMULA_FUNCTIONS:
        return f"'{text}': {name} is not a function RDS takes; they are {', '.join(FORMULA_FUNCTIONS)}"
    if all(_INTEGER.match(argument) or _FORMULA.match(argument) for argument in arguments):
        return None
    return (
        f"'{text}' is not a function RDS takes: {name}(argument1, argument2, ...) takes integers and formulas "
        f"({_FORMULA_FORMS}), at least one, none empty and no function inside"
    )


def _allowed_items(spec):
    """(tokens, ranges) from AllowedValues, or None when AllowedValues is absent or not a plain list."""
    allowed = spec.get("AllowedValues")
    if not allowed or _NOT_A_LIST.search(allowed):
        return None
    tokens, ranges = [], []
    for item in (part.strip() for part in allowed.split(",")):
        match = _RANGE.match(item)
        if match:
            ranges.append((Decimal(match.group(1)), Decimal(match.group(2))))
        elif item:
            tokens.append(item)
    return tokens, ranges


def _describe_allowed(spec, text):
    tokens_ranges = _allowed_items(spec)
    tokens = tokens_ranges[0] if tokens_ranges else []
    if len(tokens) <= _SHOWN_ALLOWED:
        return f"allowed: {spec.get('AllowedValues')}"
    close = difflib.get_close_matches(text, tokens, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{len(tokens)} values are allowed, e.g. {', '.join(tokens[:5])}{hint}"


def _match_token(tokens, text):
    lowered = text.lower()
    for token in tokens:
        if token.lower() == lowered:
            return token
    return None


def _check_allowed(spec, text):
    """The catalogue's spelling of `text`, or raise ValueError when AllowedValues rules it out."""
    items = _allowed_items(spec)
    if items is None:
        return text
    tokens, ranges = items
    token = _match_token(tokens, text)
    if token is not None:
        return token
    number = _decimal_of(text)
    if number is not None and any(low <= number <= high for low, high in ranges):
        return text
    raise ValueError(f"'{text}' is not allowed ({_describe_allowed(spec, text)})")


def _boolean(spec, value):
    meaning = _bool_of(value)
    if meaning is None:
        raise ValueError(f"'{value}' is not a boolean; use ON/OFF, 1/0, true/false or yes/no")
    items = _allowed_items(spec)
    for token in items[0] if items else []:
        if _bool_of(token) is meaning:
            return token
    return "1" if meaning else "0"


def _number(spec, value, data_type):
    if isinstance(value, str) and _looks_like_formula(value.strip()):
        if data_type != "integer":
            raise ValueError(f"'{value.strip()}': RDS takes formulas only for integer (and boolean) parameters")
        problem = _formula_problem(value.strip())
        if problem:
            raise ValueError(problem)
        return value.strip()
    if isinstance(value, bool):
        raise ValueError(f"{value} is a boolean but the parameter is {data_type}; YAML reads ON/yes as true, quote it")
    # repr() of a YAML float may use an exponent (1e-05); RDS wants plain digits.
    text = format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value).strip()
    pattern = _INTEGER if data_type == "integer" else _NUMBER
    if not pattern.match(text):
        raise ValueError(f"'{value}' is not {'an integer' if data_type == 'integer' else 'a number'}")
    return _check_allowed(spec, text)


def _list(spec, value):
    parts = value if isinstance(value, list) else str(value).split(",")
    tokens = [str(part).strip() for part in parts if str(part).strip()]
    return ",".join(_check_allowed(spec, token) for token in tokens)


def _string(spec, value):
    if isinstance(value, bool):
        items = _allowed_items(spec)
        booleans = [token for token in (items[0] if items else []) if _bool_of(token) is value]
        if not booleans:
            raise ValueError(f"{value} is a boolean but the parameter is a string; YAML reads ON/yes as true, quote it")
        return booleans[0]
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"a {type(value).__name__} is not a parameter value")
    return _check_allowed(spec, str(value).strip())


def to_wire(spec, value):
    """The string to send as ParameterValue for `value`, or ValueError naming what is wrong with it."""
    if value is None:
        raise ValueError("no value given; omit the parameter, or use purge_parameters to reset it")
    data_type = (spec.get("DataType") or "string").lower()
    if data_type == "boolean":
        return _boolean(spec, value)
    if data_type in ("integer", "float"):
        return _number(spec, value, data_type)
    if data_type == "list":
        return _list(spec, value)
    return _string(spec, value)


def meaning(spec, value):
    """A comparable form of a stored value; never raises, so an odd value read back still compares."""
    if value is None:
        return None
    data_type = (spec.get("DataType") or "string").lower()
    if data_type == "boolean":
        as_bool = _bool_of(value)
        return ("bool", as_bool) if as_bool is not None else ("raw", str(value))
    if data_type in ("integer", "float"):
        number = _decimal_of(value)
        return ("number", number) if number is not None else ("raw", str(value).strip())
    if data_type == "list":
        return ("set", frozenset(part.strip().lower() for part in str(value).split(",") if part.strip()))
    items = _allowed_items(spec)
    if items and _match_token(items[0], str(value).strip()) is not None:
        return ("token", str(value).strip().lower())
    return ("raw", str(value))


def same(spec, left, right):
    return meaning(spec, left) == meaning(spec, right)
