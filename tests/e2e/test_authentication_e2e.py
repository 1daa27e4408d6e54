"""Every authentication error of the gateway (api-spec §5.2–5.5, §5.8), and the order they are checked in.

Through the official SDKs where they can produce the situation (an unknown or disabled key, a wrong
secret), and by hand-signed HTTP (tests/support/raw.py) where they cannot (a missing field, an old
timestamp, a replayed nonce).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support.raw import (
    ECS,
    VPC,
    Rpc,
    send_v1,
    timestamp,
    v1_fields,
    v1_sign,
    v1_string_to_sign,
    v3_request,
)
from support.sdk import FLAVOURS, Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"
NOT_FOUND = (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
INACTIVE = (400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
EXPIRED = (400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
BAD_FORMAT = (400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
NONCE_USED = (400, "SignatureNonceUsed", "Specified signature nonce was used already.")
MISMATCH_PREFIX = "Specified signature is not matched with our calculation. server string to sign is:"
INCOMPLETE_PREFIX = "The request signature does not conform to Aliyun standards. server string to sign is:"

CONFIG = textwrap.dedent(
    """
    [[accounts]]
    id = "1000000000000042"
    name = "auth-test"
      [[accounts.access_keys]]
      id = "auth-active"
      secret = "auth-active-secret"
      [[accounts.access_keys]]
      id = "auth-disabled"
      secret = "auth-disabled-secret"
      status = "Inactive"
    """
)


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """An account with one active and one disabled root key, besides testid."""
    path = tmp_path_factory.mktemp("auth") / "identity.toml"
    path.write_text(CONFIG)
    proc = ServerProcess("--transition-delay", "0", "--config", str(path)).start()
    yield proc
    proc.close()


def describe_vpcs(**overrides: str) -> dict[str, str]:
    return {**v1_fields("DescribeVpcs", VPC), **overrides}


# --- InvalidAccessKeyId.NotFound / .Inactive -------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_unknown_access_key(server: ServerProcess, flavour: str) -> None:
    api = Api(flavour, server.endpoint, key="LTAIunknownkey0000000000", secret="whatever")
    api.fail("DescribeVpcs", RegionId=REGION).expect(*NOT_FOUND)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_disabled_access_key(keyed_server: ServerProcess, flavour: str) -> None:
    api = Api(flavour, keyed_server.endpoint, key="auth-disabled", secret="auth-disabled-secret")
    api.fail("DescribeVpcs", RegionId=REGION).expect(*INACTIVE)
    # The account's other key works: the refusal is about the key, not the account.
    Api(flavour, keyed_server.endpoint, key="auth-active", secret="auth-active-secret").call(
        "DescribeVpcs", RegionId=REGION
    )


# --- MissingParameter and InvalidParamater for the V1 fields ---------------------------------------------


@pytest.mark.parametrize(
    "name", ["Action", "Version", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"]
)
def test_missing_v1_field(server: ServerProcess, name: str) -> None:
    fields = v1_sign(describe_vpcs())
    del fields[name]
    answer = send_v1(server.url, fields)
    expected = f'The input parameter "{name}" that is mandatory for processing this request is not supplied.'
    assert answer.error == (400, "MissingParameter", expected)


def test_missing_signature(server: ServerProcess) -> None:
    answer = send_v1(server.url, describe_vpcs())
    # The documented text for Signature says "the request", not "this request".
    expected = 'The input parameter "Signature" that is mandatory for processing the request is not supplied.'
    assert answer.error == (400, "MissingParameter", expected)


@pytest.mark.parametrize(("name", "value"), [("SignatureMethod", "HMAC-SHA256"), ("SignatureVersion", "2.0")])
def test_invalid_signature_method_or_version(server: ServerProcess, name: str, value: str) -> None:
    answer = send_v1(server.url, v1_sign(describe_vpcs(**{name: value})))
    # Sic: the documented code is spelled "InvalidParamater".
    assert answer.error == (400, "InvalidParamater", f'The specified parameter "{name}" is not valid.')


# --- InvalidTimeStamp.Format / .Expired ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2024-01-01 00:00:00", "2024-01-01T00:00:00", "20240101T000000Z", "2024-13-40T00:00:00Z", "now",
     "2024-01-01T00:00:00+08:00", "2024-01-01T00:00:00.Z", "2024-01-01", "2024-01-01T00:00:00z"],
)  # fmt: skip
def test_timestamp_not_well_formatted(server: ServerProcess, value: str) -> None:
    assert send_v1(server.url, v1_sign(describe_vpcs(Timestamp=value))).error == BAD_FORMAT


def test_v3_date_not_well_formatted(server: ServerProcess) -> None:
    assert v3_request(server.url, "DescribeVpcs", VPC, date="Tue, 01 Jan 2030 00:00:00 GMT").send().error == BAD_FORMAT


@pytest.mark.parametrize("offset", [-16 * 60, 16 * 60])
def test_timestamp_outside_fifteen_minutes(server: ServerProcess, offset: int) -> None:
    assert send_v1(server.url, v1_sign(describe_vpcs(Timestamp=timestamp(offset)))).error == EXPIRED
    assert v3_request(server.url, "DescribeVpcs", VPC, date=timestamp(offset)).send().error == EXPIRED


@pytest.mark.parametrize("fraction", [".8", ".834", ".123456", ".000000001"])
def test_fractional_seconds_are_accepted(server: ServerProcess, fraction: str) -> None:
    # aliyun-sdk (JavaScript) sends Date.toISOString(): "2026-12-01T07:03:41.834Z".
    stamp = timestamp(0).replace("Z", fraction + "Z")
    assert send_v1(server.url, v1_sign(describe_vpcs(Timestamp=stamp))).status == 200
    assert v3_request(server.url, "DescribeVpcs", VPC, date=stamp).send().status == 200


def test_fractional_seconds_still_count_against_the_skew(server: ServerProcess) -> None:
    stamp = timestamp(-16 * 60).replace("Z", ".999Z")
    assert send_v1(server.url, v1_sign(describe_vpcs(Timestamp=stamp))).error == EXPIRED


def test_timestamp_within_fifteen_minutes(server: ServerProcess) -> None:
    for offset in (-14 * 60, 14 * 60):
        assert send_v1(server.url, v1_sign(describe_vpcs(Timestamp=timestamp(offset)))).status == 200


def test_timestamp_skew_setting(make_server: Callable[..., ServerProcess]) -> None:
    strict = make_server("--timestamp-skew", "60")
    assert send_v1(strict.url, v1_sign(describe_vpcs(Timestamp=timestamp(-120)))).error == EXPIRED
    assert send_v1(strict.url, v1_sign(describe_vpcs(Timestamp=timestamp(-20)))).status == 200


# --- SignatureNonceUsed ------------------------------------------------------------------------------------


def test_replayed_request_is_refused(server: ServerProcess) -> None:
    fields = v1_sign(describe_vpcs())
    assert send_v1(server.url, fields).status == 200
    assert send_v1(server.url, fields).error == NONCE_USED
    # The same nonce re-signed with a new timestamp is still a reuse.
    again = v1_sign({**fields, "Timestamp": timestamp(1)})
    assert send_v1(server.url, again).error == NONCE_USED


def test_nonce_is_kept_when_the_first_request_was_refused_by_a_business_error(server: ServerProcess) -> None:
    fields = v1_sign(v1_fields("DescribeVpcAttribute", VPC, VpcId="vpc-bp1nosuchvpc000000000000"))
    first = send_v1(server.url, fields)
    assert first.error == (404, "InvalidVpcId.NotFound", "Specified VPC does not exist.")
    assert send_v1(server.url, fields).error == NONCE_USED


def test_nonce_is_kept_when_the_first_request_was_refused_by_a_parameter_error(server: ServerProcess) -> None:
    fields = v1_sign(v1_fields("DescribeVpcAttribute", VPC))  # no VpcId
    assert send_v1(server.url, fields).code == "MissingParameter"
    assert send_v1(server.url, fields).error == NONCE_USED


def test_a_badly_signed_request_does_not_use_up_its_nonce(server: ServerProcess) -> None:
    # The nonce is checked only after the signature (api-spec §5.3): a forgery cannot burn a client's nonce.
    fields = describe_vpcs()
    assert send_v1(server.url, v1_sign(fields, secret="wrong")).code == "SignatureDoesNotMatch"
    assert send_v1(server.url, v1_sign(fields)).status == 200


def test_v3_replayed_request_is_refused(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC)
    assert request.send().status == 200
    assert request.send().error == NONCE_USED


def test_nonces_are_per_access_key(keyed_server: ServerProcess) -> None:
    shared = describe_vpcs()
    assert send_v1(keyed_server.url, v1_sign(shared)).status == 200
    other = {**shared, "AccessKeyId": "auth-active"}
    assert send_v1(keyed_server.url, v1_sign(other, secret="auth-active-secret")).status == 200


# --- SignatureDoesNotMatch ----------------------------------------------------------------------------------


def test_v1_mismatch_carries_the_clients_string_to_sign(server: ServerProcess) -> None:
    fields = describe_vpcs(VpcName="a b*c~d/é")
    answer = send_v1(server.url, v1_sign(fields, secret="not-the-secret"))
    assert (answer.status, answer.code) == (400, "SignatureDoesNotMatch")
    assert answer.message == MISMATCH_PREFIX + v1_string_to_sign(fields)
    # aliyunsdkcore compares Message.split(':')[1] with its own string: exactly one ':' before it.
    assert answer.message is not None and answer.message.split(":")[1] == v1_string_to_sign(fields)


def test_v1_mismatch_for_a_get_request_signs_get(server: ServerProcess) -> None:
    fields = describe_vpcs()
    answer = send_v1(server.url, v1_sign(fields, method="POST"), method="GET")
    assert answer.code == "SignatureDoesNotMatch"
    assert answer.message == MISMATCH_PREFIX + v1_string_to_sign(fields, method="GET")


def test_legacy_sdk_recognises_its_own_string_to_sign(server: ServerProcess) -> None:
    # The SDK rewrites the error only when the server's string equals its own: this proves the contract.
    failure = Api("legacy", server.endpoint, secret="not-the-secret").fail("DescribeVpcs", RegionId=REGION)
    assert (failure.status, failure.code, failure.message) == (
        400,
        "InvalidAccessKeySecret",
        "The AccessKeySecret is incorrect. Please check your AccessKeyId and AccessKeySecret.",
    )


def test_tea_with_v1_signing_gets_the_mismatch(server: ServerProcess) -> None:
    failure = Api("tea-v2", server.endpoint, secret="not-the-secret").fail("DescribeVpcs", RegionId=REGION)
    assert (failure.status, failure.code) == (400, "SignatureDoesNotMatch")
    assert failure.message.startswith(MISMATCH_PREFIX + "POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeVpcs")


def test_v3_mismatch_carries_the_clients_string_to_sign(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC, secret="not-the-secret")
    answer = request.send()
    assert (answer.status, answer.code) == (400, "SignatureDoesNotMatch")
    assert answer.message == MISMATCH_PREFIX + request.string_to_sign


def test_tea_v3_mismatch(server: ServerProcess) -> None:
    failure = Api("tea", server.endpoint, secret="not-the-secret").fail("DescribeVpcs", RegionId=REGION)
    assert (failure.status, failure.code) == (400, "SignatureDoesNotMatch")
    assert failure.message.startswith(MISMATCH_PREFIX + "ACS3-HMAC-SHA256\n")


def test_v3_changed_query_after_signing(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC, {"PageSize": "10"})
    request.query["PageSize"] = "50"
    assert request.send().code == "SignatureDoesNotMatch"


def test_v3_body_that_does_not_match_its_hash(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC)
    request.body = b"PageSize=50"
    request.headers["content-type"] = "application/x-www-form-urlencoded"
    # content-type is not signed here, but the declared hash (of an empty body) is what fails.
    assert request.send().code == "SignatureDoesNotMatch"


# --- IncompleteSignature ---------------------------------------------------------------------------------------


def test_v3_unsupported_algorithm(server: ServerProcess) -> None:
    answer = v3_request(server.url, "DescribeVpcs", VPC, algorithm="ACS3-HMAC-SM3").send()
    assert answer.error == (400, "IncompleteSignature", INCOMPLETE_PREFIX)


def test_v3_acs_header_left_out_of_the_signature(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC)
    request.headers["authorization"] = request.headers["authorization"].replace("x-acs-action;", "")
    assert request.send().error == (400, "IncompleteSignature", INCOMPLETE_PREFIX)


def test_v3_authorization_without_credential(server: ServerProcess) -> None:
    request = v3_request(server.url, "DescribeVpcs", VPC)
    request.headers["authorization"] = "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=00"
    assert request.send().error == (400, "IncompleteSignature", INCOMPLETE_PREFIX)


# --- order of the checks (api-spec §5.8) ----------------------------------------------------------------------


def test_unknown_action_comes_before_missing_signature_fields(server: ServerProcess) -> None:
    answer = send_v1(server.url, {"Action": "NoSuchAction", "Version": VPC})
    assert answer.error == (
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )


def test_missing_field_comes_before_a_bad_signature_method(server: ServerProcess) -> None:
    fields = describe_vpcs(SignatureMethod="MD5")
    del fields["Timestamp"]
    assert send_v1(server.url, v1_sign(fields)).code == "MissingParameter"


def test_bad_signature_method_comes_before_a_bad_timestamp(server: ServerProcess) -> None:
    answer = send_v1(server.url, v1_sign(describe_vpcs(SignatureVersion="9", Timestamp="never")))
    assert answer.code == "InvalidParamater"


def test_timestamp_comes_before_the_access_key(server: ServerProcess) -> None:
    fields = describe_vpcs(AccessKeyId="LTAIunknownkey0000000000", Timestamp=timestamp(-3600))
    assert send_v1(server.url, v1_sign(fields)).error == EXPIRED


def test_access_key_comes_before_the_signature(keyed_server: ServerProcess) -> None:
    unknown = describe_vpcs(AccessKeyId="LTAIunknownkey0000000000")
    assert send_v1(keyed_server.url, v1_sign(unknown, secret="wrong")).error == NOT_FOUND
    disabled = describe_vpcs(AccessKeyId="auth-disabled")
    assert send_v1(keyed_server.url, v1_sign(disabled, secret="wrong")).error == INACTIVE


def test_signature_comes_before_the_nonce(server: ServerProcess) -> None:
    fields = v1_sign(describe_vpcs())
    assert send_v1(server.url, fields).status == 200
    assert send_v1(server.url, v1_sign(fields, secret="wrong")).code == "SignatureDoesNotMatch"


def test_nonce_comes_before_parameter_validation(server: ServerProcess) -> None:
    fields = v1_sign(v1_fields("DescribeVpcs", VPC, PageSize="500"))
    assert send_v1(server.url, fields).code == "InvalidParameter"
    assert send_v1(server.url, fields).error == NONCE_USED


# --- what the errors do not disclose ----------------------------------------------------------------------------


def test_server_log_never_holds_a_secret(tmp_path: Path, make_server: Callable[..., ServerProcess]) -> None:
    path = tmp_path / "identity.toml"
    path.write_text(CONFIG)
    proc = make_server("--config", str(path), "--log-level", "debug")
    Rpc(proc.url).ok("DescribeVpcs", VPC)
    Rpc(proc.url, "auth-active", "auth-active-secret").ok("DescribeVpcs", VPC)
    Rpc(proc.url, "auth-active", "wrong-secret")("DescribeVpcs", VPC)
    Rpc(proc.url, "auth-disabled", "auth-disabled-secret")("DescribeVpcs", ECS)
    v3_request(proc.url, "DescribeVpcs", VPC, key="auth-active", secret="nope").send()
    log = proc.log()
    assert "string to sign" in log  # the debug line about the mismatch was written ...
    for secret in ("testsecret", "auth-active-secret", "auth-disabled-secret"):
        assert secret not in log  # ... and no secret with it
