# staging — sizing per INFRA.md §2.1 (MVP 3.0 plan). No secret values here: secrets live in Secrets Manager.
# Apply: terraform init -reconfigure -backend-config=environments/staging/backend.hcl
#        terraform apply -var-file=environments/staging/terraform.tfvars -var ecs_image_tag=<git sha>

aws_region   = "us-east-1"
project_name = "eduautismo-ia"
environment  = "staging"
tags         = { Owner = "platform" }

# networking
vpc_cidr           = "10.20.0.0/16"
az_count           = 2
single_nat_gateway = true

# database
rds_instance_class                 = "db.t3.small"
rds_allocated_storage              = 50
rds_max_allocated_storage          = 100
rds_multi_az                       = false
rds_backup_retention_period        = 3
rds_read_replica_count             = 0
rds_max_connections                = 200
rds_work_mem_kb                    = 16384
rds_effective_cache_size_pages     = null
rds_deletion_protection            = true
rds_skip_final_snapshot            = false
rds_performance_insights_retention = 7
rds_monitoring_interval            = 60

# cache
redis_engine_version           = "7.0"
redis_node_type                = "cache.t3.small"
redis_cluster_mode_enabled     = false
redis_num_shards               = 1
redis_replicas_per_shard       = 1
redis_snapshot_retention_limit = 1

# compute
ecs_task_cpu              = 1024
ecs_task_memory           = 2048
ecs_desired_count         = 2
ecs_min_tasks             = 2
ecs_max_tasks             = 5
ecs_container_insights    = true
ecs_deployment_controller = "CODE_DEPLOY"
ecs_image_tag             = "bootstrap" # the pipeline passes -var ecs_image_tag=<git sha>

# application
app_db_pool_size          = 20
app_log_level             = "INFO"
app_cors_origins          = ["https://staging.eduautismo.example"]
app_rate_limit_per_minute = 100
app_trusted_proxy_hops    = 1
app_password_reset_url    = "https://staging.eduautismo.example/reset-password"
alb_certificate_arn       = null

# edge (domains under .example are placeholders until the public domain is registered)
enable_waf              = true
waf_scope               = "REGIONAL"
waf_rate_limit          = 100
waf_rate_window_sec     = 60
waf_allowed_countries   = ["BR"]
waf_trusted_cidrs       = []
enable_cloudfront       = false
cdn_aliases             = []
cdn_acm_certificate_arn = null
cdn_origin_domain_name  = null

# observability and security
enable_xray                  = true
enable_datadog               = true
log_retention_days           = 30
kms_deletion_window_days     = 10
secrets_recovery_window_days = 7
alarm_email                  = null

# storage
s3_cors_allowed_origins = ["https://staging.eduautismo.example"]
s3_force_destroy        = false
