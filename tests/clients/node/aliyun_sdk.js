'use strict';
// aliyun-sdk (the old all-in-one JS SDK): its ALY.ECS client pointed at the emulator with the endpoint option.
// aliyun-sdk has no VPC client, so the VPC half of the lifecycle goes through @alicloud/pop-core.
// Its bundled ECS 2014-05-26 model predates ClassicLink: the three ClassicLink operations are added to the
// client's model in the model's own shape, so they too are built, signed and sent by aliyun-sdk itself.
const ALY = require('aliyun-sdk');
const RPCClient = require('@alicloud/pop-core').RPCClient;
const { settings, lifecycle, wrongSecret, main } = require('./lib/common');

const CLASSICLINK_OPERATIONS = {
  AttachClassicLinkVpc: ['RegionId', 'InstanceId', 'VpcId'],
  DetachClassicLinkVpc: ['RegionId', 'InstanceId', 'VpcId'],
  DescribeClassicLinkInstances: ['RegionId', 'InstanceId', 'VpcId', 'PageNumber', 'PageSize'],
};

function operationName(action) {
  return action[0].toLowerCase() + action.slice(1);
}

function ecsClient(config, secret) {
  const ecs = new ALY.ECS({
    accessKeyId: config.accessKeyId,
    secretAccessKey: secret,
    endpoint: `http://${config.endpoint}`,
    apiVersion: '2014-05-26',
  });
  for (const [action, members] of Object.entries(CLASSICLINK_OPERATIONS)) {
    const input = { Action: { required: true, default: action } };
    for (const member of members) input[member] = { type: member.startsWith('Page') ? 'integer' : 'string' };
    ecs.api.operations[operationName(action)] = {
      name: action, http: { method: 'POST', uri: '/' }, input: { type: 'structure', members: input },
    };
  }
  return (action, params) => new Promise((resolve, reject) => {
    ecs.makeRequest(operationName(action), { ...params }, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

function api(config, secret) {
  const vpc = new RPCClient({
    endpoint: `http://${config.endpoint}`, apiVersion: '2016-04-28',
    accessKeyId: config.accessKeyId, accessKeySecret: secret,
  });
  return {
    ecs: ecsClient(config, secret),
    vpc: (action, params) => vpc.request(action, params, { method: 'POST', timeout: 10000 }),
  };
}

main(async () => {
  const s = settings();
  const report = { client: 'aliyun-sdk ECS + pop-core VPC', lifecycle: await lifecycle(api(s, s.accessKeySecret), s.region) };
  const wrong = api(s, s.accessKeySecret + '-wrong');
  report.wrongSecret = { ecs: await wrongSecret(() => wrong.ecs('DescribeRegions', {})) };
  return report;
});
