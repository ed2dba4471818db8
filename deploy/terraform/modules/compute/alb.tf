# Application Load Balancer with blue/green target groups. Production (CloudFront in front) only
# forwards requests carrying the X-Origin-Verify secret; everything else gets 403 (F23).
resource "aws_lb" "main" {
  name                       = "${local.name_prefix}-alb"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [var.alb_security_group_id]
  drop_invalid_header_fields = true
  idle_timeout               = 60
  enable_deletion_protection = var.environment == "production"
}

resource "aws_lb_target_group" "blue" {
  name_prefix          = "blue-"
  target_type          = "ip"
  port                 = 8000
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_target_group" "green" {
  name_prefix          = "green-"
  target_type          = "ip"
  port                 = 8000
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Production listener (HTTPS). CodeDeploy swaps the forward target, hence ignore_changes.
resource "aws_lb_listener" "https" {
  count = local.has_cert ? 1 : 0

  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.alb_certificate_arn

  default_action {
    type             = var.origin_verify_enabled ? "fixed-response" : "forward"
    target_group_arn = var.origin_verify_enabled ? null : aws_lb_target_group.blue.arn

    dynamic "fixed_response" {
      for_each = var.origin_verify_enabled ? ["forbidden"] : []

      content {
        content_type = "application/json"
        message_body = "{\"detail\":\"Forbidden\"}"
        status_code  = "403"
      }
    }
  }

  lifecycle {
    ignore_changes = [default_action]
  }
}

resource "aws_lb_listener_rule" "origin_verify" {
  count = local.has_cert && var.origin_verify_enabled ? 1 : 0

  listener_arn = aws_lb_listener.https[0].arn
  priority     = 1

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.blue.arn
  }

  condition {
    http_header {
      http_header_name = "X-Origin-Verify"
      values           = [var.cloudfront_origin_secret]
    }
  }

  lifecycle {
    ignore_changes = [action]
  }
}

resource "aws_lb_listener" "http_redirect" {
  count = local.has_cert ? 1 : 0

  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# Dev without a certificate: plain HTTP forward.
resource "aws_lb_listener" "http_forward" {
  count = local.has_cert ? 0 : 1

  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.blue.arn
  }

  lifecycle {
    ignore_changes = [default_action]
  }
}

# CodeDeploy test route to the replacement (green) task set; reachable from trusted CIDRs only.
resource "aws_lb_listener" "test" {
  count = local.codedeploy ? 1 : 0

  load_balancer_arn = aws_lb.main.arn
  port              = var.test_listener_port
  protocol          = local.has_cert ? "HTTPS" : "HTTP"
  ssl_policy        = local.has_cert ? var.ssl_policy : null
  certificate_arn   = var.alb_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.green.arn
  }

  lifecycle {
    ignore_changes = [default_action]
  }
}

locals {
  prod_listener_arn = one(concat(aws_lb_listener.https[*].arn, aws_lb_listener.http_forward[*].arn))
}
