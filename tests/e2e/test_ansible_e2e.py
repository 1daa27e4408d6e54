"""The Ansible ``ali_*`` modules (ansible-core 2.19 + ansible_alicloud 1.20.0, on footmark), unchanged, run
with ``ansible-playbook`` against a real server.

ansible_alicloud installs its modules into ansible-core's own tree (``ansible/modules/cloud/alicloud``,
``ansible/module_utils/alicloud_ecs.py``), where ansible-core finds them as ``ansible.builtin.ali_*``; no
collection, no galaxy. The modules have no endpoint option and aliyunsdkcore none in the environment, but
it sends plain HTTP by default and honours ``HTTP_PROXY``: pointed at the emulator, every call the modules
make arrives there (docs/clients/footmark-ansible.md). Credentials and region come from the modules'
documented ``ALICLOUD_*`` variables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aliyunsdkecs.request.v20140526.DescribeInstancesRequest import DescribeInstancesRequest
from aliyunsdkecs.request.v20140526.DescribeSecurityGroupsRequest import DescribeSecurityGroupsRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcsRequest import DescribeVpcsRequest
from aliyunsdkvpc.request.v20160428.DescribeVSwitchesRequest import DescribeVSwitchesRequest

from support import raw
from support.sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, Api
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

PLAYBOOKS = Path(__file__).parent / "ansible"
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"


def run_playbook(server: ServerProcess, playbook: str, tmp_path: Path, secret: str = ACCESS_KEY_SECRET,
                 *extra: str) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("ANSIBLE_", "ALICLOUD_", "NO_PROXY"))}
    env.update(
        HTTP_PROXY=f"http://{server.endpoint}",
        ALICLOUD_ACCESS_KEY=ACCESS_KEY_ID,
        ALICLOUD_SECRET_KEY=secret,
        ALICLOUD_REGION=REGION,
        # Quick and self-contained: no facts, no retry files, state under tmp_path, modules piped in.
        ANSIBLE_HOME=str(tmp_path / "ansible-home"),
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"),
        ANSIBLE_GATHERING="explicit",
        ANSIBLE_PIPELINING="True",
        ANSIBLE_RETRY_FILES_ENABLED="False",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
    )
    cmd = [str(ANSIBLE_PLAYBOOK), "-i", "localhost,", str(PLAYBOOKS / playbook), *extra]
    return subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def own_server(make_server: Callable[..., ServerProcess]) -> ServerProcess:
    # A server of its own: ali_vpc and ali_vswitch look for existing resources in the first page of an
    # unfiltered list, which other tests' resources on the shared server could crowd.
    return make_server("--transition-delay", "0")


def listed(client: Api, request: Any, key: str, item: str) -> list[dict[str, Any]]:
    request.set_PageSize(50)
    return list(client.call(request)[key][item])


def test_playbook_creates_is_idempotent_reads_and_tears_down(own_server: ServerProcess, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    run = run_playbook(own_server, "site.yml", tmp_path, ACCESS_KEY_SECRET, "-e", f"result_file={out}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "failed=0" in run.stdout
    results = json.loads(out.read_text())
    first, second = results["first"], results["second"]

    vpc = first["vpc"]["vpc"]
    assert vpc["id"].startswith("vpc-")
    assert (vpc["vpc_name"], vpc["cidr_block"], vpc["description"], vpc["state"]) == (
        "ansible-vpc", "172.16.0.0/12", "made by ansible", "available")  # fmt: skip
    vswitch = first["vswitch"]["vswitch"]
    assert (vswitch["vpc_id"], vswitch["cidr_block"], vswitch["zone_id"], vswitch["vswitch_name"]) == (
        vpc["id"], "172.16.1.0/24", "cn-hangzhou-h", "ansible-vsw")  # fmt: skip
    group = first["group"]["group"]
    assert (group["vpc_id"], group["group_name"], group["description"]) == (vpc["id"], "ansible-sg", "made by ansible")
    [instance] = first["instance"]["instances"]
    assert instance["status"] == "running"  # footmark's run_instances waits for Running
    assert (instance["vpc_id"], instance["vswitch_id"], instance["instance_name"], instance["host_name"]) == (
        vpc["id"], vswitch["id"], "ansible-instance", "ansible-host")  # fmt: skip
    assert instance["tags"] == {"Name": "ansible-instance"}

    # Every module created its resource once; the second pass found each one and changed nothing.
    for name in ("vpc", "vswitch", "group", "instance"):
        assert (first[name]["changed"], second[name]["changed"]) == (True, False), name
    assert second["vpc"]["vpc"]["id"] == vpc["id"]
    assert second["vswitch"]["vswitch"]["id"] == vswitch["id"]
    assert second["group"]["group"]["id"] == group["id"]
    assert [i["id"] for i in second["instance"]["instances"]] == [instance["id"]]

    info = results["info"]
    assert (info["changed"], info["ids"]) == (False, [instance["id"]])
    [seen] = info["instances"]
    assert (seen["id"], seen["status"], seen["vswitch_id"]) == (instance["id"], "running", vswitch["id"])
    assert [d["status"] for d in seen["block_device_mappings"]] == ["in_use"]  # the system disk

    # state: absent removed each one; removing the VPC again is a no-op.
    assert {k: v["changed"] for k, v in results["absent"].items()} == {
        "instance": True, "group": True, "vswitch": True, "vpc": True, "vpc_again": False}  # fmt: skip
    client = Api("legacy", own_server.endpoint)
    assert listed(client, DescribeVpcsRequest(), "Vpcs", "Vpc") == []
    assert listed(client, DescribeVSwitchesRequest(), "VSwitches", "VSwitch") == []
    assert listed(client, DescribeSecurityGroupsRequest(), "SecurityGroups", "SecurityGroup") == []
    assert listed(client, DescribeInstancesRequest(), "Instances", "Instance") == []


def test_a_wrong_secret_fails_the_play(own_server: ServerProcess, tmp_path: Path) -> None:
    run = run_playbook(own_server, "wrong_secret.yml", tmp_path, "not-the-secret")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "failed=1" in run.stdout
    # The server answered 400 SignatureDoesNotMatch with the client's own string-to-sign; aliyunsdkcore
    # turns exactly that into InvalidAccessKeySecret (sdk-wire §5), which is what the module reports.
    assert "HTTP Status: 400 Error:InvalidAccessKeySecret The AccessKeySecret is incorrect." in run.stdout
    assert listed(Api("legacy", own_server.endpoint), DescribeVpcsRequest(), "Vpcs", "Vpc") == []


@pytest.mark.parametrize("parser", ["h11", "httptools"])
def test_a_proxy_form_request_is_served(make_server: Callable[..., ServerProcess], parser: str) -> None:
    """What aliyunsdkcore sends through HTTP_PROXY: an absolute URI naming the real host, Host to match."""
    proxy = make_server("--transition-delay", "0", "--http", parser)
    params = raw.signed("POST", {"Action": "DescribeVpcs", "Version": raw.VPC, "Format": "JSON",
                                 "RegionId": REGION})  # fmt: skip
    target = "http://vpc.aliyuncs.com/?" + raw.query_string(params)
    answer = raw.exchange(proxy.port, raw.request_bytes("POST", target, {"Host": "vpc.aliyuncs.com"}))
    assert answer.status == 200, answer.body
    assert json.loads(answer.body)["Vpcs"] == {"Vpc": []}
