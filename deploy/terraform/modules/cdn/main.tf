# CloudFront in front of the ALB (production, INFRA.md §2.9). The web ACL (CLOUDFRONT scope) does
# the geo and rate filtering; the ALB only accepts requests with the X-Origin-Verify secret.
data "aws_cloudfront_cache_policy" "caching_disabled" {
  provider = aws.us_east_1
  name     = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  provider = aws.us_east_1
  name     = "Managed-CachingOptimized"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  provider = aws.us_east_1
  name     = "Managed-AllViewerExceptHostHeader"
}

# Public catalog routes: the origin's Cache-Control decides (min/default 0), every query string is
# part of the cache key, no headers or cookies.
resource "aws_cloudfront_cache_policy" "catalog" {
  provider = aws.us_east_1

  name        = "eduautismo-${var.environment}-catalog"
  comment     = "BNCC and activities meta catalog: honour origin Cache-Control, key on all query strings"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = var.catalog_max_ttl

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_distribution" "main" {
  provider = aws.us_east_1

  enabled         = true
  is_ipv6_enabled = true
  comment         = "EduAutismo ${var.environment} API"
  aliases         = var.aliases
  web_acl_id      = var.web_acl_arn
  price_class     = var.price_class
  http_version    = "http2and3"

  origin {
    origin_id   = "alb"
    domain_name = var.origin_domain_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }

    custom_header {
      name  = "X-Origin-Verify"
      value = var.origin_verify_secret
    }
  }

  default_cache_behavior {
    target_origin_id         = "alb"
    allowed_methods          = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods           = ["GET", "HEAD"]
    viewer_protocol_policy   = "redirect-to-https"
    cache_policy_id          = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    compress                 = true
  }

  ordered_cache_behavior {
    path_pattern           = "/api/v1/bncc/*"
    target_origin_id       = "alb"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = aws_cloudfront_cache_policy.catalog.id
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/api/v1/activities/meta/*"
    target_origin_id       = "alb"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = aws_cloudfront_cache_policy.catalog.id
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "alb"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_optimized.id
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "alb"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_optimized.id
    compress               = true
  }

  dynamic "logging_config" {
    for_each = var.logging_bucket == null ? [] : [var.logging_bucket]

    content {
      bucket          = logging_config.value
      include_cookies = false
      prefix          = "cloudfront/"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.acm_certificate_arn_us_east_1
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  # Geo filtering is done by the WAF geo rule (with a trusted-IP allow-list), not here.
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
}
