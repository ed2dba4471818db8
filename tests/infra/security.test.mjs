// C21-C22: WAF web ACL rules and scope/provider, KMS rotation, secrets encryption, security groups.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, TF_ROOT, tfDirs, loadDir, evaluate, res, resources, exprText, rel } from './lib/hcl.mjs';
import { moduleScopes } from './lib/scopes.mjs';

const METRIC = /^[A-Za-z0-9_-]{1,128}$/;
const MANAGED = ['AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesBotControlRuleSet'];

const stmt = (rule) => rule.statement?.[0] || {};
const blockResponse = (rule) => rule.action?.[0]?.block?.[0]?.custom_response?.[0];

test('C21 web ACL: rate 100/60 s per IP (429), Brazil-only geo (403), managed rule sets, rule group, logging, scope/provider', async () => {
  let checked = 0;
  for (const env of ENVS) {
    for (const scope of await moduleScopes(env, 'security/waf')) {
      checked++;
      const acl = res(scope.model, 'aws_wafv2_web_acl', 'main');
      assert.ok(acl, 'aws_wafv2_web_acl.main missing');
      const rules = acl.rule || [];
      const prios = rules.map((r) => r.priority);
      assert.equal(new Set(prios).size, prios.length, 'rule priorities must be unique');

      const bodies = Object.fromEntries((acl.custom_response_body || []).map((b) => [b.key, b]));
      const rate = rules.filter((r) => stmt(r).rate_based_statement);
      assert.ok(rate.length >= 1, 'rate-based rule missing');
      const rs = stmt(rate[0]).rate_based_statement[0];
      assert.equal(evaluate(scope, rs.limit), 100, `${env}: rate limit`);
      assert.equal(evaluate(scope, rs.evaluation_window_sec), 60, `${env}: evaluation window`);
      assert.ok(['IP', 'FORWARDED_IP'].includes(rs.aggregate_key_type), 'aggregate key must be IP or FORWARDED_IP');
      const r429 = blockResponse(rate[0]);
      assert.equal(r429?.response_code, 429, 'rate rule must block with a custom 429');
      assert.ok(bodies[r429.custom_response_body_key], 'rate rule body key not declared');
      assert.match(bodies[r429.custom_response_body_key].content, /Rate limit exceeded/);

      const geo = rules.filter((r) => stmt(r).not_statement?.[0]?.statement?.[0]?.geo_match_statement);
      assert.equal(geo.length, 1, 'geo rule (not geo_match) missing');
      const codes = evaluate(scope, stmt(geo[0]).not_statement[0].statement[0].geo_match_statement[0].country_codes);
      assert.deepEqual(codes, ['BR'], `${env}: geo rule must allow only BR`);
      const r403 = blockResponse(geo[0]);
      assert.equal(r403?.response_code, 403, 'geo rule must block with a custom 403');
      assert.match(bodies[r403.custom_response_body_key]?.content || '', /Access not available in your region/);

      const managed = rules.map((r) => stmt(r).managed_rule_group_statement?.[0]?.name).filter(Boolean);
      for (const n of MANAGED) assert.ok(managed.includes(n), `managed rule group ${n} missing`);

      const names = [evaluate(scope, acl.visibility_config[0].metric_name), ...rules.map((r) => evaluate(scope, r.visibility_config[0].metric_name))];
      for (const n of names) assert.match(n, METRIC, `metric name "${n}"`);

      const rg = res(scope.model, 'aws_wafv2_rule_group', 'custom');
      assert.ok(rg, 'aws_wafv2_rule_group.custom missing');
      const refRule = rules.find((r) => stmt(r).rule_group_reference_statement);
      assert.equal(exprText(stmt(refRule || {}).rule_group_reference_statement?.[0]?.arn), 'aws_wafv2_rule_group.custom.arn', 'the rule group must be referenced by the web ACL');
      const rgBodies = (rg.custom_response_body || []).map((b) => b.content).join('\n');
      assert.match(rgBodies, /Request blocked by security policy/);
      for (const r of rg.rule || []) {
        const key = blockResponse(r)?.custom_response_body_key;
        assert.ok(key && (rg.custom_response_body || []).some((b) => b.key === key), `rule group rule ${r.name} must answer with its own body`);
        assert.match(evaluate(scope, r.visibility_config[0].metric_name), METRIC);
      }

      const lg = res(scope.model, 'aws_cloudwatch_log_group', 'waf');
      assert.ok(String(evaluate(scope, lg.name)).startsWith('aws-waf-logs-'), 'WAF log group name must start with aws-waf-logs-');
      const logging = res(scope.model, 'aws_wafv2_web_acl_logging_configuration', 'main');
      assert.ok(logging, 'WAF logging configuration missing');
      const redacted = JSON.stringify(logging.redacted_fields || []);
      assert.ok(redacted.includes('authorization') && redacted.includes('cookie'), 'logging must redact authorization and cookie');

      // Scope and provider: a CLOUDFRONT ACL is managed through the us-east-1 provider.
      const aclScope = evaluate(scope, acl.scope);
      const providers = scope.call.providers || {};
      if (aclScope === 'CLOUDFRONT') {
        assert.equal(providers.aws, '${aws.us_east_1}', `${env}: CLOUDFRONT web ACL must use provider aws.us_east_1`);
        assert.equal(scope.parent.call.providers?.['aws.us_east_1'], '${aws.us_east_1}', 'root must pass aws.us_east_1 to security');
      } else {
        assert.equal(providers.aws, '${aws}', `${env}: REGIONAL web ACL uses the default provider`);
      }
    }
  }
  assert.equal(checked, 2, 'expected one web ACL in staging and one in production');
  // The REGIONAL ACL is associated with the ALB; the CLOUDFRONT one is set on the distribution.
  const root = await loadDir(TF_ROOT);
  assert.ok(res(root, 'aws_wafv2_web_acl_association', 'alb'), 'REGIONAL association with the ALB missing');
  assert.equal(exprText(root.module.cdn[0].web_acl_arn), 'module.security.web_acl_arn', 'CDN must receive the web ACL');
});

test('C22 KMS rotation, secrets encrypted with a CMK, 5432/6379 only from the app SG, app SG only from the ALB SG', async () => {
  let keys = 0;
  let secrets = 0;
  const ingress = [];
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    for (const { name, body } of resources(m, 'aws_kms_key')) {
      keys++;
      assert.equal(body.enable_key_rotation, true, `${rel(dir)}: aws_kms_key.${name} rotation`);
    }
    for (const { name, body } of resources(m, 'aws_secretsmanager_secret')) {
      secrets++;
      assert.ok(body.kms_key_id, `${rel(dir)}: aws_secretsmanager_secret.${name} needs kms_key_id`);
    }
    for (const { name, body } of resources(m, 'aws_security_group')) {
      assert.ok(!body.ingress, `${rel(dir)}: aws_security_group.${name} uses inline ingress (use rule resources)`);
    }
    for (const { name, body } of resources(m, 'aws_vpc_security_group_ingress_rule')) ingress.push({ dir, name, body });
    for (const { name, body } of resources(m, 'aws_security_group_rule')) if (body.type === 'ingress') ingress.push({ dir, name, body });
  }
  assert.ok(keys >= 5, `expected >= 5 KMS keys, found ${keys}`);
  assert.ok(secrets >= 4, `expected >= 4 secrets (app, datadog, db, redis), found ${secrets}`);

  for (const port of [5432, 6379]) {
    const rules = ingress.filter((r) => r.body.from_port === port || r.body.to_port === port);
    assert.ok(rules.length >= 1, `no ingress rule on ${port}`);
    for (const r of rules) {
      assert.equal(exprText(r.body.referenced_security_group_id ?? r.body.source_security_group_id), 'var.app_security_group_id', `${rel(r.dir)}: ${r.name} on ${port} must come from the app SG`);
      for (const k of ['cidr_ipv4', 'cidr_ipv6', 'cidr_blocks', 'prefix_list_id']) assert.ok(!(k in r.body), `${rel(r.dir)}: ${r.name} on ${port} must not use ${k}`);
    }
  }
  const appRules = ingress.filter((r) => exprText(r.body.security_group_id) === 'aws_security_group.app.id');
  assert.ok(appRules.length >= 1, 'app SG has no ingress rule');
  for (const r of appRules) {
    assert.equal(exprText(r.body.referenced_security_group_id), 'aws_security_group.alb.id', `${r.name}: app SG ingress only from the ALB SG`);
    assert.equal(exprText(r.body.from_port), 'var.container_port', `${r.name}: app SG ingress only on the container port`);
    assert.equal(exprText(r.body.to_port), 'var.container_port', `${r.name}: app SG ingress only on the container port`);
  }
});
