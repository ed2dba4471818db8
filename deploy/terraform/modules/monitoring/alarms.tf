# Alarms -> SNS. The p95 and 5xx-ratio alarms also stop CodeDeploy deployments with rollback.

# ---------------------------------------------------------------- application (custom metrics)

resource "aws_cloudwatch_metric_alarm" "api_p95_latency" {
  alarm_name          = var.deployment_alarm_names.p95_latency
  alarm_description   = "API p95 latency above ${var.p95_latency_ms} ms (3 of 5 minutes)"
  namespace           = "eduautismo/api"
  metric_name         = "latency"
  extended_statistic  = "p95"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.p95_latency_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  unit                = "Milliseconds"

  dimensions = {
    Environment = var.environment
    Service     = local.service_dim
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "cache_hit_rate" {
  alarm_name          = "${local.name_prefix}-cache-hit-rate"
  alarm_description   = "BNCC cache hit rate below ${var.cache_hit_rate_min} % for 15 minutes"
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  threshold           = var.cache_hit_rate_min
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "hit_rate"
    expression  = "IF((hits + misses) > 0, 100 * hits / (hits + misses))"
    label       = "hit_rate"
    return_data = true
  }

  metric_query {
    id = "hits"

    metric {
      namespace   = "eduautismo/cache"
      metric_name = "hits"
      period      = 300
      stat        = "Sum"

      dimensions = {
        Environment = var.environment
        Service     = local.service_dim
        Cache       = "bncc"
      }
    }
  }

  metric_query {
    id = "misses"

    metric {
      namespace   = "eduautismo/cache"
      metric_name = "misses"
      period      = 300
      stat        = "Sum"

      dimensions = {
        Environment = var.environment
        Service     = local.service_dim
        Cache       = "bncc"
      }
    }
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "subject_anomaly" {
  for_each = toset(var.monitored_subjects)

  alarm_name          = "${local.name_prefix}-subject-${each.key}-anomaly"
  alarm_description   = "requests_per_subject for ${each.key} outside its anomaly band"
  evaluation_periods  = 3
  threshold_metric_id = "band"
  comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold"
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "requests"
    return_data = true

    metric {
      namespace   = "eduautismo/disciplines"
      metric_name = "requests_per_subject"
      period      = 300
      stat        = "Sum"

      dimensions = {
        Environment = var.environment
        Service     = local.service_dim
        Subject     = each.key
      }
    }
  }

  metric_query {
    id          = "band"
    expression  = "ANOMALY_DETECTION_BAND(requests, 3)"
    label       = "expected"
    return_data = true
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

# ---------------------------------------------------------------- load balancer and service

resource "aws_cloudwatch_metric_alarm" "alb_5xx_ratio" {
  alarm_name          = var.deployment_alarm_names.error_ratio
  alarm_description   = "ALB target 5xx ratio above ${var.error_rate_max_percent} %"
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.error_rate_max_percent
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "ratio"
    expression  = "IF(requests > 0, 100 * errors / requests, 0)"
    label       = "5xx ratio (%)"
    return_data = true
  }

  metric_query {
    id = "errors"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      period      = 60
      stat        = "Sum"

      dimensions = {
        LoadBalancer = var.alb_arn_suffix
      }
    }
  }

  metric_query {
    id = "requests"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      period      = 60
      stat        = "Sum"

      dimensions = {
        LoadBalancer = var.alb_arn_suffix
      }
    }
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  for_each = var.tg_arn_suffixes

  alarm_name          = "${local.name_prefix}-${each.key}-unhealthy-hosts"
  alarm_description   = "Unhealthy targets in the ${each.key} target group"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    LoadBalancer = var.alb_arn_suffix
    TargetGroup  = each.value
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "running_tasks" {
  alarm_name          = "${local.name_prefix}-running-tasks-low"
  alarm_description   = "Fewer running tasks than the autoscaling minimum"
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.min_tasks
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"

  dimensions = {
    ClusterName = var.cluster_name
    ServiceName = var.service_name
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

# ---------------------------------------------------------------- RDS

resource "aws_cloudwatch_metric_alarm" "rds_cpu" {
  alarm_name          = "${local.name_prefix}-rds-cpu"
  alarm_description   = "RDS primary CPU above 80 %"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    DBInstanceIdentifier = var.db_primary_identifier
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "rds_free_storage" {
  alarm_name          = "${local.name_prefix}-rds-free-storage"
  alarm_description   = "RDS primary free storage below 10 % of the allocated storage"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.db_allocated_storage_gb * 1000000000 * 0.1
  comparison_operator = "LessThanThreshold"

  dimensions = {
    DBInstanceIdentifier = var.db_primary_identifier
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "rds_connections" {
  alarm_name          = "${local.name_prefix}-rds-connections"
  alarm_description   = "RDS primary connections above ${var.db_connections_max}"
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.db_connections_max
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    DBInstanceIdentifier = var.db_primary_identifier
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "rds_replica_lag" {
  for_each = toset(var.db_replica_identifiers)

  alarm_name          = "${each.key}-replica-lag"
  alarm_description   = "Replica lag above 30 s"
  namespace           = "AWS/RDS"
  metric_name         = "ReplicaLag"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 30
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    DBInstanceIdentifier = each.key
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

# ---------------------------------------------------------------- ElastiCache (per node)

resource "aws_cloudwatch_metric_alarm" "redis_engine_cpu" {
  for_each = toset(local.redis_node_ids)

  alarm_name          = "${each.key}-engine-cpu"
  alarm_description   = "Redis engine CPU above 80 %"
  namespace           = "AWS/ElastiCache"
  metric_name         = "EngineCPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    CacheClusterId = each.key
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  for_each = toset(local.redis_node_ids)

  alarm_name          = "${each.key}-memory"
  alarm_description   = "Redis memory usage above 80 %"
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"

  dimensions = {
    CacheClusterId = each.key
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "redis_evictions" {
  for_each = toset(local.redis_node_ids)

  alarm_name          = "${each.key}-evictions"
  alarm_description   = "Sustained Redis evictions (every key has a TTL; memory is short)"
  namespace           = "AWS/ElastiCache"
  metric_name         = "Evictions"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    CacheClusterId = each.key
  }

  alarm_actions = [aws_sns_topic.alarms.arn]
}

# ---------------------------------------------------------------- WAF (informational)

resource "aws_cloudwatch_metric_alarm" "waf_blocked_spike" {
  count = local.waf_alarm ? 1 : 0

  alarm_name          = "${local.name_prefix}-waf-blocked-spike"
  alarm_description   = "Informational: WAF blocked requests spike"
  namespace           = "AWS/WAFV2"
  metric_name         = "BlockedRequests"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1000
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = merge(
    { WebACL = var.waf_web_acl_name, Rule = "ALL" },
    var.waf_scope == "REGIONAL" ? { Region = var.aws_region } : {},
  )

  alarm_actions = [aws_sns_topic.alarms.arn]
}
