# Task definition. Container definitions are a literal list in locals (read by the offline checks,
# INFRA.md §4 C17/C27); sidecars that are switched off are filtered out when encoding.
# Environment values are all strings (F27); secret-bearing names come only through `secrets`.
locals {
  xray_cpu       = var.enable_xray ? 32 : 0
  xray_memory    = var.enable_xray ? 256 : 0
  datadog_cpu    = var.enable_datadog ? 96 : 0
  datadog_memory = var.enable_datadog ? 256 : 0
  api_cpu        = var.task_cpu - local.xray_cpu - local.datadog_cpu
  api_memory     = var.task_memory - local.xray_memory - local.datadog_memory

  metrics_sink       = var.enable_datadog ? "both" : "emf"
  db_read_hosts      = join(",", [for h in var.db_read_hosts : "${h}:${var.db_port}"])
  datadog_secret_arn = var.datadog_secret_arn == null ? "unset" : var.datadog_secret_arn

  enabled_containers = concat(
    ["api"],
    var.enable_xray ? ["xray-daemon"] : [],
    var.enable_datadog ? ["datadog-agent"] : [],
  )

  container_definitions = [
    {
      name              = "api"
      image             = "${aws_ecr_repository.api.repository_url}:${var.image_tag}"
      essential         = true
      cpu               = local.api_cpu
      memoryReservation = local.api_memory
      user              = "1000"
      portMappings = [
        { containerPort = var.container_port, hostPort = var.container_port, protocol = "tcp", name = "http" },
      ]
      environment = [
        { name = "ENVIRONMENT", value = var.environment },
        { name = "PORT", value = tostring(var.container_port) },
        { name = "AWS_REGION", value = var.aws_region },
        { name = "LOG_LEVEL", value = var.log_level },
        { name = "LOG_FORMAT", value = "json" },
        { name = "REDIS_URL", value = var.redis_url },
        { name = "REDIS_CLUSTER_MODE", value = tostring(var.redis_cluster_mode) },
        { name = "DB_HOST", value = var.db_host },
        { name = "DB_PORT", value = tostring(var.db_port) },
        { name = "DB_NAME", value = var.db_name },
        { name = "DB_READ_HOSTS", value = local.db_read_hosts },
        { name = "DB_SSLMODE", value = "verify-full" },
        { name = "DB_SSLROOTCERT", value = var.db_ssl_root_cert },
        { name = "DB_POOL_SIZE", value = tostring(var.db_pool_size) },
        { name = "ENABLE_MULTIDISCIPLINARY", value = "true" },
        { name = "MAX_DISCIPLINES", value = "25" },
        { name = "MAX_GRADE_LEVELS", value = "18" },
        { name = "BNCC_CACHE_TTL", value = "3600" },
        { name = "NLP_CACHE_TTL", value = "1800" },
        { name = "CACHE_ENABLED", value = tostring(var.cache_enabled) },
        { name = "S3_BUCKET_UPLOADS", value = var.bucket_names["uploads"] },
        { name = "S3_BUCKET_EXPORTS", value = var.bucket_names["exports"] },
        { name = "S3_BUCKET_ML_MODELS", value = var.bucket_names["ml-models"] },
        { name = "S3_BUCKET_BNCC_DATA", value = var.bucket_names["bncc-data"] },
        { name = "S3_SSE_KMS_KEY_ID", value = var.s3_kms_key_arn },
        { name = "CORS_ORIGINS", value = join(",", var.cors_origins) },
        { name = "RATE_LIMIT_PER_MINUTE", value = tostring(var.rate_limit_per_minute) },
        { name = "TRUSTED_PROXY_HOPS", value = tostring(var.trusted_proxy_hops) },
        { name = "PASSWORD_RESET_URL", value = var.password_reset_url },
        { name = "METRICS_SINK", value = local.metrics_sink },
        { name = "METRICS_NAMESPACE_PREFIX", value = "eduautismo" },
        { name = "SERVICE_NAME", value = "eduautismo-api" },
        { name = "TRACING_ENABLED", value = tostring(var.enable_xray) },
        { name = "AWS_XRAY_DAEMON_ADDRESS", value = "127.0.0.1:2000" },
        { name = "DD_AGENT_HOST", value = "127.0.0.1" },
        { name = "DD_DOGSTATSD_PORT", value = "8125" },
        { name = "DD_ENV", value = var.environment },
        { name = "DD_SERVICE", value = "eduautismo-api" },
        { name = "DD_VERSION", value = var.image_tag },
        { name = "SHUTDOWN_GRACE_SECONDS", value = "50" },
      ]
      secrets = [
        { name = "DB_USER", valueFrom = "${var.db_secret_arn}:username::" },
        { name = "DB_PASSWORD", valueFrom = "${var.db_secret_arn}:password::" },
        { name = "REDIS_AUTH_TOKEN", valueFrom = "${var.redis_secret_arn}:auth_token::" },
        { name = "JWT_SECRET", valueFrom = "${var.app_secret_arn}:jwt_secret::" },
        { name = "OPENAI_API_KEY", valueFrom = "${var.app_secret_arn}:openai_api_key::" },
        { name = "SMTP_PASSWORD", valueFrom = "${var.app_secret_arn}:smtp_password::" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "api"
          mode                  = "non-blocking"
          max-buffer-size       = "25m"
        }
      }
      healthCheck = {
        command     = ["CMD", "/app/eduautismo", "healthcheck"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      stopTimeout            = var.stop_timeout
      linuxParameters        = { initProcessEnabled = true }
      readonlyRootFilesystem = true
      mountPoints = [
        { sourceVolume = "scratch", containerPath = "/tmp", readOnly = false },
      ]
      ulimits = [
        { name = "nofile", softLimit = 65536, hardLimit = 65536 },
      ]
      dependsOn = var.enable_xray ? [{ containerName = "xray-daemon", condition = "START" }] : []
    },
    {
      name              = "xray-daemon"
      image             = var.xray_image
      essential         = false
      cpu               = 32
      memoryReservation = 256
      portMappings = [
        { containerPort = 2000, hostPort = 2000, protocol = "udp" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.sidecars.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "xray"
          mode                  = "non-blocking"
        }
      }
    },
    {
      name              = "datadog-agent"
      image             = "public.ecr.aws/datadog/agent:7"
      essential         = false
      cpu               = 96
      memoryReservation = 256
      portMappings = [
        { containerPort = 8125, hostPort = 8125, protocol = "udp" },
        { containerPort = 8126, hostPort = 8126, protocol = "tcp" },
      ]
      environment = [
        { name = "ECS_FARGATE", value = "true" },
        { name = "DD_APM_ENABLED", value = "true" },
        { name = "DD_DOGSTATSD_NON_LOCAL_TRAFFIC", value = "true" },
        { name = "DD_SITE", value = var.datadog_site },
        { name = "DD_ENV", value = var.environment },
        { name = "DD_SERVICE", value = "eduautismo-api" },
      ]
      secrets = [
        { name = "DD_API_KEY", valueFrom = "${local.datadog_secret_arn}:api_key::" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.sidecars.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "datadog"
          mode                  = "non-blocking"
        }
      }
    },
  ]
}

resource "aws_ecs_task_definition" "api" {
  family                   = local.family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([for c in local.container_definitions : c if contains(local.enabled_containers, c.name)])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # Writable scratch space for a read-only root filesystem (Fargate task storage; Fargate has no
  # linuxParameters.tmpfs).
  volume {
    name = "scratch"
  }

  # Keep previous revisions registered: the immediate rollback tier redeploys them.
  skip_destroy = true

  lifecycle {
    precondition {
      condition     = contains(lookup(local.fargate_memory, tostring(var.task_cpu), []), var.task_memory)
      error_message = "task_cpu/task_memory is not a valid Fargate pair."
    }

    precondition {
      condition     = !var.enable_datadog || var.datadog_secret_arn != null
      error_message = "enable_datadog needs datadog_secret_arn."
    }
  }
}
