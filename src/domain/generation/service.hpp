// Generation with caching and the optional LLM (API.md §5.6; INFRA.md `nlp:{sha256}` keys).
// Results are cached by the SHA-256 of the normalised inputs for NLP_CACHE_TTL seconds. Cached
// values never hold the student's name, id or diagnosis (the cache may be a shared Redis): the
// template's impersonal lists are cached and its header is rebuilt per request; an accepted LLM
// answer (the prompt never contains the name or id) is cached and its metadata rebuilt.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "cache/cache.hpp"
#include "domain/generation/generator.hpp"
#include "domain/generation/llm_client.hpp"

namespace edu::generation {

class GenerationService {
 public:
  GenerationService(cache::CacheAside& cache, std::chrono::seconds ttl,
                    std::unique_ptr<LlmClient> llm = nullptr, TemplateGenerator tmpl = TemplateGenerator());

  GeneratedActivity standard(const GenerationRequest& r);
  GeneratedActivity multidisciplinary(const GenerationRequest& r);

  bool llm_enabled() const { return llm_ != nullptr; }
  std::string llm_model() const { return llm_ ? llm_->model() : std::string(); }

  // Exposed for tests: the prompt (never the student's name) and the acceptance rule.
  static std::string user_prompt(const GenerationRequest& r);
  static std::optional<GeneratedActivity> accept_llm_answer(const std::string& content,
                                                            const GenerationRequest& r);
  // nlp:{<sha256>} of a canonical JSON of the inputs.
  static std::string cache_key(const json::object& inputs);

 private:
  GeneratedActivity cached_template(const char* mode, const GenerationRequest& r, bool multi);
  std::optional<GeneratedActivity> from_llm(const GenerationRequest& r);

  cache::CacheAside& cache_;
  std::chrono::seconds ttl_;
  std::unique_ptr<LlmClient> llm_;
  TemplateGenerator tmpl_;
};

}  // namespace edu::generation
