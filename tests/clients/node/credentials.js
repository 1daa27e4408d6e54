'use strict';
// @alicloud/credentials handing its credential to the Tea clients (Config.credential), as its README shows.
// --type access_key: the static key. --type ram_role_arn: the key assumes --role-arn through STS AssumeRole,
// and the clients then sign with the temporary key and its SecurityToken.
const tls = require('tls');
const net = require('net');
const fs = require('fs');
const Credential = require('@alicloud/credentials');
const { teaApi } = require('./lib/tea');
const { settings, lifecycle, wrongSecret, describeError, main } = require('./lib/common');

// The ram_role_arn provider always speaks HTTPS to STS, so STS is reached through a TLS front on a free port
// that forwards bytes to the emulator; the caller makes Node trust its certificate (NODE_EXTRA_CA_CERTS).
async function tlsFront(endpoint, certFile, keyFile) {
  const [host, port] = endpoint.split(':');
  const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (socket) => {
    const upstream = net.connect(Number(port), host);
    socket.pipe(upstream).pipe(socket);
    const close = () => { socket.destroy(); upstream.destroy(); };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `127.0.0.1:${server.address().port}`;
}

function credential(s, secret, stsEndpoint) {
  const config = { type: s.type, accessKeyId: s.accessKeyId, accessKeySecret: secret };
  if (s.type === 'ram_role_arn') {
    Object.assign(config, { roleArn: s.roleArn, roleSessionName: 'node-credentials', stsEndpoint });
  } else if (s.type !== 'access_key') {
    throw new Error(`--type access_key or ram_role_arn, not ${s.type}`);
  }
  return new Credential.default(new Credential.Config(config));
}

function api(s, cred) {
  return teaApi({ credential: cred, regionId: s.region, endpoint: s.endpoint, protocol: 'http' });
}

main(async () => {
  const s = settings({
    type: ['CREDENTIALS_TYPE', 'access_key'],
    roleArn: ['ALIBABA_CLOUD_ROLE_ARN', null],
    stsTlsCert: ['STS_TLS_CERT', null],
    stsTlsKey: ['STS_TLS_KEY', null],
  });
  const stsEndpoint = s.type === 'ram_role_arn' ? await tlsFront(s.endpoint, s.stsTlsCert, s.stsTlsKey) : undefined;
  const report = { client: `credentials ${s.type}` };
  const cred = credential(s, s.accessKeySecret, stsEndpoint);
  try {
    const model = await cred.getCredential();
    report.credential = {
      type: model.type, accessKeyId: model.accessKeyId, hasSecurityToken: Boolean(model.securityToken),
    };
  } catch (err) {
    // The lifecycle cannot run without a credential: report why (e.g. AssumeRole refused).
    report.credential = { error: describeError(err) };
    report.lifecycle = { completed: false, failure: `getCredential failed: ${err.message}`, facts: {}, calls: [] };
    return report;
  }
  report.lifecycle = await lifecycle(api(s, cred), s.region);
  const wrong = credential(s, s.accessKeySecret + '-wrong', stsEndpoint);
  report.wrongSecret = { vpc: await wrongSecret(() => api(s, wrong).vpc('DescribeVpcs', { RegionId: s.region })) };
  return report;
});
