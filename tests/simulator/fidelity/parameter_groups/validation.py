"""How RDS refuses a Modify/Reset*ParameterGroup request, checked against the catalogue before anything is stored.

Each refusal names its source; a message whose wording is not named here has no AWS source found.
"""

import re
from decimal import Decimal

from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue

# Service model, ModifyDBParameterGroupMessage.Parameters and ResetDBParameterGroupMessage.Parameters: "A maximum of
# 20 parameters can be modified in a single request". RDS refuses more with InvalidParameterCombination "Cannot modify
# more than 20 parameters in a single request" (https://github.com/hashicorp/terraform-provider-aws/pull/1298);
# check_request_size answers InvalidParameterValue instead. The empty-request refusal: "At least one parameter name,
# value, and application method must be supplied" (same source); its wording: no AWS source found.
MAX_PARAMETERS_PER_CALL = 20
# Same source: "Valid Values (for the application method): immediate | pending-reboot".
APPLY_METHODS = ("immediate", "pending-reboot")

_INTEGER = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$")
# Integer and Boolean parameters also take RDS formulas such as {DBInstanceClassMemory*3/4} or GREATEST({...},{...})
# (Aurora User Guide, USER_ParamValuesRef.md: "You can also specify integer and Boolean parameters using expressions,
# formulas, and functions ... You enclose the expression in braces"). This pattern checks the shape only; RDS also
# refuses a malformed function, as in https://github.com/hashicorp/terraform-provider-aws/issues/31774.
_FORMULA = re.compile(r"^[\w\s(),*/+\-.]*(\{[\w\s()*/+\-.]+\}[\w\s(),*/+\-.]*)+$")
# Accepted for a boolean without AllowedValues: no AWS source found (the catalogue names AllowedValues for its rows).
_BOOLEAN_WORDS = ("0", "1", "ON", "OFF", "TRUE", "FALSE")


def check_request_size(parameters):
    if not parameters:
        raise InvalidParameterValue("At least one parameter must be specified.")
    if len(parameters) > MAX_PARAMETERS_PER_CALL:
        raise InvalidParameterValue(
            f"A maximum of {MAX_PARAMETERS_PER_CALL} parameters can be modified in a single request."
        )


def check_modify(request, definition, catalogued):
    """Refuse one requested change like RDS.

    `catalogued` says whether the group's family has a catalogue; without one only the request's shape is checked.
    A value outside the parameter's AllowedValues (service model, Parameter.AllowedValues: "Specifies the valid range
    of values for the parameter") is refused with InvalidParameterValue (as RDS refuses a malformed formula,
    https://github.com/hashicorp/terraform-provider-aws/issues/31774); the wording: no AWS source found.
    """
    name = request.get("ParameterName")
    _check_known(name, definition, catalogued)
    _check_apply_method(definition, request)
    value = request.get("ParameterValue")
    if value is None:
        raise InvalidParameterValue(f"The parameter value for {name} must be provided.")
    if definition is not None and not value_allowed(definition, str(value)):
        allowed = definition.get("AllowedValues", definition["DataType"])
        raise InvalidParameterValue(f"Invalid parameter value: {value} for: {name} allowed values are: {allowed}")


def check_reset(request, definition, catalogued):
    """A named reset needs a known, modifiable parameter and an ApplyMethod that suits it, like a modify."""
    _check_known(request.get("ParameterName"), definition, catalogued)
    _check_apply_method(definition, request)


def _check_known(name, definition, catalogued):
    """An unknown name: InvalidParameterValue "Could not find parameter with name: character_set_server"
    (https://github.com/hashicorp/terraform-provider-aws/issues/522). One that is not modifiable (service model,
    Parameter.IsModifiable): the refusal's code and wording: no AWS source found."""
    if not name:
        raise InvalidParameterValue("The parameter ParameterName must be provided and must not be blank.")
    if not catalogued:
        return
    if definition is None:
        raise InvalidParameterValue(f"Could not find parameter with name: {name}")
    if not definition.get("IsModifiable", True):
        raise InvalidParameterValue(f"The parameter {name} cannot be modified.")


def _check_apply_method(definition, request):
    method = request.get("ApplyMethod")
    # Stricter than a default would be on purpose: our modules must always say how a change applies (no AWS source
    # found that RDS refuses a missing ApplyMethod).
    if method is None:
        raise InvalidParameterValue(f"The ApplyMethod for parameter {request['ParameterName']} must be provided.")
    if method not in APPLY_METHODS:
        raise InvalidParameterValue(f"Invalid apply method: {method}")
    # Service model: "You can use the immediate value with dynamic parameters only"; RDS answers
    # InvalidParameterCombination "cannot use immediate apply method for static parameter"
    # (https://github.com/hashicorp/terraform-provider-aws/issues/216 quotes the raw RDS response).
    if definition is not None and definition.get("ApplyType") == "static" and method == "immediate":
        raise InvalidParameterCombination("cannot use immediate apply method for static parameter")


def value_allowed(definition, value):
    data_type = definition.get("DataType", "string")
    allowed = definition.get("AllowedValues")
    if data_type in ("integer", "float"):
        return _number_allowed(value, allowed, data_type == "integer")
    if data_type == "boolean":
        if _FORMULA.match(value):
            return True
        choices = _split(allowed) if allowed else _BOOLEAN_WORDS
        return value.upper() in {choice.upper() for choice in choices}
    if data_type == "list":
        if allowed is None:
            return True
        choices = {choice.upper() for choice in _split(allowed)}
        items = _split(value)
        return bool(items) and all(item.upper() in choices for item in items)
    return allowed is None or value.upper() in {choice.upper() for choice in _split(allowed)}


def _number_allowed(value, allowed, integer_only):
    if integer_only and _FORMULA.match(value):
        return True
    if not (_INTEGER if integer_only else _FLOAT).match(value):
        return False
    if allowed is None:
        return True
    # Decimal keeps 64-bit bounds such as 18446744073709551615 exact, where float would round them.
    number = Decimal(value)
    for piece in _split(allowed):
        bounds = _RANGE.match(piece)
        if bounds and Decimal(bounds.group(1)) <= number <= Decimal(bounds.group(2)):
            return True
        if not bounds and _FLOAT.match(piece) and Decimal(piece) == number:
            return True
    return False


def _split(text):
    return [piece.strip() for piece in text.split(",") if piece.strip()]
