// C24-C25: log group retention/encryption, dashboard and alarms on the four custom metrics.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, TF_ROOT, loadDir, loadTfvars, evaluate, resources, exprText, rel, findObjects } from './lib/hcl.mjs';
import { LOG_RETENTION } from './lib/plan.mjs';
import { scopesOf, moduleScope } from './lib/scopes.mjs';

const PAIRS = [
  ['eduautismo/disciplines', 'requests_per_subject'],
  ['eduautismo/bncc', 'searches_per_code'],
  ['eduautismo/cache', 'hit_rate'],
  ['eduautismo/api', 'p95_latency'],
];

test('C24 every log group: allowed retention equal to log_retention_days, KMS encrypted', async () => {
  for (const env of ENVS) {
    const want = (await loadTfvars(env)).log_retention_days;
    assert.ok(LOG_RETENTION.includes(want), `${env}: log_retention_days ${want} is not a CloudWatch value`);
    let n = 0;
    for (const scope of (await scopesOf(env)).filter((s) => s.enabled)) {
      for (const { name, body } of resources(scope.model, 'aws_cloudwatch_log_group')) {
        if (body.count !== undefined && evaluate(scope, body.count) === 0) continue;
        n++;
        const days = evaluate(scope, body.retention_in_days);
        assert.ok(LOG_RETENTION.includes(days), `${env}: ${rel(scope.dir)} ${name} retention ${days} not allowed`);
        assert.equal(days, want, `${env}: ${rel(scope.dir)} ${name} retention must equal log_retention_days`);
        assert.ok(body.kms_key_id, `${rel(scope.dir)}: log group ${name} needs kms_key_id`);
      }
    }
    assert.ok(n >= 4, `${env}: only ${n} log groups found`);
  }
});

test('C25 dashboard and alarms use the four custom metrics; p95 500 ms and hit-rate 80 % alarms; app log metric filters', async () => {
  for (const env of ENVS) {
    const s = await moduleScope(env, 'monitoring');
    const m = s.model;
    const dash = m.locals.dashboard;
    assert.ok(dash && Array.isArray(dash.widgets), 'local.dashboard must be a literal with widgets');
    const metricRows = findObjects(dash, (o) => Array.isArray(o.metrics)).flatMap((o) => o.metrics);
    for (const [ns, metric] of PAIRS) {
      assert.ok(metricRows.some((r) => r[0] === ns && r[1] === metric), `dashboard lacks ${ns} ${metric}`);
    }
    const dashRes = resources(m, 'aws_cloudwatch_dashboard')[0];
    assert.equal(exprText(dashRes.body.dashboard_body), 'jsonencode(local.dashboard)', 'dashboard body must be jsonencode(local.dashboard)');

    const alarms = resources(m, 'aws_cloudwatch_metric_alarm').map((a) => a.body);
    const metricsOf = (a) => [{ namespace: a.namespace, metric_name: a.metric_name }, ...(a.metric_query || []).map((q) => q.metric?.[0] || {})];
    const p95 = alarms.filter((a) => metricsOf(a).some((x) => x.namespace === 'eduautismo/api' && ['latency', 'p95_latency'].includes(x.metric_name)));
    assert.ok(p95.length >= 1, 'no p95 latency alarm');
    assert.ok(p95.some((a) => evaluate(s, a.threshold) === 500 && (a.extended_statistic === 'p95' || metricsOf(a).some((x) => x.metric_name === 'p95_latency'))), `${env}: p95 alarm threshold must be 500`);
    const hit = alarms.filter((a) => metricsOf(a).some((x) => x.namespace === 'eduautismo/cache'));
    assert.ok(hit.length >= 1, 'no cache hit-rate alarm');
    assert.ok(hit.some((a) => evaluate(s, a.threshold) === 80 && a.comparison_operator === 'LessThanThreshold'), `${env}: hit-rate alarm threshold must be < 80`);
    const subj = alarms.filter((a) => metricsOf(a).some((x) => x.namespace === 'eduautismo/disciplines' && x.metric_name === 'requests_per_subject'));
    assert.ok(subj.length >= 1, 'no requests_per_subject alarm');

    const filters = resources(m, 'aws_cloudwatch_log_metric_filter').map((f) => f.body);
    const onApp = filters.filter((f) => exprText(f.log_group_name) === 'var.app_log_group_name');
    assert.ok(onApp.length >= 1, 'no metric filter on the app log group');
    const patterns = onApp.map((f) => f.pattern).join(' ');
    for (const key of ['$.level', '$.status', '$.duration_ms', '$.event']) assert.ok(patterns.includes(key), `metric filters must match ${key}`);
  }
  const root = await loadDir(TF_ROOT);
  assert.equal(exprText(root.module.monitoring[0].app_log_group_name), 'module.compute.app_log_group_name');
});
