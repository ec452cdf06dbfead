"""Parameter serialization against OpenAPI 3.1's "Style Examples" table, Stripe's
deepObject shapes, reserved characters and hostile values.

The expected strings of the table tests are copied from the specification (OpenAPI
3.1.1, "Style Examples"), not from the code's output.
"""

from __future__ import annotations

from urllib.parse import unquote

import httpx
import pytest

from generator.runtime._params import (
    MAX_DEPTH,
    checked_header_value,
    cookie_header,
    cookie_items,
    fill_path,
    header_value,
    is_json_media_type,
    json_text,
    path_segment,
    percent_encode,
    query_items,
    query_string,
)

# The specification's example values of a parameter named `color`.
STRING = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}

# (style, explode): (empty, string, array, object), as the table writes them.
PATH_TABLE = {
    ("matrix", False): (
        ";color",
        ";color=blue",
        ";color=blue,black,brown",
        ";color=R,100,G,200,B,150",
    ),
    ("matrix", True): (
        ";color",
        ";color=blue",
        ";color=blue;color=black;color=brown",
        ";R=100;G=200;B=150",
    ),
    ("label", False): (".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True): (".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("simple", False): ("", "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True): ("", "blue", "blue,black,brown", "R=100,G=200,B=150"),
}
QUERY_TABLE = {
    ("form", False): (
        "?color=",
        "?color=blue",
        "?color=blue,black,brown",
        "?color=R,100,G,200,B,150",
    ),
    ("form", True): (
        "?color=",
        "?color=blue",
        "?color=blue&color=black&color=brown",
        "?R=100&G=200&B=150",
    ),
    ("spaceDelimited", False): (
        None,
        None,
        "?color=blue%20black%20brown",
        "?color=R%20100%20G%20200%20B%20150",
    ),
    ("pipeDelimited", False): (
        None,
        None,
        "?color=blue%7Cblack%7Cbrown",
        "?color=R%7C100%7CG%7C200%7CB%7C150",
    ),
    ("deepObject", True): (
        None,
        None,
        None,
        "?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
    ),
}
VALUES = ("", STRING, ARRAY, OBJECT)
COLUMNS = ("empty", "string", "array", "object")


def table_cases(table, *, leave_out=(None,)):
    """The table's cells as test parameters, without those in ``leave_out``."""
    return [
        pytest.param(style, explode, value, expected, id=f"{style}-{explode}-{column}")
        for (style, explode), row in table.items()
        for column, value, expected in zip(COLUMNS, VALUES, row, strict=True)
        if expected not in leave_out
    ]


# ------------------------------------------------------------------ the spec's table


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    # The empty column of simple and label would change the path: see the next test.
    table_cases(PATH_TABLE, leave_out=("", ".")),
)
def test_path_styles_match_the_specification_table(style, explode, value, expected):
    assert path_segment("color", value, style=style, explode=explode) == expected


def test_path_deviations_from_the_table_keep_the_path_intact():
    """The table's empty cells would change the path: an empty segment (``//``, which
    servers may merge) and a lone ``.`` segment (removed as a dot segment).  The first
    is refused, the second sent with its dot encoded."""
    for explode in (False, True):
        with pytest.raises(ValueError, match="cannot be empty"):
            path_segment("color", "", style="simple", explode=explode)
        assert path_segment("color", "", style="label", explode=explode) == "%2E"
        assert unquote("%2E") == PATH_TABLE[("label", explode)][0]


@pytest.mark.parametrize(("style", "explode", "value", "expected"), table_cases(QUERY_TABLE))
def test_query_styles_match_the_specification_table(style, explode, value, expected):
    items = query_items("color", value, style=style, explode=explode)
    assert "?" + query_string(items) == expected


@pytest.mark.parametrize("explode", [False, True])
@pytest.mark.parametrize(("column", "value"), list(zip(COLUMNS, VALUES, strict=True)))
def test_header_values_are_the_simple_rows_of_the_table(explode, column, value):
    expected = PATH_TABLE[("simple", explode)][COLUMNS.index(column)]
    assert header_value(value, explode=explode) == expected


def test_cookies_are_form_pairs_joined_as_cookies_are():
    """Appendix D: form-style cookies take the table's form rows without ``?``, and
    several pairs are delimited by ``; `` (``&`` would be wrong in a cookie)."""
    assert cookie_header(cookie_items("color", STRING)) == "color=blue"
    assert cookie_header(cookie_items("color", "")) == "color="
    assert cookie_header(cookie_items("color", ARRAY)) == ("color=blue; color=black; color=brown")
    assert cookie_header(cookie_items("color", OBJECT)) == "R=100; G=200; B=150"
    assert cookie_header(cookie_items("color", ARRAY, explode=False)) == ("color=blue,black,brown")
    assert cookie_header(cookie_items("color", OBJECT, explode=False)) == (
        "color=R,100,G,200,B,150"
    )


# ------------------------------------------------------------ primitives and absence


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "true"), (False, "false"), (0, "0"), (-7, "-7"), (1.5, "1.5"), (2.0, "2.0")],
)
def test_primitives_are_sent_as_json_writes_them(value, text):
    assert query_items("x", value) == [("x", text)]
    assert path_segment("x", value) == text
    assert header_value(value) == text


def test_none_means_not_sent_where_a_parameter_may_be_absent():
    assert query_items("x", None) == []
    assert header_value(None) is None
    assert cookie_items("x", None) == []
    with pytest.raises(ValueError, match="required"):
        path_segment("x", None)


def test_none_inside_a_structure_is_the_empty_value():
    assert query_items("x", ["a", None], explode=False) == [("x", "a,")]
    assert query_items("x", {"a": None}, style="deepObject") == [("x%5Ba%5D", "")]
    assert header_value(["a", None]) == "a,"


def test_empty_arrays_and_objects_are_undefined_and_not_sent():
    """RFC 6570 section 2.3: an empty list or map is undefined; form-like styles send
    nothing for it.  deepObject sends the empty value, Stripe's "clear this field"."""
    for style in ("form", "spaceDelimited", "pipeDelimited"):
        for explode in (False, True):
            assert query_items("x", [], style=style, explode=explode) == []
            assert query_items("x", {}, style=style, explode=explode) == []
    assert query_items("metadata", {}, style="deepObject") == [("metadata", "")]
    assert query_items("tax_rates", [], style="deepObject") == [("tax_rates", "")]
    assert cookie_items("x", []) == []
    for style in ("simple", "label", "matrix"):
        with pytest.raises(ValueError, match="empty array or object"):
            path_segment("x", [], style=style)


def test_not_json_data_is_refused():
    for value in (b"bytes", object(), {1: "a"}, (1, 2)):
        with pytest.raises(TypeError):
            query_items("x", value)
    with pytest.raises(ValueError, match="NaN"):
        query_items("x", float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        path_segment("x", float("inf"))


def test_arrays_nested_where_the_style_cannot_carry_them_are_refused():
    for call in (
        lambda: query_items("x", [[1]]),
        lambda: query_items("x", {"a": {"b": 1}}),
        lambda: query_items("x", [{"a": 1}], style="pipeDelimited", explode=False),
        lambda: path_segment("x", [[1]]),
        lambda: header_value({"a": [1]}),
        lambda: cookie_items("x", [[1]]),
    ):
        with pytest.raises(TypeError, match="deepObject or a content"):
            call()


def test_unknown_styles_are_refused():
    with pytest.raises(ValueError, match="not a path style"):
        path_segment("x", "a", style="form")
    with pytest.raises(ValueError, match="not a query style"):
        query_items("x", "a", style="simple")


def test_undefined_combinations_are_sent_as_their_nearest_defined_relative():
    """The table's n/a cells: delimited styles exploded (or with a primitive) as form,
    deepObject whatever explode says."""
    for style in ("spaceDelimited", "pipeDelimited"):
        assert query_items("color", ARRAY, style=style, explode=True) == query_items("color", ARRAY)
        assert query_items("color", STRING, style=style, explode=False) == [("color", "blue")]
    assert query_items("color", OBJECT, style="deepObject", explode=False) == (
        query_items("color", OBJECT, style="deepObject", explode=True)
    )


# ------------------------------------------------------------------ deepObject, Stripe


def test_deep_objects_nest_as_stripe_reads_them():
    cases = [
        (
            "address",
            {"city": "Paris", "line1": "1 Rue"},
            "address[city]=Paris&address[line1]=1 Rue",
        ),
        ("metadata", {"order_id": "6735"}, "metadata[order_id]=6735"),
        (
            "expand",
            ["customer", "invoice.subscription"],
            "expand[0]=customer&expand[1]=invoice.subscription",
        ),
        (
            "items",
            [{"price": "price_1", "quantity": 2}, {"price": "price_2"}],
            "items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2",
        ),
        ("card", {"networks": {"preferred": "visa"}}, "card[networks][preferred]=visa"),
        ("metadata", "", "metadata="),
    ]
    for name, value, decoded in cases:
        encoded = query_string(query_items(name, value, style="deepObject"))
        assert "[" not in encoded and "]" not in encoded  # RFC 3986: encoded
        assert unquote(encoded) == decoded


def test_deep_object_keys_cannot_move_a_value_elsewhere():
    with pytest.raises(ValueError, match=r"cannot hold '\['"):
        query_items("metadata", {"a][admin": "true"}, style="deepObject")
    with pytest.raises(ValueError, match=r"cannot hold '\['"):
        query_items("metadata", {"x": {"[": 1}}, style="deepObject")
    # Other delimiters in keys and values are encoded, so they stay inside the value.
    items = query_items("metadata", {"a&b=c": "d&e=f#g"}, style="deepObject")
    assert items == [("metadata%5Ba%26b%3Dc%5D", "d%26e%3Df%23g")]


def test_deep_objects_nest_only_so_deep():
    value: object = "leaf"
    for _ in range(MAX_DEPTH):
        value = {"a": value}
    assert len(query_items("x", value, style="deepObject")) == 1
    with pytest.raises(ValueError, match="nest at most"):
        query_items("x", {"a": value}, style="deepObject")


# ---------------------------------------------------------- reserved characters (query)

RESERVED = ":/?#[]@!$&'()*+,;="


def test_values_are_percent_encoded_but_for_unreserved_characters():
    value = RESERVED + " %é-._~"
    [(name, text)] = query_items("q", value)
    assert name == "q"
    assert text == ("%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%25%C3%A9-._~")
    assert unquote(text) == value


def test_allow_reserved_keeps_what_the_query_string_can_hold():
    """OpenAPI 3.1.1, allowReserved: reserved characters and percent-encoded triples pass
    through; `[`, `]`, `#` (not allowed in a query) and `&`, `=`, `+` (form-urlencoding's)
    are still encoded, and so is `%` outside a triple."""
    [(_, text)] = query_items("q", RESERVED + " %41 %zz é", allow_reserved=True)
    assert text == ":/?%23%5B%5D@!$%26'()*%2B,;%3D%20%41%20%25zz%20%C3%A9"
    url = httpx.URL("https://api.example/x?" + query_string([("q", text)]))
    assert url.fragment == ""
    assert dict(url.params) == {"q": ":/?#[]@!$&'()*+,;= A %zz é"}


def test_allow_reserved_never_applies_to_the_name():
    assert query_items("a/b", "c/d", allow_reserved=True) == [("a%2Fb", "c/d")]


def test_query_items_with_hostile_text_stay_one_parameter_each():
    hostile = ["a&b=c", "x#frag", "1+1", "100%", "\r\nSet-Cookie: x", "é\u2028", "a b"]
    query = query_string(item for value in hostile for item in query_items("q", value))
    url = httpx.URL("https://api.example/x?" + query)
    assert url.fragment == ""
    assert url.params.get_list("q") == hostile


def test_parameter_names_are_encoded_too():
    assert query_items("filter[status]", "open") == [("filter%5Bstatus%5D", "open")]
    assert query_items("❤️", "love!") == [("%E2%9D%A4%EF%B8%8F", "love%21")]


# ------------------------------------------------------------------- hostile path values

HOSTILE_PATH = [
    "/",
    "..",
    ".",
    "...",
    "?",
    "#",
    "%",
    "%2F",
    "a/../b",
    "../../admin",
    "é",
    "\n",
    "a b",
    "{other}",
    "x;y=z",
    "\x00",
]


@pytest.mark.parametrize("value", HOSTILE_PATH)
@pytest.mark.parametrize("style", ["simple", "label", "matrix"])
def test_no_value_changes_the_path(style, value):
    segment = path_segment("id", value, style=style)
    assert not any(char in segment for char in "/?#{} \n\x00")
    assert segment.strip(".") != ""
    path = fill_path("/v1/items/{id}/parts", {"id": segment})
    url = httpx.URL("https://api.example" + path)
    parts = url.raw_path.decode("ascii").split("/")
    assert parts[:3] == ["", "v1", "items"] and parts[4:] == ["parts"]
    assert url.query == b"" and url.fragment == ""
    prefix = {"simple": "", "label": ".", "matrix": ";id="}[style]
    assert unquote(parts[3]) == prefix + value


def test_path_values_with_delimiters_stay_inside_their_item():
    assert path_segment("x", ["a,b", "c"]) == "a%2Cb,c"
    assert path_segment("x", {"k=v": "1,2"}, explode=True) == "k%3Dv=1%2C2"
    assert path_segment("x", ["a;b"], style="matrix", explode=True) == ";x=a%3Bb"


def test_fill_path_replaces_in_one_pass_and_refuses_raw_text():
    segments = {"a": path_segment("a", "{b}"), "b": "B"}
    assert fill_path("/{a}/{b}", segments) == "/%7Bb%7D/B"
    for raw in ("x/y", "..", ".", "", "a?b", "a#b"):
        with pytest.raises(ValueError, match="would change the path"):
            fill_path("/{a}", {"a": raw})
    with pytest.raises(ValueError, match="no value for"):
        fill_path("/{a}/{c}", {"a": "x"})


# ------------------------------------------------------------------------ headers


@pytest.mark.parametrize(
    "value",
    [
        "a\r\nX-Injected: 1",
        "a\nb",
        "a\rb",
        "a\x00b",
        "a\x7fb",
        "café",
        "a\u2028b",
        " leading",
        "trailing ",
        "\t",
    ],
)
def test_header_values_that_could_inject_or_change_are_refused(value):
    with pytest.raises(ValueError) as info:
        header_value(value)
    assert value.strip() not in str(info.value) or not value.strip()
    with pytest.raises(ValueError):
        checked_header_value(value)
    if value.strip() == value:  # inside a list, whitespace is between items
        with pytest.raises(ValueError):
            header_value(["ok", value])


def test_header_values_refusal_never_quotes_the_value():
    secret = "sk_live_51SECRETvalue\nX: y"
    with pytest.raises(ValueError, match="line break") as info:
        header_value(secret)
    assert "sk_live" not in str(info.value)


def test_header_values_are_sent_as_they_are():
    """Servers do not percent-decode headers: reserved characters are kept."""
    assert header_value('W/"etag", a=b; c/d') == 'W/"etag", a=b; c/d'
    assert header_value("a\tb  c") == "a\tb  c"
    assert header_value("") == ""
    assert httpx.Headers({"x": header_value(json_text({"a": "é\n"}))})["x"] == (
        '{"a":"\\u00e9\\n"}'
    )


# ------------------------------------------------------------------- content parameters


def test_json_text_is_compact_ascii_json():
    assert json_text({"lat": 1.5, "long": -2, "ok": True, "n": None}) == (
        '{"lat":1.5,"long":-2,"ok":true,"n":null}'
    )
    assert json_text("é") == '"\\u00e9"'
    with pytest.raises(ValueError, match="NaN"):
        json_text(float("nan"))
    with pytest.raises(TypeError):
        json_text(object())


def test_content_parameters_go_through_the_string_paths():
    [(name, value)] = query_items("coordinates", json_text({"lat": 1, "long": 2}))
    assert name == "coordinates"
    assert unquote(value) == '{"lat":1,"long":2}'


def test_json_media_types():
    for media_type in (
        "application/json",
        "Application/JSON; charset=utf-8",
        "application/vnd.api+json",
        "application/merge-patch+json",
    ):
        assert is_json_media_type(media_type)
    for media_type in ("text/plain", "application/jsonl", "application/x-json-stream"):
        assert not is_json_media_type(media_type)


def test_percent_encode_keeps_only_unreserved_characters():
    assert percent_encode("aZ09-._~ /é") == "aZ09-._~%20%2F%C3%A9"
