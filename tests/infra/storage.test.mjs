// C23: buckets, public access blocks, SSE-KMS, TLS-only policies, versioning, lifecycle, CORS.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, evaluate, res, resources, exprText } from './lib/hcl.mjs';
import { moduleScope } from './lib/scopes.mjs';

const PURPOSES = { uploads: 'uploads', exports: 'exports', 'ml-models': 'ml_models', 'bncc-data': 'bncc_data' };

// Which purposes a bucket-scoped resource covers: one bucket, or for_each over local.buckets.
function covered(m, body) {
  const b = exprText(body.bucket);
  const direct = /^aws_s3_bucket\.([a-z_]+)\.(id|bucket)$/.exec(b || '');
  if (direct) return Object.keys(PURPOSES).filter((p) => PURPOSES[p] === direct[1]);
  if (b === 'each.value.id' && exprText(body.for_each) === 'local.buckets') {
    const map = m.locals.buckets;
    return Object.keys(PURPOSES).filter((p) => exprText(map[p]) === `aws_s3_bucket.${PURPOSES[p]}`);
  }
  return [];
}

function byPurpose(m, type) {
  const out = {};
  for (const { name, body } of resources(m, type)) for (const p of covered(m, body)) out[p] = { name, body };
  return out;
}

test('C23 buckets: names, public access blocked, SSE-KMS, TLS-only, versioning, lifecycle days, CORS', async () => {
  for (const env of ENVS) {
    const s = await moduleScope(env, 'storage');
    const m = s.model;
    for (const [purpose, resName] of Object.entries(PURPOSES)) {
      const b = res(m, 'aws_s3_bucket', resName);
      assert.ok(b, `aws_s3_bucket.${resName} missing`);
      assert.equal(evaluate(s, b.bucket), `eduautismo-${env}-${purpose}`, `${env}: ${purpose} bucket name`);
    }
    const pab = byPurpose(m, 'aws_s3_bucket_public_access_block');
    const sse = byPurpose(m, 'aws_s3_bucket_server_side_encryption_configuration');
    const pol = byPurpose(m, 'aws_s3_bucket_policy');
    for (const purpose of Object.keys(PURPOSES)) {
      assert.ok(pab[purpose], `${purpose}: public access block missing`);
      for (const k of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
        assert.equal(pab[purpose].body[k], true, `${purpose}: ${k}`);
      }
      assert.ok(sse[purpose], `${purpose}: SSE configuration missing`);
      const rule = sse[purpose].body.rule[0];
      assert.equal(rule.apply_server_side_encryption_by_default[0].sse_algorithm, 'aws:kms', `${purpose}: SSE must be aws:kms`);
      assert.ok(rule.apply_server_side_encryption_by_default[0].kms_master_key_id, `${purpose}: kms_master_key_id`);
      assert.equal(rule.bucket_key_enabled, true, `${purpose}: bucket_key_enabled`);
      assert.ok(pol[purpose], `${purpose}: bucket policy missing`);
      const ref = /^data\.aws_iam_policy_document\.([a-z_]+)/.exec(exprText(pol[purpose].body.policy) || '');
      assert.ok(ref, `${purpose}: policy must come from an aws_iam_policy_document`);
      const doc = m.data.aws_iam_policy_document[ref[1]][0];
      const tls = (doc.statement || []).find((st) => st.effect === 'Deny' && (st.condition || []).some((c) => c.variable === 'aws:SecureTransport' && JSON.stringify(c.values) === '["false"]'));
      assert.ok(tls, `${purpose}: TLS-only deny statement missing`);
    }

    const ver = byPurpose(m, 'aws_s3_bucket_versioning');
    for (const p of ['ml-models', 'bncc-data']) {
      assert.equal(ver[p]?.body.versioning_configuration[0].status, 'Enabled', `${p}: versioning must be Enabled`);
    }

    const lc = byPurpose(m, 'aws_s3_bucket_lifecycle_configuration');
    for (const [p, { body }] of Object.entries(lc)) {
      for (const rule of body.rule) {
        assert.ok('filter' in rule, `${p}: lifecycle rule ${rule.id} needs a filter`);
        const tr = (rule.transition || []).map((t) => ({ days: t.days, cls: t.storage_class })).sort((a, b) => a.days - b.days);
        tr.forEach((t, i) => {
          if (['STANDARD_IA', 'ONEZONE_IA'].includes(t.cls)) {
            assert.ok(t.days >= 30, `${p}: ${t.cls} at day ${t.days} (< 30)`);
            const next = tr.slice(i + 1).find((n) => n.cls.startsWith('GLACIER') || n.cls === 'DEEP_ARCHIVE');
            if (next) assert.ok(next.days - t.days >= 30, `${p}: ${next.cls} only ${next.days - t.days} days after ${t.cls}`);
          }
        });
      }
    }
    const transitions = (p) => lc[p].body.rule.flatMap((r) => r.transition || []).map((t) => `${t.storage_class}@${t.days}`);
    const expirations = (p) => lc[p].body.rule.flatMap((r) => r.expiration || []).map((e) => e.days);
    assert.ok(lc.exports && transitions('exports').includes('GLACIER@30'), 'exports: GLACIER at day 30');
    assert.ok(expirations('exports').includes(90), 'exports: expiration at day 90');
    assert.ok(lc.uploads, 'uploads lifecycle missing');
    const up = transitions('uploads');
    const planned = up.includes('INTELLIGENT_TIERING@7') && up.includes('GLACIER@30');
    const fallback = up.includes('GLACIER@37') || (up.includes('STANDARD_IA@30') && up.includes('GLACIER@60'));
    assert.ok(planned || fallback, `uploads transitions ${up.join(', ')} are neither the plan nor the documented fallback`);
    const nc = lc['ml-models']?.body.rule.flatMap((r) => r.noncurrent_version_expiration || [])[0];
    assert.ok(nc && nc.noncurrent_days === 90 && nc.newer_noncurrent_versions === 3, 'ml-models: noncurrent versions expire after 90 d keeping 3');

    const cors = byPurpose(m, 'aws_s3_bucket_cors_configuration');
    for (const p of ['uploads', 'exports']) assert.ok(cors[p], `${p}: CORS configuration missing`);
    assert.deepEqual([...cors.uploads.body.cors_rule[0].allowed_methods].sort(), ['GET', 'HEAD', 'POST', 'PUT']);
    assert.deepEqual([...cors.exports.body.cors_rule[0].allowed_methods].sort(), ['GET', 'HEAD']);
  }
});
