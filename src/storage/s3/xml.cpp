// Element tree over expat (see xml.hpp).
#include "storage/s3/xml.hpp"

#include <expat.h>

namespace edu::storage::xml {
namespace {

struct Builder {
  std::unique_ptr<Element> root;
  std::vector<Element*> stack;
};

std::string local_name(const char* name) {
  std::string_view n(name);
  // With namespace processing expat reports "uri|local"; without it "prefix:local".
  auto sep = n.find_last_of("|:");
  return std::string(sep == std::string_view::npos ? n : n.substr(sep + 1));
}

void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char**) {
  auto* b = static_cast<Builder*>(ud);
  auto e = std::make_unique<Element>();
  e->name = local_name(name);
  Element* raw = e.get();
  if (b->stack.empty()) {
    if (!b->root) b->root = std::move(e);
  } else {
    b->stack.back()->children.push_back(std::move(e));
  }
  b->stack.push_back(raw);
}

void XMLCALL on_end(void* ud, const XML_Char*) {
  auto* b = static_cast<Builder*>(ud);
  if (!b->stack.empty()) b->stack.pop_back();
}

void XMLCALL on_text(void* ud, const XML_Char* s, int len) {
  auto* b = static_cast<Builder*>(ud);
  if (!b->stack.empty()) b->stack.back()->text.append(s, static_cast<std::size_t>(len));
}

std::string trim(std::string_view s) {
  std::size_t a = 0, e = s.size();
  while (a < e && (s[a] == ' ' || s[a] == '\n' || s[a] == '\r' || s[a] == '\t')) ++a;
  while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(a, e - a));
}

}  // namespace

const Element* Element::child(std::string_view n) const {
  for (const auto& c : children)
    if (c->name == n) return c.get();
  return nullptr;
}

std::vector<const Element*> Element::children_named(std::string_view n) const {
  std::vector<const Element*> out;
  for (const auto& c : children)
    if (c->name == n) out.push_back(c.get());
  return out;
}

std::optional<std::string> Element::child_text(std::string_view n) const {
  const Element* c = child(n);
  if (!c) return std::nullopt;
  return trim(c->text);
}

std::unique_ptr<Element> parse(std::string_view doc) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  if (!p) return nullptr;
  Builder b;
  XML_SetUserData(p, &b);
  XML_SetElementHandler(p, on_start, on_end);
  XML_SetCharacterDataHandler(p, on_text);
  bool ok = XML_Parse(p, doc.data(), static_cast<int>(doc.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  if (!ok) return nullptr;
  return std::move(b.root);
}

std::string escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default: o.push_back(c);
    }
  }
  return o;
}

}  // namespace edu::storage::xml
