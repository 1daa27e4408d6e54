'use strict';
// The Tea SDKs with the default V3 signature (ACS3-HMAC-SHA256) or --signature v2 (V1, HMAC-SHA1).
const { teaApi } = require('./lib/tea');
const { settings, lifecycle, wrongSecret, main } = require('./lib/common');

function config(settings, secret) {
  const out = {
    accessKeyId: settings.accessKeyId,
    accessKeySecret: secret,
    regionId: settings.region,
    endpoint: settings.endpoint,
    protocol: 'http',  // the product clients default to HTTPS
  };
  if (settings.signature === 'v2') out.signatureAlgorithm = 'v2';
  else if (settings.signature !== 'v3') throw new Error(`--signature v3 or v2, not ${settings.signature}`);
  return out;
}

main(async () => {
  const s = settings({ signature: ['TEA_SIGNATURE', 'v3'] });
  const report = { client: `tea ${s.signature}`, lifecycle: await lifecycle(teaApi(config(s, s.accessKeySecret)), s.region) };
  const wrong = teaApi(config(s, s.accessKeySecret + '-wrong'));
  report.wrongSecret = {
    vpc: await wrongSecret(() => wrong.vpc('DescribeVpcs', { RegionId: s.region })),
    ecs: await wrongSecret(() => wrong.ecs('DescribeRegions', {})),
  };
  return report;
});
