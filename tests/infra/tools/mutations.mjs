// Mutation self-check of the infra suite (not part of run.sh; takes a few minutes):
//   node tests/infra/tools/mutations.mjs
// Copies deploy/terraform to a temporary directory, applies one deliberate defect at a time, runs
// the test file owning the check with EDU_TF_ROOT pointing at the copy, and reports whether the
// named check failed. Every mutation must be CAUGHT; the repository itself is never modified.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const INFRA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.resolve(INFRA, '..', '..', 'deploy', 'terraform');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-mutations-'));
const WORK = path.join(TMP, 'deploy', 'terraform');
const M = [
  ['C1', 'parsing', 'main.tf', 'module "security" {', 'module "security" {{'],
  ['C3', 'parsing', 'modules/cache/versions.tf', /\n    random = \{[^}]*\}/, ''],
  ['C3', 'parsing', 'versions.tf', '">= 5.40, < 6.0"', '">= 5.40, < 7.0"'],
  ['C3', 'parsing', 'modules/cdn/versions.tf', /\n\s*configuration_aliases = \[aws.us_east_1\]/, ''],
  ['C4', 'parsing', 'environments/dev/backend.hcl', 'use_lockfile = true', 'use_lockfile = false'],
  ['C4', 'parsing', 'environments/staging/backend.hcl', '"staging/terraform.tfstate"', '"dev/terraform.tfstate"'],
  ['C4', 'parsing', 'modules/cdn/versions.tf', 'terraform {', 'terraform {\n  backend "local" {}'],
  ['C5', 'wiring', 'main.tf', 'source = "./modules/cdn"', 'source = "./modules/cdnx"'],
  ['C6', 'wiring', 'main.tf', '  work_mem_kb                    = var.rds_work_mem_kb\n', ''],
  ['C6', 'wiring', 'main.tf', '  work_mem_kb                    = var.rds_work_mem_kb\n', '  work_mem_kb = var.rds_work_mem_kb\n  work_mem_mb = 16\n'],
  ['C7', 'wiring', 'outputs.tf', 'module.compute.alb_dns_name', 'module.compute.alb_dns'],
  ['C8', 'wiring', 'modules/storage/main.tf', 'force_destroy = var.force_destroy', 'force_destroy = var.force_destroy_buckets'],
  ['C9', 'wiring', 'modules/compute/alb.tf', 'security_groups            = [var.alb_security_group_id]', 'security_groups            = [aws_security_group.alb.id]'],
  ['C9', 'wiring', 'modules/cache/main.tf', 'automatic_failover_enabled = local.failover', 'automatic_failover_enabled = local.failover_on'],
  ['C10', 'wiring', 'environments/dev/terraform.tfvars', 'environment  = "dev"', 'environment  = "staging"'],
  ['C10', 'wiring', 'environments/production/terraform.tfvars', 'app_db_pool_size          = 20', 'app_db_pool_size          = 30'],
  ['C10', 'wiring', 'environments/staging/terraform.tfvars', 's3_force_destroy        = false', 's3_force_destroy        = false\nunknown_key = 1'],
  ['C11', 'sizing', 'environments/production/terraform.tfvars', '"db.r6g.xlarge"', '"db.r6g.large"'],
  ['C11', 'sizing', 'environments/staging/terraform.tfvars', 'redis_replicas_per_shard       = 1', 'redis_replicas_per_shard       = 0'],
  ['C11', 'sizing', 'main.tf', 'instance_class                 = var.rds_instance_class', 'instance_class                 = "db.t3.micro"'],
  ['C11', 'sizing', 'modules/compute/autoscaling.tf', 'max_capacity       = var.max_capacity', 'max_capacity       = 10'],
  ['C12', 'sizing', 'modules/compute/task_definition.tf', 'cpu               = 32\n', 'cpu               = 3000\n'],
  ['C12', 'sizing', 'environments/staging/terraform.tfvars', 'ecs_task_memory           = 2048', 'ecs_task_memory           = 1024'],
  ['C13', 'database', 'modules/database/main.tf', '"pg_stat_statements"\n    apply_method = "pending-reboot"', '"pg_stat_statements"\n    apply_method = "immediate"'],
  ['C13', 'database', 'modules/database/main.tf', 'value        = tostring(var.work_mem_kb)', 'value        = "16MB"'],
  ['C13', 'database', 'modules/database/main.tf', 'value        = tostring(var.max_connections)\n    apply_method = "pending-reboot"', 'value        = tostring(var.max_connections)\n    apply_method = "immediate"'],
  ['C13', 'database', 'environments/production/terraform.tfvars', 'rds_effective_cache_size_pages     = 524288', 'rds_effective_cache_size_pages     = null'],
  ['C14', 'database', 'modules/database/main.tf', 'storage_encrypted     = true', 'storage_encrypted     = false'],
  ['C14', 'database', 'modules/database/main.tf', 'publicly_accessible    = false\n  multi_az', 'publicly_accessible    = true\n  multi_az'],
  ['C14', 'database', 'modules/database/main.tf', '  final_snapshot_identifier = "${local.name_prefix}-pg-final"\n', ''],
  ['C14', 'database', 'modules/database/main.tf', 'replicate_source_db = aws_db_instance.primary.identifier', 'replicate_source_db = aws_db_instance.primary.identifier\n  username = var.master_username'],
  ['C14', 'database', 'environments/dev/terraform.tfvars', 'rds_monitoring_interval            = 60', 'rds_monitoring_interval            = 45'],
  ['C15', 'database', 'modules/database/main.tf', '"!#$%&*()-_=+[]{}<>:?"', '"!#$%&*()-_=+[]{}<>:?@"'],
  ['C15', 'database', 'modules/cache/main.tf', '"!&#$^<>-"', '"!&#$^<>-%"'],
  ['C16', 'cache', 'modules/cache/main.tf', 'transit_encryption_enabled = true', 'transit_encryption_enabled = false'],
  ['C16', 'cache', 'environments/dev/terraform.tfvars', 'redis_engine_version           = "7.0"', 'redis_engine_version           = "6.2"'],
  ['C16', 'cache', 'modules/cache/main.tf', 'failover             = var.cluster_mode_enabled || var.replicas_per_shard > 0', 'failover             = var.replicas_per_shard > 2'],
  ['C16', 'cache', 'modules/cache/main.tf', 'description          = "EduAutismo', 'replication_group_description = "x"\n  description          = "EduAutismo'],
  ['C16', 'cache', 'modules/cache/main.tf', 'replication_group_id = "${local.name_prefix}-redis"', 'replication_group_id = "${local.name_prefix}-redis-replication-group-main"'],
  ['C17', 'compute', 'modules/compute/task_definition.tf', '{ name = "MAX_DISCIPLINES", value = "25" }', '{ name = "MAX_DISCIPLINES", value = "26" }'],
  ['C17', 'compute', 'modules/compute/task_definition.tf', '{ name = "DB_POOL_SIZE", value = tostring(var.db_pool_size) }', '{ name = "DB_POOL_SIZE", value = var.db_pool_size }'],
  ['C17', 'compute', 'modules/compute/task_definition.tf', '{ name = "LOG_FORMAT", value = "json" },', '{ name = "LOG_FORMAT", value = "json" },\n        { name = "JWT_SECRET", value = "x" },'],
  ['C17', 'compute', 'main.tf', 'stop_timeout              = 60', 'stop_timeout              = 45'],
  ['C17', 'compute', 'modules/compute/task_definition.tf', 'mode                  = "non-blocking"\n          max-buffer-size', 'mode                  = "blocking"\n          max-buffer-size'],
  ['C17', 'compute', 'modules/compute/task_definition.tf', '{ containerPort = 2000, hostPort = 2000, protocol = "udp" }', '{ containerPort = 2000, hostPort = 2000, protocol = "tcp" }'],
  ['C18', 'compute', 'modules/compute/main.tf', 'value = var.container_insights ? "enabled" : "disabled"', 'value = "disabled"'],
  ['C18', 'compute', 'modules/compute/service.tf', 'assign_public_ip = false', 'assign_public_ip = true'],
  ['C19', 'compute', 'modules/compute/autoscaling.tf', 'namespace   = "eduautismo/api"', 'namespace   = "AWS/ECS"'],
  ['C19', 'compute', 'modules/compute/autoscaling.tf', 'scalable_dimension = "ecs:service:DesiredCount"', 'scalable_dimension = "ecs:service:Count"'],
  ['C19', 'compute', 'modules/compute/autoscaling.tf', 'predefined_metric_type = "ECSServiceAverageMemoryUtilization"', 'predefined_metric_type = "ALBRequestCountPerTarget"'],
  ['C20', 'compute', 'main.tf', 'health_check_path         = local.health_check_path', 'health_check_path         = "/health"'],
  ['C20', 'compute', 'modules/compute/variables.tf', '"ELBSecurityPolicy-TLS13-1-2-2021-06"', '"ELBSecurityPolicy-2016-08"'],
  ['C20', 'compute', 'modules/compute/codedeploy.tf', 'deployment_type   = "BLUE_GREEN"', 'deployment_type   = "IN_PLACE"'],
  ['C20', 'compute', 'modules/compute/alb.tf', 'target_type          = "ip"\n  port                 = 8000\n  protocol             = "HTTP"\n  vpc_id               = var.vpc_id\n  deregistration_delay = var.deregistration_delay\n\n  health_check {\n    path                = var.health_check_path\n    matcher             = "200"\n    interval            = 15\n    timeout             = 5\n    healthy_threshold   = 2\n    unhealthy_threshold = 3\n  }\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource "aws_lb_target_group" "green"', 'target_type          = "instance"\n  port                 = 8000\n  protocol             = "HTTP"\n  vpc_id               = var.vpc_id\n  deregistration_delay = var.deregistration_delay\n\n  health_check {\n    path                = var.health_check_path\n    matcher             = "200"\n  }\n}\n\nresource "aws_lb_target_group" "green"'],
  ['C21', 'security', 'environments/production/terraform.tfvars', 'waf_rate_limit          = 100', 'waf_rate_limit          = 1000'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', 'evaluation_window_sec = var.rate_window_sec', 'evaluation_window_sec = 300'],
  ['C21', 'security', 'environments/staging/terraform.tfvars', 'waf_allowed_countries   = ["BR"]', 'waf_allowed_countries   = ["BR", "US"]'],
  ['C21', 'security', 'modules/security/waf.tf', 'providers = {\n    aws = aws.us_east_1\n  }', 'providers = {\n    aws = aws\n  }'],
  ['C21', 'security', 'modules/security/waf/main.tf', '"aws-waf-logs-eduautismo-${var.environment}"', '"/waf/eduautismo-${var.environment}"'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', '"AWSManagedRulesSQLiRuleSet"', '"AWSManagedRulesLinuxRuleSet"'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', 'priority = 8', 'priority = 7'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', 'metric_name                = "rate-limit-per-ip"', 'metric_name                = "rate limit per ip"'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', 'response_code            = 429', 'response_code            = 403'],
  ['C21', 'security', 'modules/security/waf/web_acl.tf', 'detail = "Access not available in your region"', 'detail = "Forbidden"'],
  ['C22', 'security', 'modules/security/kms.tf', 'enable_key_rotation     = true\n  deletion_window_in_days = var.kms_deletion_window_days\n}\n\nresource "aws_kms_alias" "s3"', 'enable_key_rotation     = false\n  deletion_window_in_days = var.kms_deletion_window_days\n}\n\nresource "aws_kms_alias" "s3"'],
  ['C22', 'security', 'modules/database/secret.tf', '  kms_key_id              = var.secrets_kms_key_arn\n', ''],
  ['C22', 'security', 'modules/cache/main.tf', 'referenced_security_group_id = var.app_security_group_id', 'cidr_ipv4                    = "10.0.0.0/8"'],
  ['C22', 'security', 'modules/networking/security_groups.tf', 'referenced_security_group_id = aws_security_group.alb.id', 'cidr_ipv4                    = "0.0.0.0/0"'],
  ['C23', 'storage', 'modules/storage/lifecycle.tf', 'expiration {\n      days = 90', 'expiration {\n      days = 60'],
  ['C23', 'storage', 'modules/storage/lifecycle.tf', 'days          = 7\n      storage_class = "INTELLIGENT_TIERING"', 'days          = 7\n      storage_class = "STANDARD_IA"'],
  ['C23', 'storage', 'modules/storage/versioning.tf', 'status = "Enabled"', 'status = "Suspended"'],
  ['C23', 'storage', 'modules/storage/main.tf', 'bucket_key_enabled = true', 'bucket_key_enabled = false'],
  ['C23', 'storage', 'modules/storage/main.tf', 'restrict_public_buckets = true', 'restrict_public_buckets = false'],
  ['C23', 'storage', 'modules/storage/main.tf', 'values   = ["false"]', 'values   = ["true"]'],
  ['C23', 'storage', 'modules/storage/lifecycle.tf', 'id     = "exports-archive-and-expire"\n    status = local.lifecycle_status\n\n    filter {}\n', 'id     = "exports-archive-and-expire"\n    status = local.lifecycle_status\n'],
  ['C23', 'storage', 'modules/storage/main.tf', '-${var.environment}-exports${var.bucket_name_suffix}', '-exports-${var.environment}${var.bucket_name_suffix}'],
  ['C23', 'storage', 'modules/storage/cors.tf', 'bucket = aws_s3_bucket.exports.id', 'bucket = aws_s3_bucket.uploads.id'],
  ['C24', 'monitoring', 'modules/cache/main.tf', 'retention_in_days = var.log_retention_days', 'retention_in_days = 14'],
  ['C24', 'monitoring', 'modules/compute/main.tf', '  kms_key_id        = var.logs_kms_key_arn\n}\n\nresource "aws_cloudwatch_log_group" "sidecars"', '}\n\nresource "aws_cloudwatch_log_group" "sidecars"'],
  ['C24', 'monitoring', 'environments/staging/terraform.tfvars', 'log_retention_days           = 30', 'log_retention_days           = 31'],
  ['C25', 'monitoring', 'modules/monitoring/variables.tf', 'default     = 500', 'default     = 600'],
  ['C25', 'monitoring', 'modules/monitoring/variables.tf', 'default     = 80', 'default     = 70'],
  ['C25', 'monitoring', 'modules/monitoring/dashboard.tf', '["eduautismo/cache", "hit_rate", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "bncc"],\n            ["eduautismo/cache", "hit_rate", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "nlp"],\n            ["eduautismo/cache", "hit_rate",', '["eduautismo/cache", "hits", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "bncc"],\n            ["eduautismo/cache", "hits", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "nlp"],\n            ["eduautismo/cache", "hits",'],
  ['C25', 'monitoring', 'modules/monitoring/dashboard.tf', '"searches_per_code"', '"searches_per_skill"'],
  ['C26', 'cdn', 'modules/cdn/main.tf', 'minimum_protocol_version = "TLSv1.2_2021"', 'minimum_protocol_version = "TLSv1"'],
  ['C26', 'cdn', 'modules/cdn/main.tf', 'query_string_behavior = "all"', 'query_string_behavior = "none"'],
  ['C26', 'cdn', 'modules/cdn/main.tf', 'name  = "X-Origin-Verify"', 'name  = "X-Origin"'],
  ['C26', 'cdn', 'modules/cdn/main.tf', 'web_acl_id      = var.web_acl_arn', 'web_acl_id      = null'],
  ['C26', 'cdn', 'modules/cdn/variables.tf', 'default     = "PriceClass_All"', 'default     = "PriceClass_100"'],
  ['C26', 'cdn', 'modules/cdn/main.tf', 'origin_protocol_policy = "https-only"', 'origin_protocol_policy = "match-viewer"'],
  ['C27', 'app', 'modules/compute/task_definition.tf', '{ name = "LOG_FORMAT", value = "json" },', '{ name = "LOG_FORMAT", value = "json" },\n        { name = "FEATURE_FLAGS", value = "x" },'],
  ['C27', 'app', 'modules/compute/task_definition.tf', '        { name = "BNCC_CACHE_TTL", value = "3600" },\n', ''],
  ['C27', 'app', 'modules/compute/task_definition.tf', '["CMD", "/app/eduautismo", "healthcheck"]', '["CMD-SHELL", "curl -f http://localhost:8000/health"]'],
  ['C28', 'app', 'modules/database/main.tf', 'password = random_password.master.result', 'password = "Sup3rSecret!"'],
  ['C28', 'app', 'environments/dev/terraform.tfvars', 'alarm_email                  = null', 'alarm_email                  = null\nsmtp_password = "hunter2hunter2"'],
];
let ok = 0, bad = 0;
for (const [check, file, target, from, to] of M) {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(WORK), { recursive: true });
  fs.cpSync(SRC, WORK, { recursive: true });
  const p = path.join(WORK, target);
  const s = fs.readFileSync(p, 'utf8');
  const s2 = s.replace(from, to);
  if (s2 === s && String(from) !== String(to)) { console.log(`MISSING PATTERN ${check} ${target} ${String(from).slice(0, 60)}`); bad++; continue; }
  fs.writeFileSync(p, s2);
  const r = spawnSync('node', ['--test', '--test-reporter=tap', `${file}.test.mjs`], { cwd: INFRA, env: { ...process.env, EDU_TF_ROOT: WORK }, encoding: 'utf8' });
  const failedNames = [...r.stdout.matchAll(/^not ok \d+ - (C\d+)/gm)].map((m) => m[1]);
  const hit = failedNames.includes(check);
  if (hit) ok++; else bad++;
  console.log(`${hit ? 'CAUGHT ' : 'MISSED '} ${check} ${target}: ${String(to).split('\n')[0].slice(0, 70)}  [failed: ${failedNames.join(',') || '-'}]`);
}
fs.rmSync(TMP, { recursive: true, force: true });
console.log(`mutations caught ${ok}, missed ${bad}`);
process.exit(bad === 0 ? 0 : 1);
