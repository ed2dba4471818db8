# production — sizing per INFRA.md §2.1 (MVP 3.0 plan). No secret values here: secrets live in Secrets Manager.
# Apply: terraform init -reconfigure -backend-config=environments/production/backend.hcl
#        terraform apply -var-file=environments/production/terraform.tfvars -var ecs_image_tag=<git sha>

aws_region   = "us-east-1"
project_name = "eduautismo-ia"
environment  = "production"
tags         = { Owner = "platform" }

# networking
vpc_cidr           = "10.30.0.0/16"
az_count           = 3
single_nat_gateway = false

# database
rds_instance_class                 = "db.r6g.xlarge"
rds_allocated_storage              = 200
rds_max_allocated_storage          = 500
rds_multi_az                       = true
rds_backup_retention_period        = 7
rds_read_replica_count             = 2
rds_max_connections                = 500
rds_work_mem_kb                    = 16384
rds_effective_cache_size_pages     = 524288
rds_deletion_protection            = true
rds_skip_final_snapshot            = false
rds_performance_insights_retention = 7
rds_monitoring_interval            = 60

# cache
redis_engine_version           = "7.0"
redis_node_type                = "cache.r6g.large"
redis_cluster_mode_enabled     = true
redis_num_shards               = 3
redis_replicas_per_shard       = 2
redis_snapshot_retention_limit = 7

# compute
ecs_task_cpu              = 2048
ecs_task_memory           = 4096
ecs_desired_count         = 5
ecs_min_tasks             = 5
ecs_max_tasks             = 20
ecs_container_insights    = true
ecs_deployment_controller = "CODE_DEPLOY"
ecs_image_tag             = "bootstrap" # the pipeline passes -var ecs_image_tag=<git sha>

# application
app_db_pool_size          = 20
app_log_level             = "INFO"
app_cors_origins          = ["https://app.eduautismo.example"]
app_rate_limit_per_minute = 100
app_trusted_proxy_hops    = 2
app_password_reset_url    = "https://app.eduautismo.example/reset-password"
alb_certificate_arn       = null

# edge (domains under .example are placeholders until the public domain is registered)
enable_waf              = true
waf_scope               = "CLOUDFRONT"
waf_rate_limit          = 100
waf_rate_window_sec     = 60
waf_allowed_countries   = ["BR"]
waf_trusted_cidrs       = []
enable_cloudfront       = true
cdn_aliases             = ["api.eduautismo.example"]
cdn_acm_certificate_arn = null
cdn_origin_domain_name  = null

# observability and security
enable_xray                  = true
enable_datadog               = true
log_retention_days           = 90
kms_deletion_window_days     = 30
secrets_recovery_window_days = 30
alarm_email                  = null

# storage
s3_cors_allowed_origins = ["https://app.eduautismo.example"]
s3_force_destroy        = false
