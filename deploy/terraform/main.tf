# Root module: wires the eight modules for one environment (INFRA.md §2.10). The environment is
# chosen by the tfvars file and the backend by backend.hcl:
#   terraform init -reconfigure -backend-config=environments/<env>/backend.hcl
#   terraform plan -var-file=environments/<env>/terraform.tfvars -var ecs_image_tag=<git sha>

module "security" {
  source = "./modules/security"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  project_name                 = var.project_name
  environment                  = var.environment
  kms_deletion_window_days     = var.kms_deletion_window_days
  secrets_recovery_window_days = var.secrets_recovery_window_days
  enable_datadog               = var.enable_datadog
  enable_waf                   = var.enable_waf
  waf_scope                    = var.waf_scope
  waf_rate_limit               = var.waf_rate_limit
  waf_rate_window_sec          = var.waf_rate_window_sec
  waf_allowed_countries        = var.waf_allowed_countries
  waf_trusted_cidrs            = var.waf_trusted_cidrs
  log_retention_days           = var.log_retention_days
}

module "networking" {
  source = "./modules/networking"

  project_name                     = var.project_name
  environment                      = var.environment
  vpc_cidr                         = var.vpc_cidr
  az_count                         = var.az_count
  single_nat_gateway               = var.single_nat_gateway
  container_port                   = local.container_port
  alb_ingress_from_cloudfront_only = var.enable_cloudfront
  trusted_cidrs                    = var.waf_trusted_cidrs
  enable_flow_logs                 = var.enable_flow_logs
  flow_logs_retention_days         = var.log_retention_days
  logs_kms_key_arn                 = module.security.kms_key_arns["logs"]
  enable_vpc_endpoints             = var.enable_vpc_endpoints
}

module "database" {
  source = "./modules/database"

  project_name                   = var.project_name
  environment                    = var.environment
  vpc_id                         = module.networking.vpc_id
  private_subnet_ids             = module.networking.private_subnet_ids
  app_security_group_id          = module.networking.app_security_group_id
  instance_class                 = var.rds_instance_class
  allocated_storage              = var.rds_allocated_storage
  max_allocated_storage          = var.rds_max_allocated_storage
  multi_az                       = var.rds_multi_az
  backup_retention_period        = var.rds_backup_retention_period
  read_replica_count             = var.rds_read_replica_count
  max_connections                = var.rds_max_connections
  work_mem_kb                    = var.rds_work_mem_kb
  effective_cache_size_pages     = var.rds_effective_cache_size_pages
  performance_insights_retention = var.rds_performance_insights_retention
  monitoring_interval            = var.rds_monitoring_interval
  kms_key_arn                    = module.security.kms_key_arns["rds"]
  secrets_kms_key_arn            = module.security.kms_key_arns["secrets"]
  secrets_recovery_window_days   = var.secrets_recovery_window_days
  deletion_protection            = var.rds_deletion_protection
  skip_final_snapshot            = var.rds_skip_final_snapshot
  secret_host_override           = var.app_db_host_override
  secret_read_hosts_override     = var.app_db_read_hosts_override
}

module "cache" {
  source = "./modules/cache"

  project_name                 = var.project_name
  environment                  = var.environment
  vpc_id                       = module.networking.vpc_id
  private_subnet_ids           = module.networking.private_subnet_ids
  app_security_group_id        = module.networking.app_security_group_id
  engine_version               = var.redis_engine_version
  node_type                    = var.redis_node_type
  cluster_mode_enabled         = var.redis_cluster_mode_enabled
  num_shards                   = var.redis_num_shards
  replicas_per_shard           = var.redis_replicas_per_shard
  kms_key_arn                  = module.security.kms_key_arns["cache"]
  secrets_kms_key_arn          = module.security.kms_key_arns["secrets"]
  secrets_recovery_window_days = var.secrets_recovery_window_days
  snapshot_retention_limit     = var.redis_snapshot_retention_limit
  log_retention_days           = var.log_retention_days
  logs_kms_key_arn             = module.security.kms_key_arns["logs"]
}

module "storage" {
  source = "./modules/storage"

  bucket_name_prefix   = var.bucket_name_prefix
  bucket_name_suffix   = var.bucket_name_suffix
  environment          = var.environment
  kms_key_arn          = module.security.kms_key_arns["s3"]
  cors_allowed_origins = var.s3_cors_allowed_origins
  force_destroy        = var.s3_force_destroy
}

# Shared secret between CloudFront (custom origin header) and the ALB listener rule.
resource "random_password" "origin_verify" {
  count = var.enable_cloudfront ? 1 : 0

  length  = 48
  special = false
}

module "compute" {
  source = "./modules/compute"

  project_name              = var.project_name
  environment               = var.environment
  aws_region                = var.aws_region
  vpc_id                    = module.networking.vpc_id
  public_subnet_ids         = module.networking.public_subnet_ids
  private_subnet_ids        = module.networking.private_subnet_ids
  alb_security_group_id     = module.networking.alb_security_group_id
  app_security_group_id     = module.networking.app_security_group_id
  image_tag                 = var.ecs_image_tag
  container_port            = local.container_port
  task_cpu                  = var.ecs_task_cpu
  task_memory               = var.ecs_task_memory
  desired_count             = var.ecs_desired_count
  min_capacity              = var.ecs_min_tasks
  max_capacity              = var.ecs_max_tasks
  container_insights        = var.ecs_container_insights
  log_retention_days        = var.log_retention_days
  logs_kms_key_arn          = module.security.kms_key_arns["logs"]
  health_check_path         = local.health_check_path
  alb_certificate_arn       = var.alb_certificate_arn
  deployment_controller     = var.ecs_deployment_controller
  codedeploy_config_name    = var.environment == "production" ? "CodeDeployDefault.ECSCanary10Percent5Minutes" : "CodeDeployDefault.ECSAllAtOnce"
  deployment_alarm_names    = values(local.deployment_alarm_names)
  enable_execute_command    = var.environment == "dev"
  enable_xray               = var.enable_xray
  enable_datadog            = var.enable_datadog
  datadog_secret_arn        = module.security.datadog_secret_arn
  origin_verify_enabled     = var.enable_cloudfront
  cloudfront_origin_secret  = one(random_password.origin_verify[*].result)
  db_host                   = coalesce(var.app_db_host_override, module.database.primary_address)
  db_port                   = module.database.primary_port
  db_name                   = module.database.db_name
  db_read_hosts             = var.app_db_read_hosts_override != null ? var.app_db_read_hosts_override : module.database.replica_addresses
  db_secret_arn             = module.database.db_secret_arn
  db_pool_size              = var.app_db_pool_size
  redis_url                 = module.cache.redis_url
  redis_cluster_mode        = module.cache.cluster_mode_enabled
  redis_secret_arn          = module.cache.auth_secret_arn
  app_secret_arn            = module.security.app_secret_arn
  secrets_kms_key_arn       = module.security.kms_key_arns["secrets"]
  s3_kms_key_arn            = module.security.kms_key_arns["s3"]
  bucket_names              = module.storage.bucket_names
  bucket_arns               = module.storage.bucket_arns
  cors_origins              = var.app_cors_origins
  log_level                 = var.app_log_level
  rate_limit_per_minute     = var.app_rate_limit_per_minute
  trusted_proxy_hops        = var.app_trusted_proxy_hops
  password_reset_url        = var.app_password_reset_url
  cache_enabled             = var.app_cache_enabled
  health_check_grace_period = 60
  stop_timeout              = 60
}

module "monitoring" {
  source = "./modules/monitoring"

  project_name               = var.project_name
  environment                = var.environment
  aws_region                 = var.aws_region
  app_log_group_name         = module.compute.app_log_group_name
  cluster_name               = module.compute.cluster_name
  service_name               = module.compute.service_name
  min_tasks                  = var.ecs_min_tasks
  alb_arn_suffix             = module.compute.alb_arn_suffix
  tg_arn_suffixes            = { blue = module.compute.tg_blue_arn_suffix, green = module.compute.tg_green_arn_suffix }
  db_primary_identifier      = module.database.primary_identifier
  db_replica_identifiers     = module.database.replica_identifiers
  db_allocated_storage_gb    = var.rds_allocated_storage
  db_connections_max         = floor(var.rds_max_connections * 0.8)
  redis_replication_group_id = module.cache.replication_group_id
  redis_cluster_mode_enabled = var.redis_cluster_mode_enabled
  redis_num_shards           = var.redis_num_shards
  redis_replicas_per_shard   = var.redis_replicas_per_shard
  waf_enabled                = var.enable_waf
  waf_scope                  = var.waf_scope
  waf_web_acl_name           = module.security.web_acl_name
  alarm_email                = var.alarm_email
  logs_kms_key_arn           = module.security.kms_key_arns["logs"]
  monitored_subjects         = local.monitored_subjects
  deployment_alarm_names     = local.deployment_alarm_names
}

module "cdn" {
  source = "./modules/cdn"
  count  = var.enable_cloudfront ? 1 : 0

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  environment                   = var.environment
  origin_domain_name            = var.cdn_origin_domain_name
  aliases                       = var.cdn_aliases
  acm_certificate_arn_us_east_1 = var.cdn_acm_certificate_arn
  web_acl_arn                   = module.security.web_acl_arn
  origin_verify_secret          = one(random_password.origin_verify[*].result)
}

# REGIONAL web ACL (staging) sits on the ALB; the CLOUDFRONT one is set on the distribution.
resource "aws_wafv2_web_acl_association" "alb" {
  count = local.waf_on_alb ? 1 : 0

  resource_arn = module.compute.alb_arn
  web_acl_arn  = module.security.web_acl_arn
}

# Account-specific inputs that are not in the tfvars files (certificates, origin host name) must be
# passed with -var at apply time; warn early when they are missing.
check "edge_inputs" {
  assert {
    condition     = var.environment == "dev" || var.alb_certificate_arn != null
    error_message = "staging/production need -var alb_certificate_arn=<ACM ARN> (HTTPS listener, CodeDeploy prod route)."
  }

  assert {
    condition     = !var.enable_cloudfront || (var.cdn_acm_certificate_arn != null && var.cdn_origin_domain_name != null)
    error_message = "enable_cloudfront needs -var cdn_acm_certificate_arn=<us-east-1 ACM ARN> and -var cdn_origin_domain_name=<origin host>."
  }

  assert {
    condition     = var.ecs_max_tasks * var.app_db_pool_size <= var.rds_max_connections - 20
    error_message = "Connection budget exceeded: ecs_max_tasks x app_db_pool_size must be <= rds_max_connections - 20."
  }
}
