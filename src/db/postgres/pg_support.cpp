// PostgreSQL connection settings and SQLSTATE classification (see pg_support.hpp).
#include "db/postgres/pg_support.hpp"

#include <cctype>
#include <stdexcept>

namespace edu::db::pg {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `what` names the URL part in error messages (the password is never echoed).
std::string percent_decode(std::string_view s, const char* what) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0)
        throw std::invalid_argument(std::string("DATABASE_URL has a bad percent-escape in the ") + what);
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Splits "host:port" / "[v6]:port" / "host" into its parts.
std::pair<std::string, std::string> split_host_port(std::string_view hp) {
  if (!hp.empty() && hp.front() == '[') {
    auto close = hp.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("unterminated [IPv6] host");
    std::string host(hp.substr(1, close - 1));
    std::string port;
    if (close + 1 < hp.size()) {
      if (hp[close + 1] != ':') throw std::invalid_argument("expected :port after [IPv6] host");
      port = std::string(hp.substr(close + 2));
    }
    return {host, port};
  }
  // A comma list (libpq multi-host) is passed through as hosts and ports.
  if (hp.find(',') != std::string_view::npos) {
    std::string hosts, ports;
    std::size_t start = 0;
    bool any_port = false;
    while (start <= hp.size()) {
      auto comma = hp.find(',', start);
      auto item = hp.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      auto [h, p] = split_host_port(item);
      if (!hosts.empty() || start > 0) {
        hosts += ',';
        ports += ',';
      }
      hosts += h;
      ports += p;
      any_port = any_port || !p.empty();
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return {hosts, any_port ? ports : std::string()};
  }
  auto colon = hp.rfind(':');
  if (colon == std::string_view::npos) return {std::string(hp), ""};
  return {std::string(hp.substr(0, colon)), std::string(hp.substr(colon + 1))};
}

bool valid_port(const std::string& p) {
  if (p.empty()) return true;
  for (std::size_t start = 0;;) {
    auto comma = p.find(',', start);
    std::string item = p.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) {
      if (item.size() > 5) return false;
      for (char c : item)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      int v = std::stoi(item);
      if (v < 1 || v > 65535) return false;
    }
    if (comma == std::string::npos) return true;
    start = comma + 1;
  }
}

}  // namespace

std::string ConnSpec::display() const {
  std::string h = host.empty() ? "localhost" : host;
  if (h.find(':') != std::string::npos && h.find(',') == std::string::npos) h = "[" + h + "]";
  return h + ":" + (port.empty() ? "5432" : port);
}

ConnSpec parse_postgres_url(std::string_view url) {
  std::string_view rest;
  if (url.rfind("postgresql://", 0) == 0) rest = url.substr(13);
  else if (url.rfind("postgres://", 0) == 0) rest = url.substr(11);
  else throw std::invalid_argument("DATABASE_URL must start with postgresql:// or postgres://");

  ConnSpec s;
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view path;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  // The userinfo ends at the last '@' (a raw '@' in a password is common enough).
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = userinfo.find(':');
    s.user = percent_decode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos) s.password = percent_decode(userinfo.substr(colon + 1), "password");
  }
  try {
    auto [h, p] = split_host_port(rest);
    s.host = percent_decode(h, "host");
    s.port = p;
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("DATABASE_URL host is invalid: ") + e.what());
  }
  if (!valid_port(s.port)) throw std::invalid_argument("DATABASE_URL port is invalid: '" + s.port + "'");
  s.dbname = percent_decode(path, "database name");
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (kv.empty()) continue;
    auto eq = kv.find('=');
    if (eq == std::string_view::npos)
      throw std::invalid_argument("DATABASE_URL parameter '" + std::string(kv) + "' has no value");
    std::string key = percent_decode(kv.substr(0, eq), "parameters");
    std::string value = percent_decode(kv.substr(eq + 1), "parameters");
    // Keywords that have a field of their own win over the URL's authority part, as in libpq.
    if (key == "host") s.host = value;
    else if (key == "port") s.port = value;
    else if (key == "dbname") s.dbname = value;
    else if (key == "user") s.user = value;
    else if (key == "password") s.password = value;
    else s.params[key] = value;
  }
  return s;
}

ConnSpec primary_spec(const DatabaseOptions& opts) {
  ConnSpec s;
  if (!opts.url.empty()) {
    s = parse_postgres_url(opts.url);
  } else {
    s.host = opts.host;
    s.port = std::to_string(opts.port);
    s.dbname = opts.name;
  }
  if (s.user.empty()) s.user = opts.user;
  if (s.password.empty()) s.password = opts.password;
  if (s.dbname.empty()) s.dbname = opts.name;
  if (!s.params.count("sslmode") && !opts.sslmode.empty()) s.params["sslmode"] = opts.sslmode;
  if (!s.params.count("sslrootcert") && !opts.sslrootcert.empty())
    s.params["sslrootcert"] = opts.sslrootcert;
  return s;
}

ConnSpec replica_spec(const ConnSpec& primary, std::string_view host_port) {
  ConnSpec r = primary;
  auto [h, p] = split_host_port(host_port);
  if (h.empty()) throw std::invalid_argument("DB_READ_HOSTS entry '" + std::string(host_port) + "' has no host");
  if (!valid_port(p)) throw std::invalid_argument("DB_READ_HOSTS entry '" + std::string(host_port) + "' has a bad port");
  r.host = h;
  r.port = p.empty() ? primary.port : p;
  r.params.erase("hostaddr");
  return r;
}

std::vector<std::pair<std::string, std::string>> connect_keywords(const ConnSpec& spec,
                                                                  int statement_timeout_ms) {
  std::vector<std::pair<std::string, std::string>> kw;
  auto add = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) kw.emplace_back(k, v);
  };
  add("host", spec.host);
  add("port", spec.port);
  add("dbname", spec.dbname);
  add("user", spec.user);
  add("password", spec.password);
  std::string options = "-c statement_timeout=" + std::to_string(statement_timeout_ms) +
                        " -c TimeZone=UTC -c idle_in_transaction_session_timeout=60000";
  std::map<std::string, std::string> params = spec.params;
  if (auto it = params.find("options"); it != params.end()) {
    options += " " + it->second;
    params.erase(it);
  }
  add("options", options);
  if (!params.count("application_name")) add("application_name", "eduautismo");
  if (!params.count("client_encoding")) add("client_encoding", "UTF8");
  // TCP keepalives detect a peer that vanished without closing the connection.
  if (!params.count("keepalives")) add("keepalives", "1");
  if (!params.count("keepalives_idle")) add("keepalives_idle", "30");
  if (!params.count("keepalives_interval")) add("keepalives_interval", "10");
  if (!params.count("keepalives_count")) add("keepalives_count", "3");
  for (const auto& [k, v] : params) add(k, v);
  return kw;
}

ErrorClass classify_sqlstate(std::string_view code, std::string_view message) {
  if (code == "23505") return ErrorClass::UniqueViolation;
  if (code == "23503") return ErrorClass::ForeignKeyViolation;
  if (code == "40001" || code == "40P01") return ErrorClass::Retryable;
  if (code == "25006") return ErrorClass::ReadOnly;
  if (code == "0A000" && message.find("cached plan") != std::string_view::npos) return ErrorClass::StalePlan;
  // Class 08 connection exceptions; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
  // connect now, 57014 canceled (statement timeout); 53xxx insufficient resources (too many
  // connections, out of memory, disk full); 58xxx system errors; 55P03 lock not available
  // (lock_timeout).
  if (code.size() == 5 && (code.substr(0, 2) == "08" || code.substr(0, 2) == "53" ||
                           code.substr(0, 2) == "58"))
    return ErrorClass::Unavailable;
  if (code == "57P01" || code == "57P02" || code == "57P03" || code == "57014" || code == "55P03")
    return ErrorClass::Unavailable;
  return ErrorClass::Other;
}

}  // namespace edu::db::pg
