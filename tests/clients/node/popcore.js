'use strict';
// @alicloud/pop-core RPCClient, one client per product as its README shows; --method GET (its default) or POST.
const RPCClient = require('@alicloud/pop-core').RPCClient;
const { settings, lifecycle, wrongSecret, main } = require('./lib/common');

const VERSIONS = { vpc: '2016-04-28', ecs: '2014-05-26' };

function popcoreApi(config, method) {
  const clients = {};
  for (const [product, apiVersion] of Object.entries(VERSIONS)) {
    clients[product] = new RPCClient({
      endpoint: `http://${config.endpoint}`,  // pop-core needs the scheme
      apiVersion,
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
    });
  }
  const api = {};
  for (const product of Object.keys(VERSIONS)) {
    api[product] = (action, params) => clients[product].request(action, params, { method, timeout: 10000 });
  }
  return api;
}

main(async () => {
  const config = settings({ method: ['POPCORE_METHOD', 'GET'] });
  const method = config.method.toUpperCase();
  const report = { client: `pop-core ${method}`, lifecycle: await lifecycle(popcoreApi(config, method), config.region) };
  const wrong = popcoreApi({ ...config, accessKeySecret: config.accessKeySecret + '-wrong' }, method);
  report.wrongSecret = {
    vpc: await wrongSecret(() => wrong.vpc('DescribeVpcs', { RegionId: config.region })),
    ecs: await wrongSecret(() => wrong.ecs('DescribeRegions', {})),
  };
  return report;
});
