// C27-C28: cross-checks with the application (env contract, readiness route, health command) and
// repository hygiene (no secret material, no copy of the BNCC dataset).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO, SHARED, TF_ROOT, ENVS, walk, evaluate, res, loadTfvars } from './lib/hcl.mjs';
import { moduleScope } from './lib/scopes.mjs';

const READY = '/api/v1/health/ready';
// INFRA.md §1.1 names marked "yes" / "AWS: yes" (used when ../shared is absent).
const REQUIRED_FALLBACK = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'ENABLE_MULTIDISCIPLINARY', 'MAX_DISCIPLINES', 'MAX_GRADE_LEVELS', 'BNCC_CACHE_TTL', 'NLP_CACHE_TTL', 'JWT_SECRET', 'REDIS_URL'];

function specTable() {
  const f = path.join(SHARED, 'spec', 'INFRA.md');
  if (!fs.existsSync(f)) return null;
  const text = fs.readFileSync(f, 'utf8');
  const start = text.indexOf('### 1.1 Environment variables');
  const end = text.indexOf('### 1.2', start);
  const rows = text.slice(start, end).split('\n').filter((l) => l.startsWith('| `'));
  return rows.map((r) => {
    const cells = r.split('|').map((c) => c.trim());
    return { names: [...cells[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]), required: cells[2] };
  });
}

// The server's env contract: the binary when built, else docs/env-contract.txt, else INFRA.md §1.1.
function envContract(t) {
  const candidates = [process.env.EDU_BINARY, path.join(REPO, 'build', 'eduautismo')].filter(Boolean);
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    try {
      const out = execFileSync(bin, ['serve', '--print-env-contract'], { timeout: 10000, encoding: 'utf8', env: { PATH: process.env.PATH } });
      const names = out.split('\n').map((s) => s.trim()).filter(Boolean);
      if (names.length > 0) return { source: `${path.relative(REPO, bin)} serve --print-env-contract`, names };
    } catch (e) {
      t.diagnostic(`${bin} --print-env-contract failed: ${e.message.split('\n')[0]}`);
    }
  }
  const doc = path.join(REPO, 'docs', 'env-contract.txt');
  if (fs.existsSync(doc)) return { source: 'docs/env-contract.txt', names: fs.readFileSync(doc, 'utf8').split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#')) };
  const table = specTable();
  if (table) return { source: '../shared/spec/INFRA.md §1.1', names: table.flatMap((r) => r.names) };
  return null;
}

test('C27 container names are in the server env contract, required names present, health path and command match', async (t) => {
  const contract = envContract(t);
  assert.ok(contract, 'no env contract available (binary, docs/env-contract.txt or ../shared/spec/INFRA.md)');
  t.diagnostic(`env contract from ${contract.source} (${contract.names.length} names)`);
  const table = specTable();
  const required = table ? table.filter((r) => /\byes\b/.test(r.required)).flatMap((r) => r.names) : REQUIRED_FALLBACK;
  assert.ok(required.includes('JWT_SECRET') && required.includes('DB_HOST'), 'could not read the required names');

  // The server's readiness route constant (from the sources when present).
  const srcFiles = walk(path.join(REPO, 'src'), (p) => /\.(cpp|hpp|h|cc)$/.test(p));
  if (srcFiles.length > 0) {
    const found = srcFiles.some((f) => fs.readFileSync(f, 'utf8').includes(`"${READY}"`));
    assert.ok(found, `the server sources do not define the readiness route "${READY}"`);
  }

  for (const env of ENVS) {
    const s = await moduleScope(env, 'compute');
    const api = s.model.locals.container_definitions.find((c) => c.name === 'api');
    const names = [...api.environment.map((e) => e.name), ...(api.secrets || []).map((e) => e.name)];
    for (const n of names) assert.ok(contract.names.includes(n), `${n} is not read by the server (${contract.source})`);
    for (const n of required) assert.ok(names.includes(n), `${env}: required variable ${n} is not set for the api container`);
    assert.deepEqual(api.healthCheck.command, ['CMD', '/app/eduautismo', 'healthcheck'], 'container health check command');
    for (const tg of ['blue', 'green']) {
      assert.equal(evaluate(s, res(s.model, 'aws_lb_target_group', tg).health_check[0].path), READY, `${env}: ${tg} health path`);
    }
  }
});

function repoFiles() {
  try {
    const out = execFileSync('git', ['-C', REPO, 'ls-files', '-co', '--exclude-standard', '-z'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return out.split('\0').filter(Boolean).map((f) => path.join(REPO, f)).filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  } catch {
    return walk(REPO, () => true).filter((f) => !/\/(build[^/]*|node_modules)\//.test(f));
  }
}

test('C28 no secret material, no secret values in tfvars, no copy of the BNCC dataset', async () => {
  const files = repoFiles();
  assert.ok(files.length > 0, 'no repository files found');
  const bnccHeader = 'code,stage,years,component,area,thematic_unit,knowledge_object,description';
  for (const f of files) {
    const relf = path.relative(REPO, f);
    assert.ok(!/(^|\/)bncc(_extra)?\.csv$/.test(relf), `${relf}: the BNCC dataset must not be copied into the repository`);
    if (fs.statSync(f).size > 8 << 20) continue;
    const text = fs.readFileSync(f, 'latin1');
    // AWS access key ids; the documentation example key (…EXAMPLE) is allowed in tests.
    for (const m of text.matchAll(/AKIA[0-9A-Z]{16}/g)) assert.ok(m[0].endsWith('EXAMPLE'), `${relf}: AWS access key id ${m[0].slice(0, 8)}…`);
    if (text.startsWith(bnccHeader)) assert.ok(text.split('\n').length < 100, `${relf}: looks like a copy of the BNCC dataset`);
  }
  // Literal passwords in Terraform/HCL.
  for (const f of walk(TF_ROOT, (p) => /\.(tf|tfvars|hcl)$/.test(p))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const line of text.split('\n')) {
      const m = /^\s*"?([A-Za-z0-9_]*(password|passwd|secret|token|api_key))"?\s*=\s*"([^"]*)"/i.exec(line);
      if (m) assert.ok(m[3] === '' || m[3].startsWith('${'), `${path.relative(REPO, f)}: literal ${m[1]} = "…"`);
    }
  }
  // tfvars carry no secret values.
  for (const env of ENVS) {
    for (const [k, v] of Object.entries(await loadTfvars(env))) {
      if (/(password|secret|token|api_key|_key)$/i.test(k)) assert.equal(v, null, `${env}/terraform.tfvars: ${k} looks like a secret value`);
    }
  }
});
