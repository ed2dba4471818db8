// C17-C20: container definitions, cluster/service placement, autoscaling, ALB + CodeDeploy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, evaluate, tryEvaluate, res, resources, exprText, loadDir, TF_ROOT } from './lib/hcl.mjs';
import { SIZING } from './lib/plan.mjs';
import { moduleScope } from './lib/scopes.mjs';

const MVP_ENV = { ENABLE_MULTIDISCIPLINARY: 'true', MAX_DISCIPLINES: '25', MAX_GRADE_LEVELS: '18', BNCC_CACHE_TTL: '3600', NLP_CACHE_TTL: '1800' };
const SECRET_SUFFIX = /(PASSWORD|TOKEN|SECRET|KEY)$/;
const STRING_FUNCS = /^(tostring|join|format|lower|upper|jsonencode)\(/;

async function containers(env) {
  const scope = await moduleScope(env, 'compute');
  const defs = scope.model.locals.container_definitions;
  assert.ok(Array.isArray(defs), 'local.container_definitions must be a literal list');
  const byName = Object.fromEntries(defs.map((c) => [c.name, c]));
  return { scope, defs, byName, enabled: evaluate(scope, scope.model.locals.enabled_containers) };
}

test('C17 container api: MVP variables, string values, secrets only via valueFrom, stop timeout, health check, logs, X-Ray', async () => {
  for (const env of ENVS) {
    const { scope, byName, enabled } = await containers(env);
    const api = byName.api;
    assert.ok(api, 'container "api" missing');
    assert.equal(api.essential, true, 'api is essential');
    const envList = api.environment;
    assert.ok(Array.isArray(envList), 'api environment must be a literal list');
    const envMap = Object.fromEntries(envList.map((e) => [e.name, e.value]));
    assert.ok('REDIS_URL' in envMap, 'REDIS_URL missing');
    for (const [k, v] of Object.entries(MVP_ENV)) assert.equal(envMap[k], v, `${k} must be the literal "${v}"`);
    for (const { name, value } of envList) {
      assert.equal(typeof value, 'string', `${name}: environment values must be strings`);
      assert.ok(!SECRET_SUFFIX.test(name), `${name} looks secret-bearing and must be in secrets`);
      const ex = exprText(value);
      if (ex && !STRING_FUNCS.test(ex)) {
        const m = /^var\.([A-Za-z0-9_]+)$/.exec(ex);
        if (m) assert.equal(scope.model.variable[m[1]][0].type, '${string}', `${name}: var.${m[1]} must be a string or wrapped in tostring()`);
      }
      const v = tryEvaluate(scope, value);
      if (v !== undefined) assert.equal(typeof v, 'string', `${env}: ${name} evaluates to ${JSON.stringify(v)}, not a string`);
    }
    const secrets = api.secrets || [];
    const secretNames = secrets.map((s) => s.name).sort();
    assert.deepEqual(secretNames, ['DB_PASSWORD', 'DB_USER', 'FIELD_ENCRYPTION_KEY', 'FIELD_ENCRYPTION_PREVIOUS_KEYS', 'JWT_SECRET', 'OPENAI_API_KEY', 'REDIS_AUTH_TOKEN', 'SMTP_PASSWORD'], 'api secrets');
    for (const s of secrets) assert.match(String(s.valueFrom), /^\$\{var\.[a-z_]+\}:[a-z_]+::$/, `${s.name}: valueFrom must be <secret arn>:<json key>::`);

    const grace = Number(envMap.SHUTDOWN_GRACE_SECONDS);
    const stop = evaluate(scope, api.stopTimeout);
    assert.ok(Number.isFinite(grace), 'SHUTDOWN_GRACE_SECONDS must be set');
    assert.ok(stop <= 120 && stop > grace, `${env}: stopTimeout ${stop} must be <= 120 and > SHUTDOWN_GRACE_SECONDS ${grace}`);
    assert.ok(api.healthCheck && Array.isArray(api.healthCheck.command), 'healthCheck missing');
    const hc = api.healthCheck;
    assert.ok(hc.interval >= 5 && hc.interval <= 300 && hc.timeout >= 2 && hc.timeout <= 60 && hc.retries >= 1 && hc.retries <= 10 && hc.startPeriod <= 300, 'healthCheck timings outside ECS limits (F18)');
    assert.equal(api.logConfiguration.logDriver, 'awslogs');
    assert.equal(api.logConfiguration.options.mode, 'non-blocking', 'awslogs mode must be non-blocking');
    assert.equal(api.user, '1000', 'api runs as uid 1000');
    assert.equal(api.readonlyRootFilesystem, true, 'read-only root filesystem');
    assert.equal(api.linuxParameters?.initProcessEnabled, true, 'initProcessEnabled forwards SIGTERM');

    const tracing = evaluate(scope, envMap.TRACING_ENABLED);
    if (tracing === 'true') {
      assert.ok(enabled.includes('xray-daemon'), `${env}: tracing on but xray-daemon not enabled`);
      const x = byName['xray-daemon'];
      assert.ok((x.portMappings || []).some((p) => p.containerPort === 2000 && p.protocol === 'udp'), 'xray-daemon must expose UDP 2000');
      assert.equal(x.essential, false, 'xray-daemon is not essential');
    }
  }
});

test('C18 Container Insights on; services in private subnets without public IPs', async () => {
  for (const env of ENVS) {
    const scope = await moduleScope(env, 'compute');
    const cluster = res(scope.model, 'aws_ecs_cluster', 'main');
    const ci = (cluster.setting || []).find((s) => s.name === 'containerInsights');
    assert.ok(ci, 'containerInsights setting missing');
    assert.ok(['enabled', 'enhanced'].includes(evaluate(scope, ci.value)), `${env}: containerInsights is ${evaluate(scope, ci.value)}`);
    const services = resources(scope.model, 'aws_ecs_service');
    assert.ok(services.length >= 1, 'no aws_ecs_service');
    for (const { name, body } of services) {
      const nc = body.network_configuration[0];
      assert.equal(nc.assign_public_ip, false, `${name}: assign_public_ip`);
      assert.equal(exprText(nc.subnets), 'var.private_subnet_ids', `${name}: subnets must be the private subnets`);
    }
  }
  const root = await loadDir(TF_ROOT);
  assert.equal(exprText(root.module.compute[0].private_subnet_ids), 'module.networking.private_subnet_ids', 'root must pass the private subnets');
});

test('C19 autoscaling: DesiredCount target from variables, custom-metric target tracking, no ALBRequestCountPerTarget with CodeDeploy', async () => {
  for (const env of ENVS) {
    const scope = await moduleScope(env, 'compute');
    const targets = resources(scope.model, 'aws_appautoscaling_target');
    assert.equal(targets.length, 1);
    const t = targets[0].body;
    assert.equal(t.scalable_dimension, 'ecs:service:DesiredCount');
    assert.equal(t.service_namespace, 'ecs');
    assert.match(exprText(t.min_capacity) || '', /^var\./, 'min from a variable');
    assert.match(exprText(t.max_capacity) || '', /^var\./, 'max from a variable');
    assert.equal(evaluate(scope, t.min_capacity), SIZING[env].ecs_min_tasks);
    assert.equal(evaluate(scope, t.max_capacity), SIZING[env].ecs_max_tasks);
    const policies = resources(scope.model, 'aws_appautoscaling_policy').map((p) => p.body);
    const tt = policies.filter((p) => p.policy_type === 'TargetTrackingScaling');
    const custom = tt.filter((p) => p.target_tracking_scaling_policy_configuration[0].customized_metric_specification);
    assert.ok(custom.length >= 1, 'no customized-metric target tracking policy');
    for (const p of custom) {
      const spec = p.target_tracking_scaling_policy_configuration[0].customized_metric_specification[0];
      assert.ok(String(spec.namespace).startsWith('eduautismo/'), `custom metric namespace ${spec.namespace}`);
      assert.equal(spec.statistic, 'Average', 'custom metric must be a per-task average');
    }
    const predefined = tt.map((p) => p.target_tracking_scaling_policy_configuration[0].predefined_metric_specification?.[0]?.predefined_metric_type).filter(Boolean);
    assert.ok(predefined.includes('ECSServiceAverageCPUUtilization'), 'CPU target tracking missing');
    if (SIZING[env].ecs_deployment_controller === 'CODE_DEPLOY') {
      assert.ok(!predefined.includes('ALBRequestCountPerTarget'), `${env}: ALBRequestCountPerTarget with CODE_DEPLOY`);
    }
  }
});

test('C20 blue/green target groups on the readiness route, TLS 1.3 listener, HTTP redirect, CodeDeploy BLUE_GREEN', async () => {
  for (const env of ENVS) {
    const scope = await moduleScope(env, 'compute');
    const tgs = resources(scope.model, 'aws_lb_target_group');
    assert.deepEqual(tgs.map((t) => t.name).sort(), ['blue', 'green'], 'two target groups blue and green');
    for (const { name, body } of tgs) {
      assert.equal(body.target_type, 'ip', `${name}: target_type`);
      assert.equal(evaluate(scope, body.port), 8000, `${name}: port`);
      assert.equal(evaluate(scope, body.health_check[0].path), '/api/v1/health/ready', `${env}: ${name} health check path`);
      assert.ok(!body.name_prefix || body.name_prefix.length <= 6, `${name}: name_prefix longer than 6`);
    }
    const https = res(scope.model, 'aws_lb_listener', 'https');
    assert.ok(https, 'HTTPS listener missing');
    assert.equal(https.protocol, 'HTTPS');
    assert.equal(https.port, 443);
    assert.match(String(evaluate(scope, https.ssl_policy)), /^ELBSecurityPolicy-TLS13-/, 'HTTPS listener policy must be TLS13');
    const redirect = res(scope.model, 'aws_lb_listener', 'http_redirect');
    assert.ok(redirect, 'HTTP redirect listener missing');
    assert.equal(redirect.default_action[0].type, 'redirect');
    assert.equal(redirect.default_action[0].redirect[0].protocol, 'HTTPS');

    const dg = res(scope.model, 'aws_codedeploy_deployment_group', 'api');
    assert.ok(dg, 'CodeDeploy deployment group missing');
    const style = dg.deployment_style[0];
    assert.equal(style.deployment_type, 'BLUE_GREEN');
    assert.equal(style.deployment_option, 'WITH_TRAFFIC_CONTROL');
    const names = dg.load_balancer_info[0].target_group_pair_info[0].target_group.map((g) => exprText(g.name));
    assert.deepEqual(names.sort(), ['aws_lb_target_group.blue.name', 'aws_lb_target_group.green.name'], 'deployment group must list both target groups');
    assert.equal(dg.auto_rollback_configuration[0].enabled, true, 'auto rollback');
    const controller = SIZING[env].ecs_deployment_controller;
    assert.equal(evaluate(scope, dg.count), controller === 'CODE_DEPLOY' ? 1 : 0, `${env}: CodeDeploy only with CODE_DEPLOY`);
    for (const { name, body } of resources(scope.model, 'aws_ecs_service')) {
      if (evaluate(scope, body.count) === 0) continue;
      assert.equal(evaluate(scope, body.deployment_controller[0].type), controller, `${env}: ${name} deployment controller`);
    }
  }
});
