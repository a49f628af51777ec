import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import param_values

# Catalogue rows shaped like DescribeEngineDefault*Parameters entries for aurora-mysql8.0.
ON_OFF = {"ParameterName": "require_secure_transport", "DataType": "boolean", "AllowedValues": "ON,OFF"}
ZERO_ONE = {"ParameterName": "slow_query_log", "DataType": "boolean", "AllowedValues": "0,1"}
FLOAT = {"ParameterName": "long_query_time", "DataType": "float", "AllowedValues": "0-31536000"}
INTEGER = {"ParameterName": "max_connections", "DataType": "integer", "AllowedValues": "1-100000"}
BIG = {"ParameterName": "innodb_buffer_pool_size", "DataType": "integer", "AllowedValues": "0-18446744073709551615"}
CHOICE = {"ParameterName": "log_output", "DataType": "string", "AllowedValues": "TABLE,FILE,NONE"}
FREE = {"ParameterName": "init_connect", "DataType": "string"}
LIST = {"ParameterName": "sql_mode", "DataType": "list", "AllowedValues": "ANSI_QUOTES,NO_ZERO_DATE,STRICT_ALL_TABLES"}
CHARSETS = {
    "ParameterName": "character_set_server",
    "DataType": "string",
    "AllowedValues": ",".join(f"cs{index}" for index in range(20)) + ",utf8mb3,utf8mb4",
}


@pytest.mark.parametrize("value", [True, 1, "1", "ON", "on", "true", "Yes"])
def test_true_in_any_spelling_is_sent_in_the_catalogue_spelling(value):
    assert param_values.to_wire(ON_OFF, value) == "ON"
    assert param_values.to_wire(ZERO_ONE, value) == "1"


@pytest.mark.parametrize("value", [False, 0, "0", "OFF", "false", "no"])
def test_false_in_any_spelling(value):
    assert param_values.to_wire(ON_OFF, value) == "OFF"
    assert param_values.to_wire(ZERO_ONE, value) == "0"


def test_boolean_without_allowed_values_uses_one_and_zero():
    assert param_values.to_wire({"DataType": "boolean"}, "on") == "1"


@pytest.mark.parametrize("value", ["maybe", 2, "", 1.5])
def test_not_a_boolean_is_refused(value):
    with pytest.raises(ValueError, match="not a boolean"):
        param_values.to_wire(ZERO_ONE, value)


def test_numbers_keep_their_text_and_are_range_checked():
    assert param_values.to_wire(FLOAT, 1) == "1"
    assert param_values.to_wire(FLOAT, "0.5") == "0.5"
    assert param_values.to_wire(FLOAT, 2.5) == "2.5"
    assert param_values.to_wire(FLOAT, 1e-05) == "0.00001"
    assert param_values.to_wire(INTEGER, "500") == "500"
    assert param_values.to_wire(BIG, "18446744073709551615") == "18446744073709551615"
    with pytest.raises(ValueError, match="'0' is not allowed"):
        param_values.to_wire(INTEGER, 0)
    with pytest.raises(ValueError, match="not allowed"):
        param_values.to_wire(BIG, "18446744073709551616")
    with pytest.raises(ValueError, match="not allowed"):
        param_values.to_wire(FLOAT, "-1")


def test_wrong_data_type_is_refused():
    with pytest.raises(ValueError, match="not an integer"):
        param_values.to_wire(INTEGER, "1.5")
    with pytest.raises(ValueError, match="not an integer"):
        param_values.to_wire(INTEGER, "lots")
    with pytest.raises(ValueError, match="not a number"):
        param_values.to_wire(FLOAT, "fast")
    # YAML turns an unquoted ON into True; for a number that is a mistake worth naming.
    with pytest.raises(ValueError, match="YAML reads ON/yes as true"):
        param_values.to_wire(INTEGER, True)


@pytest.mark.parametrize(
    "value",
    [
        "{DBInstanceClassMemory*3/4}",
        "{DBInstanceClassMemory/12582880}",
        "{AllocatedStorage}",
        "{log(DBInstanceClassMemory/8187281418)*1000}",
        # Aurora MySQL's own max_connections default and the Aurora User Guide's table_definition_cache example.
        "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})",
        "LEAST({DBInstanceClassMemory/393040}, 20000)",
        "greatest(100, {DBInstanceClassMemory/12582880})",
        "SUM({DBInstanceClassMemory/12582880}, 50)",
        "GREATEST(16)",
    ],
)
def test_formulas_and_functions_are_sent_and_compared_as_written(value):
    assert param_values.to_wire(BIG, f" {value} ") == value
    assert param_values.same(BIG, value, value)
    # Compared as written: RDS evaluates them per instance class, so no other spelling counts as the same.
    assert not param_values.same(BIG, value, value.swapcase())


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("DBInstanceClassMemory/13212024", "a formula goes in braces"),
        ("{DBInstanceClassMemory*3/4/2}", "is not a formula RDS takes; a formula is {Variable}"),
        ("{DBInstanceVCPU*2}", "is not a formula RDS takes"),
        ("{dbinstanceclassmemory/2}", "is not a formula RDS takes"),
        ("MAX(1, 2)", "MAX is not a function RDS takes; they are GREATEST, LEAST, SUM"),
        ("GREATEST(1,,2)", "none empty"),
        ("GREATEST()", "at least one"),
        ("LEAST(LEAST(1, 2), 3)", "no function inside"),
        ("GREATEST({DBInstanceClassMemory/0.5}, 1)", "is not a function RDS takes"),
        ("GREATEST(1, 2", "a formula goes in braces"),
    ],
)
def test_malformed_formulas_are_refused_saying_why(value, words):
    with pytest.raises(ValueError) as err:
        param_values.to_wire(BIG, value)
    assert words in str(err.value)


def test_formulas_are_for_integer_parameters():
    with pytest.raises(ValueError, match="formulas only for integer"):
        param_values.to_wire(FLOAT, "{DBInstanceClassMemory/2}")


def test_string_choices_match_case_insensitively_and_take_the_catalogue_spelling():
    assert param_values.to_wire(CHOICE, "file") == "FILE"
    with pytest.raises(ValueError, match=r"'SYSLOG' is not allowed \(allowed: TABLE,FILE,NONE\)"):
        param_values.to_wire(CHOICE, "SYSLOG")


def test_long_allowed_lists_are_summarised_with_close_matches():
    with pytest.raises(ValueError, match="22 values are allowed.*did you mean utf8mb4"):
        param_values.to_wire(CHARSETS, "utf8mb")


def test_free_strings_pass_as_text_and_a_boolean_for_a_string_is_refused():
    assert param_values.to_wire(FREE, "SET NAMES utf8mb4") == "SET NAMES utf8mb4"
    assert param_values.to_wire(FREE, 42) == "42"
    with pytest.raises(ValueError, match="quote it"):
        param_values.to_wire(FREE, True)
    with pytest.raises(ValueError, match="not a parameter value"):
        param_values.to_wire(FREE, {"a": 1})


def test_a_boolean_for_an_on_off_string_is_understood():
    assert param_values.to_wire({"DataType": "string", "AllowedValues": "ON,OFF,FORCE"}, True) == "ON"


def test_lists_check_every_item_and_accept_a_yaml_list():
    assert param_values.to_wire(LIST, "ansi_quotes, STRICT_ALL_TABLES") == "ANSI_QUOTES,STRICT_ALL_TABLES"
    assert param_values.to_wire(LIST, ["NO_ZERO_DATE", "ANSI_QUOTES"]) == "NO_ZERO_DATE,ANSI_QUOTES"
    with pytest.raises(ValueError, match="'NOPE' is not allowed"):
        param_values.to_wire(LIST, "ANSI_QUOTES,NOPE")


def test_pattern_like_allowed_values_are_left_to_rds():
    pattern = {"DataType": "string", "AllowedValues": "^[a-z_]+$"}
    assert param_values.to_wire(pattern, "anything") == "anything"


def test_none_is_refused():
    with pytest.raises(ValueError, match="no value given"):
        param_values.to_wire(FREE, None)


def test_meaning_compares_booleans_numbers_lists_and_choices_by_sense():
    assert param_values.same(ON_OFF, "ON", "1")
    assert param_values.same(ZERO_ONE, "1", "true")
    assert not param_values.same(ZERO_ONE, "1", "0")
    assert param_values.same(FLOAT, "1", "1.0")
    assert not param_values.same(FLOAT, "1", "1.5")
    assert param_values.same(LIST, "ANSI_QUOTES,NO_ZERO_DATE", "no_zero_date, ansi_quotes")
    assert not param_values.same(LIST, "ANSI_QUOTES", "ANSI_QUOTES,NO_ZERO_DATE")
    assert param_values.same(CHOICE, "file", "FILE")
    assert not param_values.same(FREE, "abc", "ABC")
    assert not param_values.same(FLOAT, None, "1")
    assert param_values.same(FLOAT, None, None)


def test_meaning_never_raises_on_odd_stored_values():
    assert param_values.same(BIG, "{DBInstanceClassMemory*3/4}", "{DBInstanceClassMemory*3/4}")
    assert not param_values.same(BIG, "{DBInstanceClassMemory*3/4}", "100")
    assert param_values.same(ZERO_ONE, "weird", "weird")
