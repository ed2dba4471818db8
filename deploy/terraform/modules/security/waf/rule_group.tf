# Custom rule group: XSS on body and query string, SQLi on body, each answering 403 with its own
# JSON body naming the rule.
resource "aws_wafv2_rule_group" "custom" {
  name        = "${local.name}-custom"
  description = "EduAutismo custom XSS/SQLi inspection"
  scope       = var.scope
  capacity    = 200

  custom_response_body {
    key          = "security_block_xss_body"
    content      = jsonencode({ detail = "Request blocked by security policy", rule_id = "xss-body" })
    content_type = "APPLICATION_JSON"
  }

  custom_response_body {
    key          = "security_block_xss_query"
    content      = jsonencode({ detail = "Request blocked by security policy", rule_id = "xss-query" })
    content_type = "APPLICATION_JSON"
  }

  custom_response_body {
    key          = "security_block_sqli_body"
    content      = jsonencode({ detail = "Request blocked by security policy", rule_id = "sqli-body" })
    content_type = "APPLICATION_JSON"
  }

  rule {
    name     = "xss-body"
    priority = 0

    action {
      block {
        custom_response {
          response_code            = 403
          custom_response_body_key = "security_block_xss_body"
        }
      }
    }

    statement {
      xss_match_statement {
        field_to_match {
          body {
            oversize_handling = "CONTINUE"
          }
        }

        text_transformation {
          priority = 0
          type     = "URL_DECODE"
        }

        text_transformation {
          priority = 1
          type     = "HTML_ENTITY_DECODE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "custom-xss-body"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "xss-query"
    priority = 1

    action {
      block {
        custom_response {
          response_code            = 403
          custom_response_body_key = "security_block_xss_query"
        }
      }
    }

    statement {
      xss_match_statement {
        field_to_match {
          query_string {}
        }

        text_transformation {
          priority = 0
          type     = "URL_DECODE"
        }

        text_transformation {
          priority = 1
          type     = "HTML_ENTITY_DECODE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "custom-xss-query"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "sqli-body"
    priority = 2

    action {
      block {
        custom_response {
          response_code            = 403
          custom_response_body_key = "security_block_sqli_body"
        }
      }
    }

    statement {
      sqli_match_statement {
        field_to_match {
          body {
            oversize_handling = "CONTINUE"
          }
        }

        text_transformation {
          priority = 0
          type     = "URL_DECODE"
        }

        text_transformation {
          priority = 1
          type     = "HTML_ENTITY_DECODE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "custom-sqli-body"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-custom"
    sampled_requests_enabled   = true
  }
}
