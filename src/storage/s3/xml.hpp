// A small element tree over expat (libexpat1): enough to read S3 responses (errors,
// ListObjectsV2, multipart uploads, lifecycle configurations) without hand-parsing XML.
// Namespaces are dropped (S3 answers in one namespace); mixed content is not kept.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edu::storage::xml {

struct Element {
  std::string name;  // local name, namespace prefix removed
  std::string text;  // concatenated character data (trimmed by the accessors)
  std::vector<std::unique_ptr<Element>> children;

  const Element* child(std::string_view name) const;
  std::vector<const Element*> children_named(std::string_view name) const;
  // Trimmed text of the first child `name`, or nullopt.
  std::optional<std::string> child_text(std::string_view name) const;
};

// nullptr when the document is not well-formed (or is empty).
std::unique_ptr<Element> parse(std::string_view document);

// Escapes &, <, >, " and ' for element text.
std::string escape(std::string_view s);

}  // namespace edu::storage::xml
