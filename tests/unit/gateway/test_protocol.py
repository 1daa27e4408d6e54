"""The protocol step (api-spec §5.1, §5.8): method, raw-input limits, parameter merging, Action/Version/Format.

Limits are the emulator's own (the docs give none) and are listed in docs/compatibility.md: 1,000
parameters, no name twice (refused here, before the signature); names up to 256 characters, values up to
8,192 (UserData 65,536), no control characters outside free-text descriptions (``check_values``, run by
the validation step after the signature). Each is refused as 400 ``InvalidParameter`` naming what was wrong.
"""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.actions import load_all
from classiclink.gateway.context import RequestContext, Runtime
from classiclink.gateway.protocol import MAX_PARAMETERS, check_values, merge_parameters, resolve_action
from classiclink.http import HttpRequest
from classiclink.settings import Settings
from classiclink.store.memory import MemoryStore

load_all()
MAX_CHARS = Settings().max_value_chars
VPC = [("Action", "DescribeVpcs"), ("Version", "2016-04-28")]


def run(method: str = "POST", query: list[tuple[str, str]] | None = None, form: list[tuple[str, str]] | None = None,
        **flags: object) -> RequestContext:  # fmt: skip
    http = HttpRequest(method, "/", query if query is not None else VPC, form or [], b"", {}, **flags)  # type: ignore[arg-type]
    ctx = RequestContext(http=http, request_id="R", now=0.0, host_id="h")
    resolve_action(ctx, Runtime(settings=Settings(), store=MemoryStore()))
    return ctx


def refused(err: type[errors.ApiError], **kwargs: object) -> errors.ApiError:
    with pytest.raises(err) as caught:
        run(**kwargs)  # type: ignore[arg-type]
    return caught.value


def invalid_name(**kwargs: object) -> str:
    """The parameter an InvalidParameter answer names."""
    err = refused(errors.InvalidParameter, **kwargs)
    assert (err.code, err.status) == ("InvalidParameter", 400)
    prefix, _, rest = err.text.partition('"')
    assert prefix == "The specified parameter " and rest.endswith('" is not valid.')
    return rest[: -len('" is not valid.')]


# --- method, size, encoding -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"])
def test_only_get_and_post(method: str) -> None:
    err = refused(errors.UnsupportedHTTPMethod, method=method)
    assert (err.code, err.status, err.text) == ("UnsupportedHTTPMethod", 403, "This http method is not supported.")


def test_get_and_post_are_served() -> None:
    assert run("GET").action_name == run("POST").action_name == "DescribeVpcs"


def test_method_is_checked_before_the_body_size() -> None:
    refused(errors.UnsupportedHTTPMethod, method="PUT", too_large=True)


def test_body_over_the_limit() -> None:
    err = refused(errors.RequestTooLarge, too_large=True)
    assert (err.code, err.status, err.text) == (
        "InvalidParameter", 400, 'The specified parameter "RequestBody" is not valid.'
    )  # fmt: skip


@pytest.mark.parametrize("where", ["QueryString", "RequestBody"])
def test_undecodable_input_names_where_it_was(where: str) -> None:
    assert invalid_name(malformed=where) == where


# --- merging ------------------------------------------------------------------------------------------------


def test_query_and_form_are_merged() -> None:
    ctx = run(query=VPC[:1], form=[*VPC[1:], ("RegionId", "cn-hangzhou")])
    assert ctx.params == {"Action": "DescribeVpcs", "Version": "2016-04-28", "RegionId": "cn-hangzhou"}


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ([*VPC, ("VpcId", "a"), ("VpcId", "b")], []),
        ([*VPC, ("VpcId", "a")], [("VpcId", "a")]),  # even with the same value
        (VPC, [("VpcId", ""), ("VpcId", "")]),
    ],
)
def test_a_parameter_given_twice(query: list[tuple[str, str]], form: list[tuple[str, str]]) -> None:
    assert invalid_name(query=query, form=form) == "VpcId"


def test_a_parameter_given_twice_is_answered_in_the_callers_envelope() -> None:
    query = [("Action", "DescribeClassicLinkInstances"), ("Version", "2014-05-26"), ("VpcId", "a"), ("VpcId", "b")]
    http = HttpRequest("POST", "/", query, [], b"", {})
    ctx = RequestContext(http=http, request_id="R", now=0.0, host_id="h")
    with pytest.raises(errors.InvalidParameter):
        resolve_action(ctx, Runtime(settings=Settings(), store=MemoryStore()))
    assert (ctx.format, ctx.product) == ("XML", "Ecs")  # ECS's default format, and its product in Recommend


def test_unknown_action_comes_before_a_duplicate() -> None:
    refused(errors.ActionNotFound, query=[("Action", "Nope"), ("Version", "2016-04-28"), ("A", "1"), ("A", "2")])


def test_parameter_count_limit() -> None:
    many = [(f"P{n}", "v") for n in range(MAX_PARAMETERS)]
    assert len(merge_parameters(many, [])[0]) == MAX_PARAMETERS
    assert invalid_name(query=[*many, ("One", "more")]) == "QueryString"
    assert invalid_name(query=many[:600], form=[*many[600:], ("One", "more")]) == "RequestBody"


# --- names and values (checked after the signature, by the validation step) ---------------------------------


def bad(name: str, value: str = "v") -> str:
    """The parameter check_values names for one (name, value)."""
    with pytest.raises(errors.InvalidParameter) as caught:
        check_values({name: value}, MAX_CHARS)
    return caught.value.text.removeprefix('The specified parameter "').removesuffix('" is not valid.')


def test_value_length_limit() -> None:
    check_values({"VpcName": "a" * MAX_CHARS}, MAX_CHARS)
    assert bad("VpcName", "a" * (MAX_CHARS + 1)) == "VpcName"
    assert bad("Description", "é" * (MAX_CHARS + 1)) == "Description"


def test_user_data_may_hold_the_documented_32_kb_in_base64() -> None:
    check_values({"UserData": "A" * 65536}, MAX_CHARS)
    assert bad("UserData", "A" * 65537) == "UserData"


def test_name_length_limit() -> None:
    check_values({"N" * 256: "v"}, MAX_CHARS)
    assert bad("N" * 300) == "N" * 256


CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_are_refused_in_ordinary_values(char: str) -> None:
    for name in ("VpcId", "VpcName", "RegionId", "Tag.1.Value", "Action", "SignatureNonce", "Format"):
        assert bad(name, f"a{char}b") == name


@pytest.mark.parametrize("name", ["Description", "SystemDisk.Description", "DataDisk.2.Description"])
def test_descriptions_may_hold_tabs_and_line_breaks(name: str) -> None:
    check_values({name: "line one\r\n\tline two\n"}, MAX_CHARS)


@pytest.mark.parametrize("char", [c for c in CONTROLS if c not in "\t\n\r"], ids=repr)
def test_descriptions_refuse_the_other_control_characters(char: str) -> None:
    assert bad("Description", f"x{char}y") == "Description"


def test_a_nul_byte_is_refused_everywhere() -> None:
    for name in ("Description", "VpcName", "Signature", "Format"):
        assert bad(name, "a\x00") == name


def test_a_name_with_control_characters_is_named_printably() -> None:
    assert bad("Vpc\x00Id\x1b") == "Vpc?Id?"


def test_other_unicode_is_kept() -> None:
    check_values({"VpcName": "名前 ünïcödé \u0085 \u200b 🙂"}, MAX_CHARS)


def test_only_whole_description_names_are_free_text() -> None:
    assert bad("DescriptionX", "a\tb") == "DescriptionX"
    assert bad("VpcDescription", "a\tb") == "VpcDescription"


def test_values_are_not_checked_before_the_signature() -> None:
    # The framing step lets them through; the validation step (after authentication) refuses them.
    ctx = run(query=[*VPC, ("VpcName", "a\x00" * 9000)])
    assert ctx.params["VpcName"].startswith("a\x00")


# --- Action, Version, Format --------------------------------------------------------------------------------


def test_action_and_version_from_v3_headers() -> None:
    http = HttpRequest("POST", "/", [], [], b"", {"x-acs-action": ["DescribeVpcs"], "x-acs-version": ["2016-04-28"],
                                                  "authorization": ["ACS3-HMAC-SHA256 Credential=k"]})  # fmt: skip
    ctx = RequestContext(http=http, request_id="R", now=0.0, host_id="h")
    resolve_action(ctx, Runtime(settings=Settings(), store=MemoryStore()))
    assert (ctx.action_name, ctx.version, ctx.scheme, ctx.format) == ("DescribeVpcs", "2016-04-28", "v3", "JSON")


def test_missing_action_then_version_then_unknown_version_then_unknown_action() -> None:
    assert refused(errors.MissingParameter, query=[("Version", "2016-04-28")]).text.startswith(
        'The input parameter "Action"'
    )
    assert refused(errors.MissingParameter, query=[("Action", "DescribeVpcs")]).text.startswith(
        'The input parameter "Version"'
    )
    refused(errors.InvalidVersion, query=[("Action", "DescribeVpcs"), ("Version", "2099-01-01")])
    refused(errors.ActionNotFound, query=[("Action", "DescribeVpcz"), ("Version", "2016-04-28")])


@pytest.mark.parametrize(
    ("action", "version", "fmt", "expected"),
    [
        ("DescribeVpcs", "2016-04-28", None, "JSON"),
        ("DescribeClassicLinkInstances", "2014-05-26", None, "XML"),
        ("DescribeClassicLinkInstances", "2014-05-26", "json", "JSON"),
        ("DescribeVpcs", "2016-04-28", "xMl", "XML"),
        ("DescribeVpcs", "2016-04-28", "yaml", "JSON"),
    ],
)
def test_format(action: str, version: str, fmt: str | None, expected: str) -> None:
    query = [("Action", action), ("Version", version)] + ([("Format", fmt)] if fmt is not None else [])
    assert run(query=query).format == expected
