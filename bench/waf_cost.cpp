// WAF cost per inspected request with the shipped rules (deploy/waf/eduautismo.conf).
// A benchmark, not a test: prints JSON. Usage: bench_waf_cost [RULES_FILE] [N]
#include <chrono>
#include <iostream>
#include <string>

#include "http/message.hpp"
#include "security/waf.hpp"

int main(int argc, char** argv) {
  using namespace edu;
  if (!security::waf_available()) {
    std::cout << "{\"error\": \"built without libmodsecurity\"}\n";
    return 1;
  }
  std::string rules = argc > 1 ? argv[1] : "deploy/waf/eduautismo.conf";
  int n = argc > 2 ? std::atoi(argv[2]) : 2000;
  security::WafFilter waf(rules);
  Request r;
  r.method = "POST";
  r.target = r.path = "/api/v1/students/";
  r.body = R"({"name": "João Silva", "date_of_birth": "2015-03-01", "diagnosis": "TEA Nível 1"})";
  r.headers = {{"Host", "127.0.0.1:8000"}, {"User-Agent", "bench"}, {"Accept", "*/*"},
               {"Content-Type", "application/json"}, {"Content-Length", std::to_string(r.body.size())}};
  r.peer_ip = r.client_ip = "203.0.113.7";
  int blocked = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    if (waf.verdict(r)) ++blocked;
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
  std::cout << "{\"requests\": " << n << ", \"us_per_benign_json_request\": " << us
            << ", \"blocked\": " << blocked << "}\n";
  return blocked == 0 ? 0 : 1;
}
