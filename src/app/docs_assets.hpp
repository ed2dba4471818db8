// The API documentation assets (Swagger UI, ReDoc) embedded into the binary at build time
// (scripts/fetch-docs-assets.sh + cmake/embed_docs_assets.cmake). Empty when npm was
// unavailable at build time; assets_status() then says why.
#pragma once
#include <string_view>
#include <vector>

namespace edu::docs {

struct EmbeddedAsset {
  std::string_view name;  // file name, e.g. "swagger-ui-bundle.js"
  std::string_view data;
};

const std::vector<EmbeddedAsset>& embedded_assets();
std::string_view assets_status();

}  // namespace edu::docs
