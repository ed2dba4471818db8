// C1, C3, C4: parsing, provider constraints, backend layout.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TF_ROOT, ENVS, walk, parseFile, rel, tfDirs, loadDir, expressions } from './lib/hcl.mjs';
import { parse } from '@cdktf/hcl2json';

test('C1 every .tf, tfvars and backend.hcl under deploy/terraform parses', async () => {
  const files = walk(TF_ROOT, (p) => p.endsWith('.tf'));
  assert.ok(files.length >= 30, `expected the full tree, found ${files.length} .tf files`);
  for (const f of files) await assert.doesNotReject(parseFile(f), `${rel(f)} does not parse`);
  for (const env of ENVS) {
    for (const name of ['terraform.tfvars', 'backend.hcl']) {
      const f = path.join(TF_ROOT, 'environments', env, name);
      assert.ok(fs.existsSync(f), `missing ${rel(f)}`);
      await assert.doesNotReject(parse(name, fs.readFileSync(f, 'utf8')), `${rel(f)} does not parse`);
    }
  }
});

function versionInside5x(constraint) {
  // Accept ">= 5.x, < 6.0", "~> 5.x" and "5.x.y" style constraints that exclude 6.0 and 4.x.
  const c = constraint.replace(/\s/g, '');
  if (/^~>5(\.\d+){1,2}$/.test(c)) return true;
  const parts = c.split(',');
  const lower = parts.find((p) => p.startsWith('>='));
  const upper = parts.find((p) => p.startsWith('<') && !p.startsWith('<='));
  return !!lower && /^>=5(\.\d+)*$/.test(lower) && !!upper && /^<6(\.0)*$/.test(upper);
}

test('C3 provider constraints: aws 5.x, random when used, required_version, configuration_aliases', async () => {
  for (const dir of tfDirs()) {
    const m = await loadDir(dir);
    const where = rel(dir);
    const rp = Object.assign({}, ...m.terraform.flatMap((t) => t.required_providers || []));
    assert.ok(m.terraform.some((t) => typeof t.required_version === 'string'), `${where}: required_version missing`);
    assert.ok(rp.aws, `${where}: required_providers.aws missing`);
    assert.equal(rp.aws.source, 'hashicorp/aws', `${where}: aws source`);
    assert.ok(versionInside5x(rp.aws.version), `${where}: aws version "${rp.aws.version}" is not inside 5.x`);
    const usesRandom = Object.keys(m.resource).some((t) => t.startsWith('random_'));
    if (usesRandom) {
      assert.ok(rp.random, `${where}: uses random_* but does not declare hashicorp/random`);
      assert.equal(rp.random.source, 'hashicorp/random');
    }
    // A module whose resources/data use aws.us_east_1 must declare it as a configuration alias.
    const text = m.files.map((f) => JSON.stringify(f.json)).join('\n');
    const usesAlias = /"provider":"\$\{aws\.us_east_1\}"/.test(text) || /"aws":"\$\{aws\.us_east_1\}"/.test(text);
    if (usesAlias && dir !== TF_ROOT) {
      const aliases = JSON.stringify(rp.aws.configuration_aliases || []);
      assert.ok(aliases.includes('aws.us_east_1'), `${where}: uses aws.us_east_1 without configuration_aliases`);
    }
  }
  const root = await loadDir(TF_ROOT);
  const aliases = (root.provider.aws || []).map((p) => p.alias).filter(Boolean);
  assert.ok(aliases.includes('us_east_1'), 'root: provider aws alias us_east_1 missing');
  assert.equal((root.provider.aws || []).find((p) => p.alias === 'us_east_1').region, 'us-east-1');
});

test('C4 exactly one partial s3 backend in the root; backend.hcl per environment with distinct keys and use_lockfile', async () => {
  const backends = [];
  for (const f of walk(TF_ROOT, (p) => p.endsWith('.tf'))) {
    const j = await parseFile(f);
    for (const t of j.terraform || []) {
      for (const [type, arr] of Object.entries(t.backend || {})) backends.push({ file: f, type, body: arr[0] });
    }
  }
  assert.equal(backends.length, 1, `expected exactly one backend block, found ${backends.length}`);
  assert.equal(path.dirname(backends[0].file), TF_ROOT, 'the backend block must be in the root module');
  assert.equal(backends[0].type, 's3', 'backend must be s3');
  assert.deepEqual(Object.keys(backends[0].body || {}), [], 'backend "s3" must be partial (configured by backend.hcl)');

  const keys = new Set();
  for (const env of ENVS) {
    const f = path.join(TF_ROOT, 'environments', env, 'backend.hcl');
    const cfg = await parse('backend.hcl', fs.readFileSync(f, 'utf8'));
    for (const k of ['bucket', 'key', 'region']) assert.ok(cfg[k], `${env}/backend.hcl: ${k} missing`);
    assert.equal(cfg.use_lockfile, true, `${env}/backend.hcl: use_lockfile must be true`);
    assert.equal(cfg.encrypt, true, `${env}/backend.hcl: encrypt must be true`);
    assert.ok(!('dynamodb_table' in cfg), `${env}/backend.hcl: DynamoDB locking is deprecated`);
    assert.equal(cfg.key, `${env}/terraform.tfstate`, `${env}/backend.hcl: key`);
    keys.add(cfg.key);
  }
  assert.equal(keys.size, ENVS.length, 'backend keys must be distinct');
  assert.ok(!fs.existsSync(path.join(TF_ROOT, 'backends')), 'no backends/ directory');
  // Workspaces are not used for naming.
  for (const f of walk(TF_ROOT, (p) => p.endsWith('.tf'))) {
    for (const { expr } of expressions(await parseFile(f))) {
      assert.ok(!expr.includes('terraform.workspace'), `${rel(f)} uses terraform.workspace`);
    }
  }
});
