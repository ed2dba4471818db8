// In-process request inspection (API.md §1.10) with libmodsecurity 3 and a chosen subset of
// the OWASP CRS (deploy/waf/eduautismo.conf). A blocked request gets
// 403 {"detail": "Request blocked by security policy", "rule_id": "<id>"}, where the id is
// the rule that detected the attack (not the anomaly-score evaluation rule 949110).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "http/pipeline.hpp"

namespace edu::security {

// True when this build links libmodsecurity.
bool waf_available();

class WafFilter : public SecurityFilter {
 public:
  // Loads the rules; throws std::runtime_error with the parser's message on failure (or
  // when the build has no libmodsecurity).
  explicit WafFilter(const std::string& rules_path);
  ~WafFilter() override;
  std::optional<Response> inspect(const Request& req) override;
  // The rule id that blocks `req`, or nullopt when it passes (tests).
  std::optional<std::string> verdict(const Request& req);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The default rules file: WAF_RULES_PATH when set, else the first existing of
// <exe dir>/waf/eduautismo.conf, <exe dir>/../deploy/waf/eduautismo.conf and
// /etc/eduautismo/waf/eduautismo.conf; empty when none exists.
std::string resolve_waf_rules_path(const std::string& configured);

}  // namespace edu::security
