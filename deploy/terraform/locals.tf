# Naming, tags and values shared by several modules (INFRA.md §2.0).
locals {
  name_prefix = "${var.project_name}-${var.environment}"

  default_tags = merge(
    {
      Project     = var.project_name
      Environment = var.environment
      ManagedBy   = "terraform"
      CostCenter  = local.name_prefix
    },
    var.tags,
  )

  # Port and readiness route shared with the server (INFRA.md §1.2, check C20/C27).
  container_port    = 8000
  health_check_path = "/api/v1/health/ready"

  # Alarms that stop a CodeDeploy deployment with rollback. Names are fixed here so that compute
  # (deployment group) and monitoring (alarms) agree without a dependency cycle.
  deployment_alarm_names = {
    error_ratio = "${local.name_prefix}-alb-5xx-ratio"
    p95_latency = "${local.name_prefix}-api-p95-latency"
  }

  # The 25 Subject values (API.md §3.5); per-subject anomaly alarms exist in production only.
  subjects = [
    "matematica", "portugues", "literatura", "redacao", "ciencias", "historia", "geografia", "arte",
    "educacao_fisica", "musica", "ingles", "espanhol", "biologia", "fisica", "quimica", "filosofia",
    "sociologia", "informatica", "artes_visuais", "teatro", "danca", "educacao_profissional",
    "empreendedorismo", "educacao_financeira", "educacao_ambiental",
  ]
  monitored_subjects = var.environment == "production" ? local.subjects : []

  # Where the WAF sits: CLOUDFRONT scope on the distribution, REGIONAL scope on the ALB.
  waf_on_alb = var.enable_waf && var.waf_scope == "REGIONAL"
}
