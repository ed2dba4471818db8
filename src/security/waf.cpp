// ModSecurity v3 request inspection.
#include "security/waf.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "core/json.hpp"
#include "observability/log.hpp"

#ifdef EDU_HAVE_MODSECURITY
#include <modsecurity/intervention.h>
#include <modsecurity/modsecurity.h>
#include <modsecurity/rule_message.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>
#endif

namespace edu::security {

namespace fs = std::filesystem;

std::string resolve_waf_rules_path(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / "waf" / "eduautismo.conf");
    candidates.push_back(exe.parent_path().parent_path() / "deploy" / "waf" / "eduautismo.conf");
  }
  candidates.emplace_back("/etc/eduautismo/waf/eduautismo.conf");
  for (const auto& c : candidates)
    if (fs::exists(c, ec)) return c.lexically_normal().string();
  return {};
}

#ifdef EDU_HAVE_MODSECURITY

bool waf_available() { return true; }

namespace {

// Collects the rules matched by one transaction (ModSecurity's server-log callback).
struct Matches {
  std::string best_id;
  int best_severity = 99;
};

void on_rule_message(void* data, const void* msg) {
  if (!data || !msg) return;
  auto* m = static_cast<Matches*>(data);
  auto* rm = static_cast<const modsecurity::RuleMessage*>(msg);
  int id = static_cast<int>(rm->m_ruleId);
  if (id >= 949000 && id < 950000) return;  // the anomaly-score verdict, not a detection
  if (id >= 980000) return;                  // correlation
  int sev = rm->m_severity;
  if (m->best_id.empty() || sev < m->best_severity) {
    m->best_id = std::to_string(id);
    m->best_severity = sev;
  }
}

std::string id_from_log(const char* log) {
  if (!log) return {};
  std::string s(log);
  auto pos = s.find("[id \"");
  if (pos == std::string::npos) return {};
  auto end = s.find('"', pos + 5);
  return end == std::string::npos ? std::string{} : s.substr(pos + 5, end - pos - 5);
}

}  // namespace

struct WafFilter::Impl {
  std::unique_ptr<modsecurity::ModSecurity> ms;
  std::unique_ptr<modsecurity::RulesSet> rules;
};

WafFilter::WafFilter(const std::string& rules_path) : impl_(std::make_unique<Impl>()) {
  if (rules_path.empty()) throw std::runtime_error("WAF rules file not found (set WAF_RULES_PATH)");
  impl_->ms = std::make_unique<modsecurity::ModSecurity>();
  impl_->ms->setConnectorInformation("eduautismo");
  impl_->ms->setServerLogCb(on_rule_message, modsecurity::RuleMessageLogProperty);
  impl_->rules = std::make_unique<modsecurity::RulesSet>();
  if (impl_->rules->loadFromUri(rules_path.c_str()) < 0)
    throw std::runtime_error("cannot load WAF rules from " + rules_path + ": " +
                             impl_->rules->getParserError());
}

WafFilter::~WafFilter() = default;

std::optional<std::string> WafFilter::verdict(const Request& req) {
  Matches matches;
  std::string id = "edu";  // ModSecurity's own unique-id generation is not needed
  modsecurity::Transaction t(impl_->ms.get(), impl_->rules.get(), id.data(), &matches);
  const std::string& ip = req.client_ip.empty() ? req.peer_ip : req.client_ip;
  t.processConnection(ip.empty() ? "0.0.0.0" : ip.c_str(), 0, "127.0.0.1", 0);
  std::string uri = req.target.empty() ? req.path : req.target;
  t.processURI(uri.c_str(), req.method.c_str(), "1.1");
  for (const auto& [k, v] : req.headers) t.addRequestHeader(k, v);
  auto blocked = [&]() -> std::optional<std::string> {
    modsecurity::ModSecurityIntervention it;
    modsecurity::intervention::clean(&it);
    if (!t.intervention(&it) || it.status < 400) {
      modsecurity::intervention::free(&it);
      return std::nullopt;
    }
    std::string rule = matches.best_id.empty() ? id_from_log(it.log) : matches.best_id;
    modsecurity::intervention::free(&it);
    return rule.empty() ? std::string("unknown") : rule;
  };
  t.processRequestHeaders();
  if (auto r = blocked()) return r;
  if (!req.body.empty())
    t.appendRequestBody(reinterpret_cast<const unsigned char*>(req.body.data()), req.body.size());
  t.processRequestBody();
  if (auto r = blocked()) return r;
  return std::nullopt;
}

std::optional<Response> WafFilter::inspect(const Request& req) {
  auto rule = verdict(req);
  if (!rule) return std::nullopt;
  log::warn("request blocked", {{"event", "security_block"}, {"filter", "waf"}, {"rule_id", *rule},
                                {"method", req.method}, {"path", req.path}, {"client_ip", req.client_ip}});
  return Response::json(403, json::object{{"detail", "Request blocked by security policy"}, {"rule_id", *rule}});
}

#else  // no libmodsecurity in this build

bool waf_available() { return false; }
struct WafFilter::Impl {};
WafFilter::WafFilter(const std::string&) {
  throw std::runtime_error("WAF_ENABLED=true but this build has no libmodsecurity (install libmodsecurity-dev)");
}
WafFilter::~WafFilter() = default;
std::optional<std::string> WafFilter::verdict(const Request&) { return std::nullopt; }
std::optional<Response> WafFilter::inspect(const Request&) { return std::nullopt; }

#endif

}  // namespace edu::security
