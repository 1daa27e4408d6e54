'use strict';
// Shared by the client scripts: settings from argv/env, the ClassicLink lifecycle, and one JSON report on stdout.
// Each script supplies an adapter { vpc(action, params), ecs(action, params) } built on its own SDK; params and
// answers use the API's PascalCase names so the lifecycle reads the same for every SDK.

const INSTANCE_TYPE = 'ecs.t1.small';
const IMAGE_ID = 'centos_7_9_x64_20G_alibase_20230718.vhd';

// --endpoint / CLASSICLINK_ENDPOINT etc.; flags win over the environment. extra: { name: [ENV, fallback] },
// the flag being the name in kebab case; a null fallback makes the setting optional.
function settings(extra = {}) {
  const flags = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) usage(`unexpected argument ${argv[i]}`);
    flags[match[1]] = match[2] !== undefined ? match[2] : argv[++i];
  }
  const pick = (flag, env, fallback) => flags[flag] || process.env[env] || fallback;
  const out = {
    endpoint: pick('endpoint', 'CLASSICLINK_ENDPOINT'),
    accessKeyId: pick('access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID'),
    accessKeySecret: pick('access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'),
    region: pick('region', 'ALIBABA_CLOUD_REGION_ID', 'cn-hangzhou'),
  };
  for (const [name, [env, fallback]] of Object.entries(extra)) {
    out[name] = pick(name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), env, fallback);
  }
  for (const [name, value] of Object.entries(out)) {
    if (value === undefined) usage(`missing ${name}`);
  }
  out.endpoint = out.endpoint.replace(/^https?:\/\//, '').replace(/\/$/, '');  // host:port
  return out;
}

function usage(why) {
  process.stderr.write(`${why}\nusage: node ${require('path').basename(process.argv[1])} --endpoint HOST:PORT ` +
    '--access-key-id ID --access-key-secret SECRET [--region cn-hangzhou] (or CLASSICLINK_ENDPOINT, ' +
    'ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_REGION_ID)\n');
  process.exit(2);
}

// The SDKs' errors differ in shape; keep what each exposes. status is null where the SDK drops it (pop-core).
function describeError(err) {
  // Tea: statusCode (and data.statusCode); aliyun-sdk: statusCode; pop-core: entry.response.statusCode.
  const status = err.statusCode !== undefined ? err.statusCode
    : err.data && err.data.statusCode !== undefined ? err.data.statusCode
      : err.entry && err.entry.response ? err.entry.response.statusCode : undefined;
  const data = err.data || {};
  return {
    code: err.code !== undefined ? String(err.code) : null,
    status: status === undefined ? null : Number(status),
    message: data.Message !== undefined ? data.Message : (err.message || null),
    requestId: data.RequestId || err.requestId || null,
    name: err.name || null,
  };
}

class StepFailed extends Error {}

// Runs the lifecycle, recording every call; returns the report the pytest side asserts on.
async function lifecycle(api, region) {
  const calls = [];
  const facts = {};
  async function call(product, action, params) {
    try {
      const body = await api[product](action, params);
      calls.push({ product, action, ok: true, requestId: body.RequestId || null });
      return body;
    } catch (err) {
      const error = describeError(err);
      calls.push({ product, action, ok: false, error });
      throw new StepFailed(`${action} failed: ${JSON.stringify(error)}`);
    }
  }
  // A call the service must refuse: its error is the fact; a success is recorded (and fails the test).
  async function refused(product, action, params) {
    try {
      const body = await api[product](action, params);
      calls.push({ product, action, ok: true, requestId: body.RequestId || null });
      return { unexpectedSuccess: body };
    } catch (err) {
      const error = describeError(err);
      calls.push({ product, action, ok: false, error, expected: true });
      return error;
    }
  }
  async function waitFor(what, probe) {
    const deadline = Date.now() + 10000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new StepFailed(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const instanceStatus = async (instanceId) => {
    const body = await call('ecs', 'DescribeInstances', { RegionId: region, InstanceIds: JSON.stringify([instanceId]) });
    const [instance] = body.Instances.Instance;
    return instance;
  };
  const classicLinkEnabled = async (vpcId) =>
    (await call('vpc', 'DescribeVpcAttribute', { RegionId: region, VpcId: vpcId })).ClassicLinkEnabled;
  const links = async (vpcId) =>
    (await call('ecs', 'DescribeClassicLinkInstances', { RegionId: region, VpcId: vpcId })).Links.Link
      .map((link) => ({ InstanceId: link.InstanceId, VpcId: link.VpcId }));

  try {
    const zones = await call('ecs', 'DescribeZones', { RegionId: region });
    const zoneId = facts.zoneId = zones.Zones.Zone[0].ZoneId;

    const vpcId = facts.vpcId = (await call('vpc', 'CreateVpc',
      { RegionId: region, CidrBlock: '172.16.0.0/12', VpcName: 'node-client' })).VpcId;
    await waitFor('VPC Available', async () => {
      const body = await call('vpc', 'DescribeVpcs', { RegionId: region, VpcId: vpcId });
      return body.Vpcs.Vpc.length === 1 && body.Vpcs.Vpc[0].Status === 'Available';
    });
    await call('vpc', 'EnableVpcClassicLink', { RegionId: region, VpcId: vpcId });
    facts.enabledAfterEnable = await classicLinkEnabled(vpcId);

    // Classic network: a group without VpcId and an instance without VSwitchId.
    const groupId = facts.securityGroupId = (await call('ecs', 'CreateSecurityGroup',
      { RegionId: region, SecurityGroupName: 'node-classic' })).SecurityGroupId;
    const instanceId = facts.instanceId = (await call('ecs', 'CreateInstance', {
      RegionId: region, ZoneId: zoneId, InstanceType: INSTANCE_TYPE, ImageId: IMAGE_ID, SecurityGroupId: groupId,
      InstanceName: 'node-classic',
    })).InstanceId;
    const created = await waitFor('instance Stopped', async () => {
      const instance = await instanceStatus(instanceId);
      return instance.Status === 'Stopped' && instance;
    });
    facts.networkType = created.InstanceNetworkType;
    facts.instanceZoneId = created.ZoneId;
    await call('ecs', 'StartInstance', { InstanceId: instanceId });
    await waitFor('instance Running', async () => (await instanceStatus(instanceId)).Status === 'Running');
    facts.running = true;

    await call('ecs', 'AttachClassicLinkVpc', { RegionId: region, InstanceId: instanceId, VpcId: vpcId });
    facts.linksAfterAttach = await links(vpcId);
    facts.disableWhileLinked = await refused('vpc', 'DisableVpcClassicLink', { RegionId: region, VpcId: vpcId });
    facts.enabledAfterRefusal = await classicLinkEnabled(vpcId);

    await call('ecs', 'DetachClassicLinkVpc', { RegionId: region, InstanceId: instanceId, VpcId: vpcId });
    facts.linksAfterDetach = await links(vpcId);
    await call('vpc', 'DisableVpcClassicLink', { RegionId: region, VpcId: vpcId });
    facts.enabledAfterDisable = await classicLinkEnabled(vpcId);

    await call('ecs', 'DeleteInstance', { InstanceId: instanceId, Force: true });
    facts.instancesAfterDelete = (await call('ecs', 'DescribeInstances',
      { RegionId: region, InstanceIds: JSON.stringify([instanceId]) })).Instances.Instance.length;
    await call('ecs', 'DeleteSecurityGroup', { RegionId: region, SecurityGroupId: groupId });
    await call('vpc', 'DeleteVpc', { RegionId: region, VpcId: vpcId });
    facts.vpcsAfterDelete = (await call('vpc', 'DescribeVpcs', { RegionId: region, VpcId: vpcId })).Vpcs.Vpc.length;
    return { completed: true, facts, calls };
  } catch (err) {
    if (!(err instanceof StepFailed)) throw err;
    return { completed: false, failure: err.message, facts, calls };
  }
}

// Runs one call expected to be refused for a bad signature and records its error.
async function wrongSecret(callWithWrongSecret) {
  try {
    const body = await callWithWrongSecret();
    return { unexpectedSuccess: body };
  } catch (err) {
    return describeError(err);
  }
}

// One JSON document on stdout; exit 1 if the lifecycle did not complete, so pytest shows it either way.
async function main(run) {
  try {
    const report = await run();
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exit(report.lifecycle && report.lifecycle.completed === false ? 1 : 0);
  } catch (err) {
    process.stdout.write(JSON.stringify({ crashed: String((err && err.stack) || err) }) + '\n');
    process.exit(3);
  }
}

module.exports = { settings, lifecycle, wrongSecret, describeError, main };
