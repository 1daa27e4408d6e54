"""The web console without a server: escaping, authentication, the request log's filters, resource pages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from classiclink.bootstrap import seed_default_account
from classiclink.console import ConsoleApp, auth
from classiclink.domain.model import Instance, Lifecycle, Link, SecurityGroup, SecurityGroupRule, Vpc, VSwitch
from classiclink.gateway.context import RequestContext, Runtime
from classiclink.gateway.recent import RecentRequests, RecordedRequest
from classiclink.gateway.request_log import record
from classiclink.http import HttpRequest, HttpResponse
from classiclink.settings import DEFAULT_ACCOUNT_ID, Settings
from classiclink.store.memory import MemoryStore

TOKEN = "unit-console-token"
PREFIX = "/_classiclink/console"
REGION = "cn-hangzhou"
NOW = 1_800_000_000.0
EVIL = "<script>alert(1)</script>"


@dataclass
class FixedClock:
    at: float = NOW

    def now(self) -> float:
        return self.at


def make_runtime(token: str | None = TOKEN) -> Runtime:
    store = MemoryStore()
    seed_default_account(store, 0.0)
    return Runtime(settings=Settings(database="memory://", admin_token=token), store=store, clock=FixedClock())


def get(app: ConsoleApp, path: str, *, bearer: str | None = TOKEN, cookie: str = "",
        query: list[tuple[str, str]] | None = None) -> HttpResponse:  # fmt: skip
    headers: dict[str, list[str]] = {}
    if bearer is not None:
        headers["authorization"] = [f"Bearer {bearer}"]
    if cookie:
        headers["cookie"] = [f"other=1; {auth.COOKIE}={cookie}"]
    return app(HttpRequest("GET", PREFIX + path, query or [], [], b"", headers))


def post(app: ConsoleApp, path: str, form: dict[str, str], cookie: str = "") -> HttpResponse:
    headers = {"content-type": ["application/x-www-form-urlencoded"]}
    if cookie:
        headers["cookie"] = [f"{auth.COOKIE}={cookie}"]
    return app(HttpRequest("POST", PREFIX + path, [], list(form.items()), b"x", headers))


def text(response: HttpResponse) -> str:
    return response.body.decode()


def header(response: HttpResponse, name: str) -> str:
    return next((v for k, v in response.headers if k == name), "")


def add_world(rt: Runtime) -> dict[str, str]:
    """A VPC with ClassicLink on, a vSwitch, a VPC instance, a linked classic instance, a group and a rule."""
    a, r = DEFAULT_ACCOUNT_ID, REGION
    with rt.store.unit_of_work() as uow:
        uow.vpcs.add(Vpc("vpc-1", a, r, NOW, "172.16.0.0/16", EVIL, "d", Lifecycle("Available"), "vrt-1", "vtb-1",
                         classic_link_enabled=True))  # fmt: skip
        uow.vswitches.add(VSwitch("vsw-1", a, r, NOW, "vpc-1", "cn-hangzhou-i", "172.16.1.0/24", "vsw<b>", "",
                                  Lifecycle("Available")))  # fmt: skip
        uow.security_groups.add(SecurityGroup("sg-1", a, r, NOW, "", "classic-sg", ""))
        uow.security_group_rules.add(SecurityGroupRule("sgr-1", a, r, NOW, "sg-1", "ingress", "TCP", "22/22",
                                                       source_cidr_ip="10.0.0.0/8", description=EVIL))  # fmt: skip
        uow.instances.add(Instance("i-vpc", a, r, NOW, "cn-hangzhou-i", "web", "", "h", "ecs.g6.large", "img", "vpc",
                                   [], Lifecycle("Stopped"), vpc_id="vpc-1", vswitch_id="vsw-1", private_ip="172.16.1.5"))  # fmt: skip
        uow.instances.add(Instance("i-classic", a, r, NOW, "cn-hangzhou-i", "old", "", "h", "ecs.g6.large", "img",
                                   "classic", ["sg-1"], Lifecycle("Running"), inner_ip="10.20.0.7"))  # fmt: skip
        uow.links.add(Link("i-classic", a, r, NOW, "vpc-1"))
        uow.commit()
    return {"vpc": "vpc-1", "instance": "i-classic"}


TOPOLOGY = f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/{REGION}/"


# --- escaping and rendering -----------------------------------------------------------------------------------


def test_a_vpc_named_script_is_text_in_the_picture_and_its_page() -> None:
    rt = make_runtime()
    add_world(rt)
    app = ConsoleApp(rt)
    page = text(get(app, TOPOLOGY))
    assert EVIL not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "vsw&lt;b&gt;" in page and "<b>" not in page
    detail = text(get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/vpcs/vpc-1"))
    assert EVIL not in detail and "&lt;script&gt;" in detail
    # The only <script> of a page is our own file (CSP: script-src 'self').
    assert page.count("<script") == 1 and 'src="/_classiclink/console/static/console.js"' in page
    assert "script-src 'self'" in header(get(app, TOPOLOGY), "content-security-policy")


def test_the_topology_draws_vpcs_vswitches_instances_and_the_link() -> None:
    rt = make_runtime()
    add_world(rt)
    page = text(get(ConsoleApp(rt), f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/{REGION}/topology"))
    assert '<g class="vpc" data-id="vpc-1" data-status="Available" data-classiclink="enabled">' in page
    assert '<g class="vswitch" data-id="vsw-1" data-status="Available">' in page
    assert '<g class="vpc-instance" data-id="i-vpc" data-status="Stopped">' in page
    assert '<g class="classic-instance" data-id="i-classic" data-status="Running">' in page
    assert '<g class="link" data-instance="i-classic" data-vpc="vpc-1">' in page
    assert "172.16.0.0/16" in page and "172.16.1.0/24 · cn-hangzhou-i" in page
    # Every resource links to its page.
    for kind, rid in (("vpcs", "vpc-1"), ("vswitches", "vsw-1"), ("instances", "i-vpc"), ("instances", "i-classic")):
        assert f'href="{PREFIX}/accounts/{DEFAULT_ACCOUNT_ID}/{kind}/{rid}"' in page


def test_another_region_or_account_shows_nothing_of_these() -> None:
    rt = make_runtime()
    add_world(rt)
    app = ConsoleApp(rt)
    assert "No VPCs and no classic instances" in text(get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/cn-beijing/"))
    assert get(app, "/accounts/999/regions/cn-hangzhou/").status == 404
    assert get(app, "/accounts/999/vpcs/vpc-1").status == 404  # another account's id is not found
    assert get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/xx-nowhere/").status == 404


def test_the_group_page_shows_its_rules_and_members() -> None:
    rt = make_runtime()
    add_world(rt)
    page = text(get(ConsoleApp(rt), f"/accounts/{DEFAULT_ACCOUNT_ID}/security-groups/sg-1"))
    assert "<h2>Rules</h2>" in page and "sgr-1" in page and "22/22" in page and "10.0.0.0/8" in page
    assert EVIL not in page
    assert f'href="{PREFIX}/accounts/{DEFAULT_ACCOUNT_ID}/instances/i-classic"' in page  # a member


def test_resource_pages_link_related_resources() -> None:
    rt = make_runtime()
    add_world(rt)
    app = ConsoleApp(rt)
    instance = text(get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/instances/i-classic"))
    assert "Linked to" in instance and f'href="{PREFIX}/accounts/{DEFAULT_ACCOUNT_ID}/vpcs/vpc-1"' in instance
    assert f'href="{PREFIX}/accounts/{DEFAULT_ACCOUNT_ID}/security-groups/sg-1"' in instance
    vpc = text(get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/vpcs/vpc-1"))
    for rid in ("vsw-1", "i-vpc", "i-classic"):  # its vSwitch, its instance, its link
        assert rid in vpc
    assert get(app, f"/accounts/{DEFAULT_ACCOUNT_ID}/nonsense/x").status == 404


# --- authentication -------------------------------------------------------------------------------------------


def test_off_without_an_admin_token() -> None:
    response = get(ConsoleApp(make_runtime(token=None)), "/")
    assert response.status == 404 and b"AdminDisabled" in response.body


def test_no_token_is_the_login_page_never_the_data() -> None:
    rt = make_runtime()
    add_world(rt)
    response = get(ConsoleApp(rt), TOPOLOGY, bearer=None)
    assert response.status == 401 and response.content_type.startswith("text/html")
    assert 'name="token"' in text(response) and "vpc-1" not in text(response)


def test_a_wrong_bearer_token_is_401() -> None:
    response = get(ConsoleApp(make_runtime()), TOPOLOGY, bearer="wrong")
    assert response.status == 401 and "not valid" in text(response)


def test_the_right_bearer_token_is_enough() -> None:
    assert get(ConsoleApp(make_runtime()), TOPOLOGY).status == 200


def test_static_files_need_no_token() -> None:
    app = ConsoleApp(make_runtime())
    css = get(app, "/static/console.css", bearer=None)
    js = get(app, "/static/console.js", bearer=None)
    assert css.status == 200 and css.content_type.startswith("text/css")
    assert js.status == 200 and b"data-live" in js.body
    assert get(app, "/static/../app.py", bearer=None).status == 404


def test_the_login_form_sets_a_cookie_that_is_not_the_token() -> None:
    app = ConsoleApp(make_runtime())
    refused = post(app, "/login", {"token": "wrong", "next": PREFIX + "/requests"})
    assert refused.status == 401 and not header(refused, "set-cookie")
    accepted = post(app, "/login", {"token": TOKEN, "next": PREFIX + "/requests"})
    assert accepted.status == 303 and header(accepted, "location") == PREFIX + "/requests"
    cookie = header(accepted, "set-cookie")
    for flag in ("HttpOnly", "SameSite=Strict", f"Path={PREFIX}/"):
        assert flag in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert TOKEN not in value
    assert get(app, TOPOLOGY, bearer=None, cookie=value).status == 200
    assert get(app, TOPOLOGY, bearer=None, cookie=value[:-1] + ("0" if value[-1] != "0" else "1")).status == 401


def test_login_goes_only_to_console_pages() -> None:
    app = ConsoleApp(make_runtime())
    for target in ("https://evil.example/", "//evil.example/", "/elsewhere"):
        response = post(app, "/login", {"token": TOKEN, "next": target})
        assert header(response, "location") == PREFIX + "/"


def test_a_session_expires_and_dies_with_the_token() -> None:
    rt = make_runtime()
    cookie = auth.issue(TOKEN, NOW)
    assert auth.session_valid(cookie, TOKEN, NOW + auth.SESSION_SECONDS - 1)
    assert not auth.session_valid(cookie, TOKEN, NOW + auth.SESSION_SECONDS + 1)
    assert not auth.session_valid(cookie, "another-token", NOW)
    assert not auth.session_valid("garbage", TOKEN, NOW)
    rt.clock.at = NOW + auth.SESSION_SECONDS + 1  # type: ignore[attr-defined]
    assert get(ConsoleApp(rt), TOPOLOGY, bearer=None, cookie=cookie).status == 401


def test_logout_needs_the_form_token() -> None:
    app = ConsoleApp(make_runtime())
    cookie = auth.issue(TOKEN, NOW)
    assert post(app, "/logout", {}, cookie=cookie).status == 403
    assert post(app, "/logout", {"csrf": "forged"}, cookie=cookie).status == 403
    page = text(get(app, TOPOLOGY, bearer=None, cookie=cookie))
    form_token = auth.form_token(TOKEN, cookie)
    assert f'name="csrf" value="{form_token}"' in page
    done = post(app, "/logout", {"csrf": form_token}, cookie=cookie)
    assert done.status == 303 and "Max-Age=0" in header(done, "set-cookie")


def test_the_console_changes_nothing_through_other_methods() -> None:
    app = ConsoleApp(make_runtime())
    response = app(HttpRequest("DELETE", PREFIX + TOPOLOGY, [], [], b"", {"authorization": [f"Bearer {TOKEN}"]}))
    assert response.status == 405


# --- the request log ------------------------------------------------------------------------------------------


def entry(n: int, action: str, status: int = 200, code: str = "", account: str = DEFAULT_ACCOUNT_ID) -> RecordedRequest:
    return RecordedRequest(NOW + n, f"REQ-{n}", account, "testid", "Vpc", action, "2016-04-28", status, code, 1.0,
                           (("VpcName", EVIL), ("Signature", "***")), f'{{"RequestId":"REQ-{n}","Name":"<i>"}}',
                           "application/json;charset=utf-8")  # fmt: skip


def test_filters_by_action_status_code_and_account() -> None:
    recent = RecentRequests()
    recent.add(entry(1, "CreateVpc"))
    recent.add(entry(2, "DescribeVpcAttribute", 404, "InvalidVpcId.NotFound"))
    recent.add(entry(3, "CreateVpc", 400, "QuotaExceeded.Vpc", account="2"))
    ids = lambda **f: [e.request_id for e in recent.find(**f)]  # noqa: E731
    assert ids(action="CreateVpc") == ["REQ-3", "REQ-1"]  # newest first
    assert ids(status="4xx") == ["REQ-3", "REQ-2"] and ids(status="404") == ["REQ-2"] and ids(status="2xx") == ["REQ-1"]
    assert ids(code="InvalidVpcId.NotFound") == ["REQ-2"]
    assert ids(account="2") == ["REQ-3"] and ids(action="CreateVpc", account=DEFAULT_ACCOUNT_ID) == ["REQ-1"]
    assert recent.values("code") == ["InvalidVpcId.NotFound", "QuotaExceeded.Vpc"]


def test_the_recorder_is_bounded() -> None:
    recent = RecentRequests(capacity=3)
    for n in range(5):
        recent.add(entry(n, "CreateVpc"))
    assert [e.request_id for e in recent.newest_first()] == ["REQ-4", "REQ-3", "REQ-2"]


def test_the_log_page_filters_and_escapes_and_the_answer_page_shows_it_whole() -> None:
    rt = make_runtime()
    assert rt.recent is not None
    rt.recent.add(entry(1, "CreateVpc"))
    rt.recent.add(entry(2, "DescribeVpcAttribute", 404, "InvalidVpcId.NotFound"))
    app = ConsoleApp(rt)
    page = text(get(app, "/requests", query=[("code", "InvalidVpcId.NotFound")]))
    assert "REQ-2" in page and "REQ-1" not in page
    assert '<option value="InvalidVpcId.NotFound" selected>' in page
    fragment = text(get(app, "/requests/fragment", query=[("action", "CreateVpc")]))
    assert "REQ-1" in fragment and "REQ-2" not in fragment
    answer = text(get(app, "/requests/REQ-2"))
    assert EVIL not in answer and "&lt;script&gt;" in answer and "&quot;Name&quot;: &quot;&lt;i&gt;&quot;" in answer
    assert get(app, "/requests/REQ-404").status == 404


def request_context() -> RequestContext:
    ctx = RequestContext(http=HttpRequest("GET", "/", [], [], b"", {}), request_id="REQ-X", now=NOW, host_id="")
    ctx.params = {"Action": "DescribeVpcs", "Signature": "sig", "VpcName": "n"}
    ctx.action_name = "DescribeVpcs"
    return ctx


@pytest.mark.parametrize("token", [TOKEN, None])
def test_the_finalizer_records_only_with_the_admin_interface_on(token: str | None) -> None:
    rt = make_runtime(token)
    record(request_context(), HttpResponse(200, b'{"RequestId":"REQ-X"}', "application/json"), "", 0.001, rt)
    if token is None:
        assert rt.recent is None  # nothing kept, nothing to pay
    else:
        assert rt.recent is not None
        kept = rt.recent.get("REQ-X")
        assert kept is not None and kept.answer == '{"RequestId":"REQ-X"}'
        assert dict(kept.parameters)["Signature"] == "***" and kept.action == "DescribeVpcs"


# --- "Can it reach?" (docs/reachability.md: the console serves the same verdict as the admin interface) ---------


def test_the_reach_page_answers_with_the_hops() -> None:
    rt = make_runtime()
    add_world(rt)
    app = ConsoleApp(rt)
    reach = f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/{REGION}/reach"
    form = text(get(app, reach))
    assert '<select name="Source">' in form and "i-classic" in form and "REACHABLE" not in form
    # i-vpc is Stopped: "instances not Running are unreachable", and the page says which hop blocked it.
    answer = get(app, reach, query=[("Source", "i-classic"), ("Destination", "i-vpc"), ("Protocol", "tcp"),
                                     ("Port", "22")])  # fmt: skip
    page = text(answer)
    assert answer.status == 200 and "NOT REACHABLE: blocked by destination_running" in page
    assert "<td>destination_running</td>" in page


def test_the_reach_page_refuses_an_unknown_instance_as_a_bad_question() -> None:
    rt = make_runtime()
    add_world(rt)
    answer = get(ConsoleApp(rt), f"/accounts/{DEFAULT_ACCOUNT_ID}/regions/{REGION}/reach",
                 query=[("Source", "i-nosuch"), ("Destination", "i-vpc"), ("Protocol", "tcp"), ("Port", "22")])  # fmt: skip
    assert answer.status == 400 and "i-nosuch" in text(answer)
