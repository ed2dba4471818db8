// R1: the operations runbooks exist and the rollback runbook covers INFRA.md §5 (three tiers with
// commands, owners, pre-conditions and the verification step).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './lib/hcl.mjs';

const DOCS = path.join(REPO, 'docs', 'operations');

test('R1 runbooks present; rollback plan has the three tiers with exact commands and verification', () => {
  for (const f of ['README.md', 'deploy.md', 'scale.md', 'rotate-secrets.md', 'restore.md', 'rollback.md']) {
    assert.ok(fs.existsSync(path.join(DOCS, f)), `docs/operations/${f} missing`);
  }
  const text = fs.readFileSync(path.join(DOCS, 'rollback.md'), 'utf8');
  const required = {
    'immediate tier': /Immediate \(< 5 min\)/,
    'short tier': /Short \(< 30 min\)/,
    'long tier': /Long \(< 2 h\)/,
    'CodeDeploy stop with rollback': /aws deploy stop-deployment .*--auto-rollback-enabled/,
    'redeploy previous revision through the deployment group': /aws deploy create-deployment/,
    'rolling revert': /aws ecs update-service --cluster \S+ --service \S+ --task-definition/,
    'freeze capacity': /register-scalable-target[\s\S]*--suspended-state DynamicScalingInSuspended=true,DynamicScalingOutSuspended=true,ScheduledScalingSuspended=true/,
    'explicit desired count': /--desired-count/,
    'state version restore': /list-object-versions[\s\S]*versionId=/,
    'parameter group reboot': /reboot-db-instance[^\n]*--force-failover/,
    'cache lever': /CACHE_ENABLED=false/,
    'point-in-time restore': /restore-db-instance-to-point-in-time/,
    'snapshot restore': /restore-db-instance-from-db-snapshot/,
    'replicas recreated': /create-db-instance-read-replica/,
    'readiness on every target': /\/api\/v1\/health\/ready/,
    'smoke test from a trusted IP': /trusted IP/,
    'dashboard 5xx and p95': /5xx[\s\S]*p95/,
    'owners': /\*\*Owner:\*\*/,
    'pre-conditions': /Pre-conditions/,
    'quarterly rehearsal': /quarter/,
  };
  for (const [what, re] of Object.entries(required)) assert.match(text, re, `rollback.md: ${what}`);
  assert.equal((text.match(/\*\*Owner:\*\*/g) || []).length, 3, 'each tier names its owner');
});
