// C13-C15: RDS parameter group units/apply methods, primary and replica settings, password charset.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, evaluate, res, exprText } from './lib/hcl.mjs';
import { SIZING } from './lib/plan.mjs';
import { moduleScope } from './lib/scopes.mjs';

const UNIT = /^\s*\d+(\.\d+)?\s*[A-Za-z]+\s*$/;

test('C13 parameter group: postgres15, static parameters pending-reboot, values without units', async () => {
  for (const env of ENVS) {
    const db = await moduleScope(env, 'database');
    const pg = res(db.model, 'aws_db_parameter_group', 'main');
    assert.ok(pg, 'aws_db_parameter_group.main missing');
    assert.equal(evaluate(db, pg.family), 'postgres15', `${env}: family`);
    const params = Object.fromEntries((pg.parameter || []).map((p) => [p.name, p]));
    const value = (n) => evaluate(db, params[n].value);

    assert.ok(params.shared_preload_libraries, 'shared_preload_libraries missing');
    assert.ok(String(value('shared_preload_libraries')).split(',').map((s) => s.trim()).includes('pg_stat_statements'), 'pg_stat_statements not preloaded');
    assert.equal(params.shared_preload_libraries.apply_method, 'pending-reboot', 'shared_preload_libraries is static: pending-reboot');

    assert.ok(params.max_connections, 'max_connections missing');
    assert.match(exprText(params.max_connections.value) || '', /var\.max_connections/, 'max_connections must come from the variable');
    assert.equal(value('max_connections'), String(SIZING[env].rds_max_connections), `${env}: max_connections`);
    assert.equal(params.max_connections.apply_method, 'pending-reboot', 'max_connections is static: pending-reboot');

    assert.ok(params.work_mem, 'work_mem missing');
    assert.match(exprText(params.work_mem.value) || '', /var\.work_mem_kb/, 'work_mem must come from the variable');
    assert.equal(value('work_mem'), '16384', `${env}: work_mem in kB`);

    for (const p of pg.parameter) {
      assert.ok(['immediate', 'pending-reboot'].includes(p.apply_method), `${p.name}: explicit apply_method required`);
      const v = evaluate(db, p.value);
      assert.ok(!UNIT.test(String(v)), `${env}: ${p.name} = "${v}" carries a unit suffix`);
    }
    assert.ok(!params.effective_cache_size, 'effective_cache_size must only exist when the variable is non-null (dynamic block)');

    // effective_cache_size: a dynamic parameter switched on by a non-null variable.
    const dyn = (pg.dynamic?.parameter || [])[0];
    assert.ok(dyn, 'dynamic "parameter" for effective_cache_size missing');
    const content = dyn.content[0];
    assert.equal(content.name, 'effective_cache_size');
    assert.ok(['immediate'].includes(content.apply_method), 'effective_cache_size is dynamic: immediate');
    assert.match(exprText(dyn.for_each) || '', /var\.effective_cache_size_pages\s*==\s*null/, 'for_each must test the variable for null');
    const items = evaluate(db, dyn.for_each);
    const want = SIZING[env].rds_effective_cache_size_pages;
    assert.deepEqual(items, want === null ? [] : [want], `${env}: effective_cache_size instances`);
  }
});

test('C14 primary: postgres 15, encrypted, private, PI + enhanced monitoring, final snapshot; replicas inherit', async () => {
  for (const env of ENVS) {
    const db = await moduleScope(env, 'database');
    const p = res(db.model, 'aws_db_instance', 'primary');
    assert.equal(p.engine, 'postgres');
    assert.ok(String(evaluate(db, p.engine_version)).startsWith('15'), `${env}: engine_version must start with 15`);
    assert.equal(p.storage_encrypted, true, 'storage_encrypted');
    assert.ok(p.kms_key_id, 'kms_key_id');
    assert.equal(p.publicly_accessible, false, 'publicly_accessible');
    assert.equal(p.performance_insights_enabled, true, 'performance_insights_enabled');
    assert.ok(p.performance_insights_kms_key_id, 'PI KMS key');
    const interval = evaluate(db, p.monitoring_interval);
    assert.ok([0, 1, 5, 10, 15, 30, 60].includes(interval), `${env}: monitoring_interval ${interval}`);
    assert.ok(interval === 0 || p.monitoring_role_arn, 'monitoring_role_arn');
    assert.ok(p.final_snapshot_identifier, 'final_snapshot_identifier');
    assert.match(exprText(p.deletion_protection) || '', /^var\./, 'deletion_protection from a variable');
    assert.equal(evaluate(db, p.deletion_protection), SIZING[env].rds_deletion_protection, `${env}: deletion_protection`);
    assert.equal(evaluate(db, p.skip_final_snapshot), SIZING[env].rds_skip_final_snapshot, `${env}: skip_final_snapshot`);
    assert.equal(p.auto_minor_version_upgrade, true, 'auto_minor_version_upgrade');
    assert.ok(evaluate(db, p.backup_retention_period) >= 1, 'backups needed for replicas and PITR');
    assert.ok(!/^[^$]/.test(String(p.password)) || String(p.password).includes('${'), 'password must not be a literal');

    const r = res(db.model, 'aws_db_instance', 'replica');
    assert.ok(r, 'aws_db_instance.replica missing');
    assert.ok(r.replicate_source_db, 'replicate_source_db');
    assert.match(exprText(r.count) || '', /^var\.read_replica_count$/, 'replica count from the variable');
    for (const k of ['username', 'password', 'db_name']) assert.ok(!(k in r), `replica must not set ${k}`);
    assert.equal(r.performance_insights_enabled, true, 'replica PI');
    assert.equal(r.publicly_accessible, false, 'replica publicly_accessible');
  }
});

function charsetOk(pw, allowed, banned) {
  const special = pw.override_special;
  if (typeof special !== 'string') return false;
  if (banned && [...banned].some((c) => special.includes(c))) return false;
  if (allowed && ![...special].every((c) => allowed.includes(c))) return false;
  return true;
}

test('C15 random passwords: RDS without / @ " space, Redis only !&#$^<>-', async () => {
  const db = await moduleScope('production', 'database');
  const master = res(db.model, 'random_password', 'master');
  assert.ok(master, 'random_password.master missing');
  assert.ok(charsetOk(master, null, ['/', '@', '"', ' ']), `RDS override_special "${master.override_special}" contains / @ " or space`);
  assert.ok(master.length >= 8 && master.length <= 128, 'RDS password length 8-128');
  assert.match(exprText(res(db.model, 'aws_db_instance', 'primary').password) || '', /^random_password\.master\.result$/, 'primary uses the random password');

  const cache = await moduleScope('production', 'cache');
  const auth = res(cache.model, 'random_password', 'auth');
  assert.ok(auth, 'random_password.auth missing');
  assert.ok(charsetOk(auth, '!&#$^<>-', null), `Redis override_special "${auth.override_special}" has characters outside !&#$^<>-`);
  assert.ok(auth.length >= 16 && auth.length <= 128, 'Redis AUTH token length 16-128');
});
