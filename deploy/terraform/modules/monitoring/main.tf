# Monitoring: alarm topic, metric filters on the app log group, alarms, dashboard and saved Logs
# Insights queries (INFRA.md §2.7). Custom metrics come from the server's EMF lines (§1.5).
locals {
  name_prefix = "${var.project_name}-${var.environment}"
  service_dim = "eduautismo-api"

  # ElastiCache publishes host metrics per node; node ids are derived from the group id.
  redis_node_ids = var.redis_cluster_mode_enabled ? flatten([
    for s in range(1, var.redis_num_shards + 1) : [
      for n in range(1, var.redis_replicas_per_shard + 2) : format("%s-%04d-%03d", var.redis_replication_group_id, s, n)
    ]
  ]) : [for n in range(1, var.redis_replicas_per_shard + 2) : format("%s-%03d", var.redis_replication_group_id, n)]

  waf_alarm = var.waf_enabled && (var.waf_scope == "REGIONAL" || var.aws_region == "us-east-1")
}

resource "aws_sns_topic" "alarms" {
  name              = "${local.name_prefix}-alarms"
  kms_master_key_id = var.logs_kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# ---------------------------------------------------------------- metric filters (JSON log lines)

resource "aws_cloudwatch_log_metric_filter" "app_errors" {
  name           = "app-errors"
  log_group_name = var.app_log_group_name
  pattern        = "{ $.level = \"ERROR\" }"

  metric_transformation {
    name          = "errors"
    namespace     = "eduautismo/api"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "http_5xx" {
  name           = "http-5xx"
  log_group_name = var.app_log_group_name
  pattern        = "{ $.status >= 500 }"

  metric_transformation {
    name          = "http_5xx"
    namespace     = "eduautismo/api"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "slow_requests" {
  name           = "slow-requests"
  log_group_name = var.app_log_group_name
  pattern        = "{ $.duration_ms > 500 }"

  metric_transformation {
    name          = "slow_requests"
    namespace     = "eduautismo/api"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "bncc_search" {
  name           = "bncc-search"
  log_group_name = var.app_log_group_name
  pattern        = "{ $.event = \"bncc_search\" }"

  metric_transformation {
    name          = "searches"
    namespace     = "eduautismo/bncc"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

# ---------------------------------------------------------------- saved Logs Insights queries

resource "aws_cloudwatch_query_definition" "top_bncc_codes" {
  name            = "${local.name_prefix}/top-bncc-codes"
  log_group_names = [var.app_log_group_name]
  query_string    = <<-EOT
    fields bncc_code
    | filter event = "bncc_search"
    | stats count(*) as searches by bncc_code
    | sort searches desc
    | limit 50
  EOT
}

resource "aws_cloudwatch_query_definition" "slowest_routes" {
  name            = "${local.name_prefix}/slowest-routes"
  log_group_names = [var.app_log_group_name]
  query_string    = <<-EOT
    fields route, duration_ms
    | filter event = "http_request"
    | stats pct(duration_ms, 95) as p95_ms, avg(duration_ms) as avg_ms, count(*) as requests by route
    | sort p95_ms desc
    | limit 25
  EOT
}

resource "aws_cloudwatch_query_definition" "errors_by_trace" {
  name            = "${local.name_prefix}/errors-by-trace"
  log_group_names = [var.app_log_group_name]
  query_string    = <<-EOT
    fields @timestamp, trace_id, request_id, route, status, message
    | filter level = "ERROR" or status >= 500
    | sort @timestamp desc
    | limit 100
  EOT
}
