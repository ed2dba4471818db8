// Optional OpenAI-compatible chat-completions client (API.md §5.6.3; INFRA.md OPENAI_*).
// One blocking HTTPS request per call through libcurl, bounded by OPENAI_TIMEOUT_SECONDS;
// runs on the worker pool, never on an I/O thread. Failures are reported as nullopt (with a
// WARN log line without student data): the caller falls back to the built-in template.
#pragma once
#include <optional>
#include <string>

namespace edu::generation {

struct LlmSettings {
  std::string api_key;
  std::string base_url = "https://api.openai.com/v1";
  std::string model = "gpt-4o-mini";
  int timeout_seconds = 20;
};

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // Sends one chat completion asking for a JSON object; returns the message content.
  virtual std::optional<std::string> complete_json(const std::string& system_prompt,
                                                   const std::string& user_prompt) = 0;
  virtual const std::string& model() const = 0;
};

class OpenAiClient : public LlmClient {
 public:
  explicit OpenAiClient(LlmSettings s);
  std::optional<std::string> complete_json(const std::string& system_prompt,
                                           const std::string& user_prompt) override;
  const std::string& model() const override { return settings_.model; }

 private:
  LlmSettings settings_;
};

}  // namespace edu::generation
