// Segment trie router with literal-first backtracking.
#include "http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace edu {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
  std::unique_ptr<Node> param;
  std::string param_name;
  std::map<std::string, const Route*> methods;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

namespace {

// Splits a path into segments. Returns false when the path has empty inner segments.
bool split(std::string_view path, std::vector<std::string_view>& out) {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  std::size_t pos = 0;
  while (true) {
    std::size_t slash = path.find('/', pos);
    std::string_view seg = path.substr(pos, slash == std::string_view::npos ? path.npos : slash - pos);
    if (seg.empty()) return false;
    out.push_back(seg);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler h, RouteOptions opts) {
  std::vector<std::string_view> segs;
  if (!split(pattern, segs)) throw std::logic_error("bad route pattern: " + pattern);
  Node* n = root_.get();
  for (auto seg : segs) {
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      std::string name(seg.substr(1, seg.size() - 2));
      if (!n->param) {
        n->param = std::make_unique<Node>();
        n->param_name = name;
      } else if (n->param_name != name) {
        throw std::logic_error("conflicting parameter names at " + pattern);
      }
      n = n->param.get();
    } else {
      auto it = n->literal.find(seg);
      if (it == n->literal.end())
        it = n->literal.emplace(std::string(seg), std::make_unique<Node>()).first;
      n = it->second.get();
    }
  }
  if (n->methods.count(method)) throw std::logic_error("duplicate route " + method + " " + pattern);
  auto r = std::make_unique<Route>(Route{method, std::move(pattern), std::move(h), std::move(opts)});
  n->methods[method] = r.get();
  routes_.push_back(std::move(r));
}

namespace {

struct Walker {
  const std::vector<std::string_view>& segs;
  std::vector<std::pair<std::string, std::string>> params;

  template <class NodeT>
  const NodeT* walk(const NodeT* n, std::size_t i) {
    if (i == segs.size()) return n->methods.empty() ? nullptr : n;
    auto it = n->literal.find(segs[i]);
    if (it != n->literal.end()) {
      if (auto r = walk(it->second.get(), i + 1)) return r;
    }
    if (n->param) {
      params.emplace_back(n->param_name, std::string(segs[i]));
      if (auto r = walk(n->param.get(), i + 1)) return r;
      params.pop_back();
    }
    return nullptr;
  }
};

}  // namespace

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  std::vector<std::string_view> segs;
  if (!split(path, segs)) return m;
  Walker w{segs, {}};
  const Node* n = w.walk(root_.get(), 0);
  if (!n) return m;
  auto it = n->methods.find(std::string(method));
  if (it == n->methods.end() && method == "HEAD") it = n->methods.find("GET");
  if (it == n->methods.end()) {
    m.kind = RouteMatch::Kind::MethodNotAllowed;
    std::set<std::string> allow;
    for (const auto& [k, v] : n->methods) {
      allow.insert(k);
      if (k == "GET") allow.insert("HEAD");
    }
    for (const auto& a : allow) m.allow += (m.allow.empty() ? "" : ", ") + a;
    return m;
  }
  m.kind = RouteMatch::Kind::Found;
  m.route = it->second;
  m.params = std::move(w.params);
  return m;
}

}  // namespace edu
