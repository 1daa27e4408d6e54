"""The web console in a real browser (headless chromium through Playwright) against a real server.

Log in with the admin token, watch the topology draw a ClassicLink link made through the legacy SDK and
lose it again, live, after DetachClassicLinkVpc; open resource pages; filter the request log by action
and by error code and open an answer. Screenshots go to the test's tmp_path (and $CLASSICLINK_SCREENSHOTS).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from classiclink.testing import TestAccount, ThreadedServer
from support.sdk import Api

pytestmark = pytest.mark.e2e

TOKEN = "console-browser-token"
REGION = "cn-hangzhou"
# Playwright waits for a condition up to this long; the page polls every second.
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    with ThreadedServer(admin_token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
def account(server: ThreadedServer) -> TestAccount:
    return server.create_account("console-e2e")


@pytest.fixture
def page(chromium_browser: Any) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def console(server: ThreadedServer, path: str = "") -> str:
    return f"{server.url}_classiclink/console/{path}"


def log_in(page: Any, server: ThreadedServer) -> None:
    response = page.goto(console(server))
    assert response.status == 401 and page.locator("h1").inner_text() == "Log in"
    page.fill("#token", TOKEN)
    page.click("form.login button")
    page.wait_for_selector("svg.topology, #topology")


def build_link(api: Api) -> dict[str, str]:
    vpc = api.call("CreateVpc", CidrBlock="172.16.0.0/16", VpcName="console-vpc")["VpcId"]
    vswitch = api.call("CreateVSwitch", VpcId=vpc, ZoneId="cn-hangzhou-i", CidrBlock="172.16.1.0/24",
                       VSwitchName="console-vsw")["VSwitchId"]  # fmt: skip
    api.call("EnableVpcClassicLink", VpcId=vpc)
    classic_group = api.call("CreateSecurityGroup", SecurityGroupName="classic-sg")["SecurityGroupId"]
    instance = api.call("CreateInstance", InstanceType="ecs.g6.large", ImageId="ubuntu_22_04_x64_20G_alibase_20230907.vhd",
                        SecurityGroupId=classic_group, InstanceName="classic-web")["InstanceId"]  # fmt: skip
    api.call("StartInstance", InstanceId=instance)
    api.call("AttachClassicLinkVpc", InstanceId=instance, VpcId=vpc)
    return {"vpc": vpc, "vswitch": vswitch, "instance": instance, "group": classic_group}


def test_log_in_see_a_link_live_open_pages_and_filter_requests(
    server: ThreadedServer, account: TestAccount, page: Any, screenshots: Any
) -> None:
    # A wrong token is refused with the login page again (401), never the data.
    page.goto(console(server))
    page.fill("#token", "not-the-token")
    with page.expect_response(lambda r: r.url.endswith("/login")) as refused:
        page.click("form.login button")
    assert refused.value.status == 401
    assert "not valid" in page.locator(".error").inner_text()
    log_in(page, server)
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["classiclink_console"]
    assert session["httpOnly"] and session["sameSite"] == "Strict" and TOKEN not in session["value"]

    # Pick the test's account: the picker submits itself.
    page.select_option("#account-picker", account.account_id)
    page.wait_for_url(f"**/accounts/{account.account_id}/regions/{REGION}/")
    assert "No VPCs and no classic instances" in page.locator("#topology").inner_text()
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    api = Api("legacy", server.endpoint, account.access_key_id, account.access_key_secret)
    made = build_link(api)
    # The picture updates without a reload: the VPC (ClassicLink enabled), its vSwitch, the running classic
    # instance and an arrow from the instance to the VPC.
    arrow = f'svg.topology g.link[data-instance="{made["instance"]}"][data-vpc="{made["vpc"]}"]'
    page.wait_for_selector(arrow)
    assert page.evaluate("window.__sameDocument") is True
    vpc_box = page.locator(f'svg.topology g.vpc[data-id="{made["vpc"]}"]')
    assert vpc_box.get_attribute("data-classiclink") == "enabled"
    assert vpc_box.get_attribute("data-status") == "Available"  # transition_delay 0 in tests: at once
    assert "172.16.0.0/16" in vpc_box.text_content()
    assert page.locator(f'svg.topology g.vswitch[data-id="{made["vswitch"]}"]').count() == 1
    classic = page.locator(f'svg.topology g.classic-instance[data-id="{made["instance"]}"]')
    assert classic.get_attribute("data-status") == "Running"
    assert page.locator("table.links tbody tr").count() == 1
    screenshots.take(page, "topology-linked")

    # DetachClassicLinkVpc: the arrow goes, still without a reload.
    api.call("DetachClassicLinkVpc", InstanceId=made["instance"], VpcId=made["vpc"])
    page.wait_for_selector(arrow, state="detached")
    assert page.evaluate("window.__sameDocument") is True
    assert "No ClassicLink links." in page.locator("#topology").inner_text()
    screenshots.take(page, "topology-detached")

    # Resource pages: the VPC's, reached from the picture, lists its vSwitch; the vSwitch links back.
    page.click(f'svg.topology g.vpc[data-id="{made["vpc"]}"]')
    page.wait_for_url(f"**/vpcs/{made['vpc']}")
    fields = page.locator("table.fields").inner_text()
    assert "classic_link_enabled" in fields and "console-vpc" in fields
    page.click(f'table.vswitches a:text("{made["vswitch"]}")')
    page.wait_for_url(f"**/vswitches/{made['vswitch']}")
    assert "172.16.1.0/24" in page.locator("table.fields").inner_text()
    screenshots.take(page, "vswitch-page")
    page.click(f'table.fields a:text("{made["vpc"]}")')
    page.wait_for_url(f"**/vpcs/{made['vpc']}")
    page.goto(console(server, f"accounts/{account.account_id}/instances/{made['instance']}"))
    page.click(f'table.fields a:text("{made["group"]}")')
    page.wait_for_url(f"**/security-groups/{made['group']}")
    assert page.locator("h2", has_text="Rules").count() == 1
    assert made["instance"] in page.locator("table.instances").inner_text()  # the group's member
    screenshots.take(page, "security-group-page")

    # The request log: a refused call, then filters by action and by error code, then its full answer.
    missing = api.fail("DescribeVpcAttribute", VpcId="vpc-doesnotexist00000000")
    assert missing.code == "InvalidVpcId.NotFound"
    page.click("nav a:text('Requests')")
    page.wait_for_url("**/requests")
    page.select_option("#filter-action", "AttachClassicLinkVpc")
    page.wait_for_url("**/requests?action=AttachClassicLinkVpc&*")
    rows = page.locator("table.requests tbody tr")
    assert rows.count() == 1 and "AttachClassicLinkVpc" in rows.first.inner_text()
    screenshots.take(page, "requests-by-action")
    page.goto(console(server, "requests"))
    page.select_option("#filter-code", "InvalidVpcId.NotFound")
    page.wait_for_url("**/requests?*code=InvalidVpcId.NotFound*")
    rows = page.locator("table.requests tbody tr")
    assert rows.count() == 1 and "404" in rows.first.inner_text()
    rows.first.locator("a").click()
    page.wait_for_url(f"**/requests/{missing.request_id}")
    answer = page.locator("#answer").inner_text()
    assert '"Code": "InvalidVpcId.NotFound"' in answer and missing.request_id in answer
    assert page.locator("table.parameters").inner_text().count("***") >= 1  # the Signature, masked
    screenshots.take(page, "request-answer")

    # Logging out (a form with its CSRF token) ends the session.
    page.click("form.logout button")
    page.wait_for_url("**/login")
    assert page.goto(console(server, "requests")).status == 401
    assert len(screenshots.taken) == 6 and all(p.stat().st_size > 0 for p in screenshots.taken)
