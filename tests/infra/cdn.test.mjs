// C26: CloudFront distribution of production.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, res, exprText, TF_ROOT, loadDir } from './lib/hcl.mjs';
import { moduleScope, moduleScopes } from './lib/scopes.mjs';

test('C26 production distribution: WAF, HTTPS only, TLSv1.2_2021, origin secret header, PriceClass_All, BNCC cache policy', async () => {
  assert.equal((await moduleScopes('dev', 'cdn')).length, 0, 'no CloudFront in dev');
  assert.equal((await moduleScopes('staging', 'cdn')).length, 0, 'no CloudFront in staging');
  const s = await moduleScope('production', 'cdn');
  const d = res(s.model, 'aws_cloudfront_distribution', 'main');
  assert.ok(d, 'aws_cloudfront_distribution.main missing');
  assert.equal(exprText(d.web_acl_id), 'var.web_acl_arn', 'web_acl_id must be the web ACL');
  const root = await loadDir(TF_ROOT);
  assert.equal(exprText(root.module.cdn[0].web_acl_arn), 'module.security.web_acl_arn', 'root wires the WAF ARN');
  assert.equal(evaluate(s, d.price_class), 'PriceClass_All');
  const behaviours = [...d.default_cache_behavior, ...(d.ordered_cache_behavior || [])];
  for (const b of behaviours) assert.equal(b.viewer_protocol_policy, 'redirect-to-https', `${b.path_pattern || 'default'}: viewer protocol`);
  assert.equal(d.viewer_certificate[0].minimum_protocol_version, 'TLSv1.2_2021');
  const origin = d.origin[0];
  assert.equal(origin.custom_origin_config[0].origin_protocol_policy, 'https-only');
  assert.ok((origin.custom_header || []).some((h) => h.name === 'X-Origin-Verify' && exprText(h.value)), 'X-Origin-Verify header missing');
  const bncc = (d.ordered_cache_behavior || []).find((b) => b.path_pattern === '/api/v1/bncc/*');
  assert.ok(bncc, 'ordered behaviour /api/v1/bncc/* missing');
  const policyRef = /^aws_cloudfront_cache_policy\.([a-z_]+)\.id$/.exec(exprText(bncc.cache_policy_id) || '');
  assert.ok(policyRef, '/api/v1/bncc/* must use a custom cache policy');
  const policy = res(s.model, 'aws_cloudfront_cache_policy', policyRef[1]);
  const qs = policy.parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0];
  assert.equal(qs.query_string_behavior, 'all', 'BNCC cache key must include all query strings');
});
