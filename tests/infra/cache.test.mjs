// C16: ElastiCache Redis 7 replication group.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, evaluate, res, exprText } from './lib/hcl.mjs';
import { SIZING } from './lib/plan.mjs';
import { moduleScope } from './lib/scopes.mjs';

test('C16 replication group: redis 7, encryption, auth, cluster branch, no deprecated arguments, id <= 40', async () => {
  for (const env of ENVS) {
    const c = await moduleScope(env, 'cache');
    const rg = res(c.model, 'aws_elasticache_replication_group', 'main');
    assert.ok(rg, 'aws_elasticache_replication_group.main missing');
    assert.equal(rg.engine, 'redis');
    assert.ok(String(evaluate(c, rg.engine_version)).startsWith('7'), `${env}: engine_version`);
    assert.match(String(evaluate(c, rg.engine_version)), /^7\.\d+$/, `${env}: engine_version must be major.minor`);
    assert.equal(rg.at_rest_encryption_enabled, true, 'at_rest_encryption_enabled');
    assert.equal(rg.transit_encryption_enabled, true, 'transit_encryption_enabled');
    assert.ok(rg.kms_key_id, 'kms_key_id');
    assert.ok(rg.auth_token, 'auth_token');
    assert.ok(rg.description, 'description is required');
    for (const k of ['replication_group_description', 'number_cache_clusters', 'cluster_mode']) {
      assert.ok(!(k in rg), `deprecated argument ${k}`);
    }
    // Cluster branch: node groups x replicas with automatic failover.
    assert.match(exprText(rg.num_node_groups) || '', /var\.cluster_mode_enabled/, 'num_node_groups switched by cluster mode');
    assert.match(exprText(rg.replicas_per_node_group) || '', /var\.cluster_mode_enabled/, 'replicas_per_node_group switched by cluster mode');
    const want = SIZING[env];
    const failover = evaluate(c, rg.automatic_failover_enabled);
    if (want.redis_cluster_mode_enabled) {
      assert.equal(failover, true, `${env}: cluster mode needs automatic failover`);
      assert.equal(evaluate(c, rg.num_node_groups), want.redis_num_shards);
      assert.equal(evaluate(c, rg.replicas_per_node_group), want.redis_replicas_per_shard);
    }
    if (evaluate(c, rg.multi_az_enabled)) assert.equal(failover, true, `${env}: Multi-AZ requires automatic failover`);
    if (failover && !want.redis_cluster_mode_enabled) assert.ok(evaluate(c, rg.num_cache_clusters) >= 2, `${env}: failover needs >= 2 cache clusters`);

    const pg = res(c.model, 'aws_elasticache_parameter_group', 'main');
    assert.equal(pg.family, 'redis7');
    const params = Object.fromEntries((pg.parameter || []).map((p) => [p.name, p]));
    assert.ok(params['cluster-enabled'], 'parameter group must set cluster-enabled');
    assert.equal(evaluate(c, params['cluster-enabled'].value), want.redis_cluster_mode_enabled ? 'yes' : 'no', `${env}: cluster-enabled`);
    assert.equal(evaluate(c, params['maxmemory-policy'].value), 'volatile-lru', `${env}: maxmemory-policy`);

    const id = evaluate(c, rg.replication_group_id);
    assert.ok(id.length <= 40, `${env}: replication_group_id "${id}" longer than 40`);
    assert.match(id, /^[a-z][a-z0-9-]*$/, `${env}: replication_group_id "${id}" must be lowercase and start with a letter`);
    assert.ok(!id.includes('--'), `${env}: replication_group_id "${id}" contains --`);
  }
});
