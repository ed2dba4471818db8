// libcurl chat-completions client. RAII for the easy handle and header list.
#include "domain/generation/llm_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "core/json.hpp"
#include "observability/log.hpp"

namespace edu::generation {
namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  // Bound the answer: a chat completion for one activity is a few KiB.
  if (s->size() + size * n > (4u << 20)) return 0;
  s->append(data, size * n);
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

OpenAiClient::OpenAiClient(LlmSettings s) : settings_(std::move(s)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::optional<std::string> OpenAiClient::complete_json(const std::string& system_prompt,
                                                       const std::string& user_prompt) {
  json::object body{
      {"model", settings_.model},
      {"messages", json::array{json::object{{"role", "system"}, {"content", system_prompt}},
                               json::object{{"role", "user"}, {"content", user_prompt}}}},
      {"response_format", json::object{{"type", "json_object"}}},
      {"temperature", 0.4}};
  std::string payload = to_json_compact(body);
  std::string url = trim_slash(settings_.base_url) + "/chat/completions";

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return std::nullopt;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  curl_slist* h = nullptr;
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, ("Authorization: Bearer " + settings_.api_key).c_str());
  headers.reset(h);
  std::string response;
  long timeout_ms = std::max(1, settings_.timeout_seconds) * 1000L;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 5000L));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");

  CURLcode rc = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status != 200) {
    log::warn("LLM request failed, using the built-in template",
              {{"event", "llm_fallback"},
               {"error", rc != CURLE_OK ? curl_easy_strerror(rc) : "http status"},
               {"status", static_cast<std::int64_t>(status)}});
    return std::nullopt;
  }
  auto doc = parse_json(response);
  const json::value* content = nullptr;
  if (doc && doc->is_object()) {
    const auto& o = doc->get_object();
    auto ch = o.find("choices");
    if (ch != o.end() && ch->value().is_array() && !ch->value().get_array().empty()) {
      const auto& c0 = ch->value().get_array()[0];
      if (c0.is_object()) {
        auto msg = c0.get_object().find("message");
        if (msg != c0.get_object().end() && msg->value().is_object()) {
          auto ct = msg->value().get_object().find("content");
          if (ct != msg->value().get_object().end()) content = &ct->value();
        }
      }
    }
  }
  if (!content || !content->is_string()) {
    log::warn("LLM answer without message content, using the built-in template",
              {{"event", "llm_fallback"}, {"error", "malformed response"}});
    return std::nullopt;
  }
  return std::string(content->get_string());
}

}  // namespace edu::generation
