# Dashboard body as a literal (read by the offline checks): ALB, ECS, the four custom metrics, RDS,
# ElastiCache and WAF.
locals {
  dashboard = {
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 8, height = 6
        properties = {
          title  = "ALB requests and target 5xx"
          region = var.aws_region
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
          ]
        }
      },
      {
        type = "metric", x = 8, y = 0, width = 8, height = 6
        properties = {
          title  = "ALB TargetResponseTime p95"
          region = var.aws_region
          stat   = "p95"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix],
          ]
        }
      },
      {
        type = "metric", x = 16, y = 0, width = 8, height = 6
        properties = {
          title  = "ECS CPU / memory / running tasks"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 8, height = 6
        properties = {
          title  = "API p95 latency (ms)"
          region = var.aws_region
          stat   = "Maximum"
          period = 60
          metrics = [
            ["eduautismo/api", "p95_latency", "Environment", var.environment, "Service", "eduautismo-api"],
            ["eduautismo/api", "latency", "Environment", var.environment, "Service", "eduautismo-api", { stat = "p95" }],
          ]
          annotations = { horizontal = [{ label = "P95 target", value = var.p95_latency_ms }] }
        }
      },
      {
        type = "metric", x = 8, y = 6, width = 8, height = 6
        properties = {
          title  = "Cache hit rate (%)"
          region = var.aws_region
          stat   = "Average"
          period = 300
          metrics = [
            ["eduautismo/cache", "hit_rate", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "bncc"],
            ["eduautismo/cache", "hit_rate", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "nlp"],
            ["eduautismo/cache", "hit_rate", "Environment", var.environment, "Service", "eduautismo-api", "Cache", "session"],
          ]
          annotations = { horizontal = [{ label = "Hit-rate target", value = var.cache_hit_rate_min }] }
        }
      },
      {
        type = "metric", x = 16, y = 6, width = 8, height = 6
        properties = {
          title  = "In-flight requests per task"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            ["eduautismo/api", "in_flight_requests", "Environment", var.environment, "Service", "eduautismo-api"],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title  = "Requests per subject"
          region = var.aws_region
          stat   = "Sum"
          period = 300
          metrics = [
            [{ expression = "SEARCH('{eduautismo/disciplines,Environment,Service,Subject} MetricName=\"requests_per_subject\" Environment=\"${var.environment}\"', 'Sum', 300)", id = "subjects", label = "" }],
            ["eduautismo/disciplines", "requests_per_subject", "Environment", var.environment, "Service", "eduautismo-api", "Subject", "matematica", { visible = false }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 12, width = 12, height = 6
        properties = {
          title  = "BNCC searches"
          region = var.aws_region
          stat   = "Sum"
          period = 300
          metrics = [
            ["eduautismo/bncc", "searches_per_code", "Environment", var.environment, "Service", "eduautismo-api"],
            ["eduautismo/bncc", "searches", { visible = false }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 18, width = 12, height = 6
        properties = {
          title  = "RDS CPU / connections / latency / replica lag"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_primary_identifier],
            ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.db_primary_identifier, { yAxis = "right" }],
            ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", var.db_primary_identifier, { yAxis = "right" }],
            ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", var.db_primary_identifier, { yAxis = "right" }],
            [{ expression = "SEARCH('{AWS/RDS,DBInstanceIdentifier} MetricName=\"ReplicaLag\" ${var.db_primary_identifier}', 'Maximum', 60)", id = "lag", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 18, width = 12, height = 6
        properties = {
          title  = "ElastiCache CPU / hit rate / evictions / connections"
          region = var.aws_region
          stat   = "Average"
          period = 60
          metrics = [
            [{ expression = "SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"EngineCPUUtilization\" ${var.redis_replication_group_id}', 'Average', 60)", id = "cpu", label = "" }],
            [{ expression = "SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"CacheHitRate\" ${var.redis_replication_group_id}', 'Average', 60)", id = "hits", label = "" }],
            [{ expression = "SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"Evictions\" ${var.redis_replication_group_id}', 'Sum', 60)", id = "evictions", label = "" }],
            [{ expression = "SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"CurrConnections\" ${var.redis_replication_group_id}', 'Average', 60)", id = "connections", label = "" }],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 24, width = 12, height = 6
        properties = {
          title  = "WAF allowed / blocked"
          region = var.waf_scope == "CLOUDFRONT" ? "us-east-1" : var.aws_region
          stat   = "Sum"
          period = 300
          metrics = [
            [{ expression = "SEARCH('{AWS/WAFV2,Rule,WebACL} MetricName=\"AllowedRequests\" Rule=\"ALL\"', 'Sum', 300)", id = "allowed", label = "" }],
            [{ expression = "SEARCH('{AWS/WAFV2,Rule,WebACL} MetricName=\"BlockedRequests\"', 'Sum', 300)", id = "blocked", label = "" }],
          ]
        }
      },
    ]
  }
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name_prefix
  dashboard_body = jsonencode(local.dashboard)
}
