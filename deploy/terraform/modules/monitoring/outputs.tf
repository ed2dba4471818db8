output "dashboard_name" {
  description = "CloudWatch dashboard name."
  value       = aws_cloudwatch_dashboard.main.dashboard_name
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = aws_sns_topic.alarms.arn
}

output "deployment_alarm_names" {
  description = "Alarms wired to CodeDeploy auto-rollback."
  value       = [aws_cloudwatch_metric_alarm.alb_5xx_ratio.alarm_name, aws_cloudwatch_metric_alarm.api_p95_latency.alarm_name]
}
