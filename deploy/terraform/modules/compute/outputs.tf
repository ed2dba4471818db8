output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.main.name
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.main.arn
}

output "service_name" {
  description = "ECS service name."
  value       = one(concat(aws_ecs_service.api_rolling[*].name, aws_ecs_service.api_codedeploy[*].name))
}

output "task_definition_family" {
  description = "Task definition family."
  value       = aws_ecs_task_definition.api.family
}

output "task_definition_arn" {
  description = "Latest task definition revision (used by the CodeDeploy appspec)."
  value       = aws_ecs_task_definition.api.arn
}

output "ecr_repository_url" {
  description = "ECR repository URL (CI pushes <url>:<git sha>)."
  value       = aws_ecr_repository.api.repository_url
}

output "alb_arn" {
  description = "ALB ARN."
  value       = aws_lb.main.arn
}

output "alb_arn_suffix" {
  description = "ALB ARN suffix (CloudWatch LoadBalancer dimension)."
  value       = aws_lb.main.arn_suffix
}

output "alb_dns_name" {
  description = "ALB DNS name."
  value       = aws_lb.main.dns_name
}

output "alb_zone_id" {
  description = "ALB hosted zone id."
  value       = aws_lb.main.zone_id
}

output "https_listener_arn" {
  description = "Production listener ARN (HTTPS, or HTTP forward without a certificate)."
  value       = local.prod_listener_arn
}

output "tg_blue_name" {
  description = "Blue target group name."
  value       = aws_lb_target_group.blue.name
}

output "tg_blue_arn" {
  description = "Blue target group ARN."
  value       = aws_lb_target_group.blue.arn
}

output "tg_blue_arn_suffix" {
  description = "Blue target group ARN suffix."
  value       = aws_lb_target_group.blue.arn_suffix
}

output "tg_green_name" {
  description = "Green target group name."
  value       = aws_lb_target_group.green.name
}

output "tg_green_arn" {
  description = "Green target group ARN."
  value       = aws_lb_target_group.green.arn
}

output "tg_green_arn_suffix" {
  description = "Green target group ARN suffix."
  value       = aws_lb_target_group.green.arn_suffix
}

output "app_log_group_name" {
  description = "Log group of the api container."
  value       = aws_cloudwatch_log_group.app.name
}

output "task_role_arn" {
  description = "Task role ARN."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "Execution role ARN."
  value       = aws_iam_role.execution.arn
}

output "codedeploy_app_name" {
  description = "CodeDeploy application (null with the ECS controller)."
  value       = one(aws_codedeploy_app.api[*].name)
}

output "codedeploy_deployment_group_name" {
  description = "CodeDeploy deployment group (null with the ECS controller)."
  value       = one(aws_codedeploy_deployment_group.api[*].deployment_group_name)
}
