'use strict';
// The Tea (Darabonba) product clients @alicloud/vpc20160428 and @alicloud/ecs20140526 on @alicloud/openapi-core,
// called through their typed methods and request models, as their users call them.
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const Vpc = require('@alicloud/vpc20160428');
const Ecs = require('@alicloud/ecs20140526');

const MODULES = { vpc: Vpc, ecs: Ecs };

// config: the Config fields (endpoint, protocol, keys or credential, signatureAlgorithm).
function teaApi(config) {
  const api = {};
  for (const [product, module] of Object.entries(MODULES)) {
    const client = new module.default(new $OpenApiUtil.Config(config));
    api[product] = async (action, params) => {
      const Request = module[`${action}Request`];
      // The model's own wire names (names()) map our PascalCase parameters onto its camelCase fields.
      const fields = {};
      const wire = Object.fromEntries(Object.entries(Request.names()).map(([field, name]) => [name, field]));
      for (const [name, value] of Object.entries(params)) {
        if (!(name in wire)) throw new Error(`${action}Request has no ${name}`);
        fields[wire[name]] = value;
      }
      const method = action[0].toLowerCase() + action.slice(1);
      const response = await client[method](new Request(fields));
      return response.body.toMap();
    };
  }
  return api;
}

module.exports = { teaApi };
