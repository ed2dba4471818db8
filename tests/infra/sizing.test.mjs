// C11-C12: per-environment sizing equals the MVP 3.0 plan table, in tfvars and where it lands.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ENVS, SHARED, loadTfvars, evaluate, res, instanceCount } from './lib/hcl.mjs';
import { SIZING, C11_KEYS, FARGATE } from './lib/plan.mjs';
import { moduleScope, moduleScopes } from './lib/scopes.mjs';

test('C11 tfvars sizing equals the plan table for every environment', async () => {
  for (const env of ENVS) {
    const tv = await loadTfvars(env);
    for (const k of C11_KEYS) {
      assert.ok(k in tv, `${env}: ${k} missing from terraform.tfvars`);
      assert.deepEqual(tv[k], SIZING[env][k], `${env}: ${k} = ${JSON.stringify(tv[k])}, plan says ${JSON.stringify(SIZING[env][k])}`);
    }
    for (const [k, v] of Object.entries(SIZING[env])) {
      assert.deepEqual(tv[k], v, `${env}: ${k} = ${JSON.stringify(tv[k])}, plan says ${JSON.stringify(v)}`);
    }
  }
});

test('C11 the plan table transcribed in lib/plan.mjs matches INFRA.md §2.1 (when ../shared is present)', async (t) => {
  const spec = path.join(SHARED, 'spec', 'INFRA.md');
  if (!fs.existsSync(spec)) return t.skip('../shared/spec/INFRA.md not present');
  const text = fs.readFileSync(spec, 'utf8');
  const start = text.indexOf('Derived tfvars values');
  assert.ok(start > 0, 'INFRA.md has no "Derived tfvars values" table');
  const rows = text.slice(start).split('\n').filter((l) => l.startsWith('| ')).slice(2);
  let compared = 0;
  for (const row of rows) {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 4) break;
    const names = cells[0].split(' / ').map((n) => n.trim());
    ENVS.forEach((env, i) => {
      const values = cells[i + 1].split(' / ');
      names.forEach((name, j) => {
        if (!(name in SIZING[env]) || values[j] === undefined) return;
        let raw = values[j].trim().split(/\s+/)[0].replace(/`/g, '').replace(/^"|"$/g, '');
        if (raw === '–' || raw === '-') return;
        const want = raw === 'null' ? null : raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) && typeof SIZING[env][name] === 'number' ? Number(raw) : raw;
        assert.deepEqual(SIZING[env][name], want, `${env}: ${name} transcribed as ${JSON.stringify(SIZING[env][name])}, INFRA.md says ${raw}`);
        compared++;
      });
    });
  }
  assert.ok(compared >= 60, `only ${compared} values compared against INFRA.md`);
});

test('C11 sizing reaches the resources (evaluated through the module wiring)', async () => {
  for (const env of ENVS) {
    const want = SIZING[env];
    const db = await moduleScope(env, 'database');
    const primary = res(db.model, 'aws_db_instance', 'primary');
    assert.equal(evaluate(db, primary.instance_class), want.rds_instance_class, `${env}: RDS instance class`);
    assert.equal(evaluate(db, primary.allocated_storage), want.rds_allocated_storage, `${env}: RDS storage`);
    assert.equal(evaluate(db, primary.max_allocated_storage), want.rds_max_allocated_storage, `${env}: RDS max storage`);
    assert.equal(evaluate(db, primary.multi_az), want.rds_multi_az, `${env}: RDS Multi-AZ`);
    assert.equal(evaluate(db, primary.backup_retention_period), want.rds_backup_retention_period, `${env}: RDS backup retention`);
    assert.equal(evaluate(db, primary.deletion_protection), want.rds_deletion_protection, `${env}: RDS deletion protection`);
    assert.equal(instanceCount(db, res(db.model, 'aws_db_instance', 'replica')), want.rds_read_replica_count, `${env}: RDS replicas`);

    const cache = await moduleScope(env, 'cache');
    const rg = res(cache.model, 'aws_elasticache_replication_group', 'main');
    assert.equal(evaluate(cache, rg.node_type), want.redis_node_type, `${env}: Redis node type`);
    const nodes = want.redis_cluster_mode_enabled
      ? { num_node_groups: want.redis_num_shards, replicas_per_node_group: want.redis_replicas_per_shard, num_cache_clusters: null }
      : { num_node_groups: null, replicas_per_node_group: null, num_cache_clusters: 1 + want.redis_replicas_per_shard };
    for (const [k, v] of Object.entries(nodes)) assert.equal(evaluate(cache, rg[k]), v, `${env}: Redis ${k}`);

    const compute = await moduleScope(env, 'compute');
    const td = res(compute.model, 'aws_ecs_task_definition', 'api');
    assert.equal(evaluate(compute, td.cpu), want.ecs_task_cpu, `${env}: task CPU`);
    assert.equal(evaluate(compute, td.memory), want.ecs_task_memory, `${env}: task memory`);
    const target = res(compute.model, 'aws_appautoscaling_target', 'api');
    assert.equal(evaluate(compute, target.min_capacity), want.ecs_min_tasks, `${env}: min tasks`);
    assert.equal(evaluate(compute, target.max_capacity), want.ecs_max_tasks, `${env}: max tasks`);

    const wafs = await moduleScopes(env, 'security/waf');
    assert.equal(wafs.length, want.enable_waf ? 1 : 0, `${env}: web ACL instances`);
    if (want.enable_waf) assert.equal(evaluate(wafs[0], res(wafs[0].model, 'aws_wafv2_web_acl', 'main').scope), want.waf_scope, `${env}: WAF scope`);
    assert.equal((await moduleScopes(env, 'cdn')).length, want.enable_cloudfront ? 1 : 0, `${env}: CloudFront instances`);
  }
});

test('C12 Fargate CPU/memory pairs are valid and container reservations fit in the task', async () => {
  for (const env of ENVS) {
    const tv = await loadTfvars(env);
    assert.ok((FARGATE[tv.ecs_task_cpu] || []).includes(tv.ecs_task_memory), `${env}: ${tv.ecs_task_cpu}/${tv.ecs_task_memory} is not a Fargate pair`);
    const compute = await moduleScope(env, 'compute');
    const enabled = evaluate(compute, compute.model.locals.enabled_containers);
    const defs = compute.model.locals.container_definitions.filter((c) => enabled.includes(c.name));
    assert.ok(defs.length >= 1 && defs.some((c) => c.name === 'api'), `${env}: api container missing`);
    const cpu = defs.reduce((a, c) => a + Number(evaluate(compute, c.cpu ?? 0)), 0);
    const mem = defs.reduce((a, c) => a + Number(evaluate(compute, c.memoryReservation ?? c.memory ?? 0)), 0);
    assert.ok(cpu <= tv.ecs_task_cpu, `${env}: container CPU ${cpu} > task ${tv.ecs_task_cpu}`);
    assert.ok(mem <= tv.ecs_task_memory, `${env}: container memory ${mem} > task ${tv.ecs_task_memory}`);
    for (const c of defs.filter((d) => d.name !== 'api')) {
      assert.ok(Number(evaluate(compute, c.cpu)) > 0, `${env}: sidecar ${c.name} needs a CPU reservation`);
    }
  }
});
