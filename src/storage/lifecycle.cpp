// Storage retention (see lifecycle.hpp).
#include "storage/lifecycle.hpp"

#include <algorithm>

#include "storage/local/local_store.hpp"
#include "storage/s3/s3_store.hpp"
#include "storage/s3/xml.hpp"

namespace edu::storage::lifecycle {
namespace {

constexpr Micros kDay = 86400LL * 1000000;

int to_int(const std::optional<std::string>& s) {
  if (!s || s->empty() || s->size() > 9) return 0;
  for (char c : *s)
    if (c < '0' || c > '9') return 0;
  return std::stoi(*s);
}

std::string human_size(std::uint64_t n) { return std::to_string(n) + " bytes"; }

// Whether a <Filter>/<Prefix> selects the whole bucket.
bool whole_bucket_filter(const xml::Element& rule) {
  if (const auto* f = rule.child("Filter")) {
    if (f->children.empty()) return true;
    if (f->children.size() == 1 && f->children[0]->name == "Prefix") return f->child_text("Prefix")->empty();
    return false;
  }
  if (auto p = rule.child_text("Prefix")) return p->empty();  // legacy form
  return true;
}

}  // namespace

bool equivalent(const Rule& a, const Rule& b) {
  auto sorted = [](std::vector<Transition> t) {
    std::sort(t.begin(), t.end(), [](const Transition& x, const Transition& y) { return x.days < y.days; });
    return t;
  };
  return a.enabled == b.enabled && a.whole_bucket == b.whole_bucket &&
         sorted(a.transitions) == sorted(b.transitions) && a.expiration_days == b.expiration_days &&
         a.abort_multipart_days == b.abort_multipart_days &&
         a.noncurrent_expiration_days == b.noncurrent_expiration_days &&
         a.newer_noncurrent_versions == b.newer_noncurrent_versions && a.other_actions == b.other_actions;
}

std::string summary(const Rule& r) {
  std::vector<std::string> parts;
  if (!r.transitions.empty()) {
    std::string t = "transition";
    for (std::size_t i = 0; i < r.transitions.size(); ++i)
      t += (i ? ", " : " ") + std::to_string(r.transitions[i].days) + " d → " + r.transitions[i].storage_class;
    parts.push_back(t);
  }
  if (r.expiration_days) parts.push_back("expire after " + std::to_string(r.expiration_days) + " d");
  if (r.noncurrent_expiration_days)
    parts.push_back("noncurrent versions expire after " + std::to_string(r.noncurrent_expiration_days) +
                    " d, keep " + std::to_string(r.newer_noncurrent_versions));
  if (r.abort_multipart_days)
    parts.push_back("abort incomplete multipart uploads after " + std::to_string(r.abort_multipart_days) + " d");
  if (r.other_actions) parts.push_back("other actions");
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
  if (!r.whole_bucket) s += " (filtered)";
  if (!r.enabled) s += " (disabled)";
  return s.empty() ? "no action" : s;
}

std::vector<Rule> expected_rules(std::string_view purpose) {
  std::vector<Rule> out;
  if (purpose == "uploads") {
    Rule tiering;
    tiering.id = "uploads-tiering";
    tiering.transitions = {{7, "INTELLIGENT_TIERING"}, {30, "GLACIER"}};
    out.push_back(tiering);
  } else if (purpose == "exports") {
    Rule expire;
    expire.id = "exports-archive-and-expire";
    expire.transitions = {{30, "GLACIER"}};
    expire.expiration_days = 90;
    out.push_back(expire);
  } else if (purpose == "ml-models") {
    Rule versions;
    versions.id = "noncurrent-model-versions";
    versions.noncurrent_expiration_days = 90;
    versions.newer_noncurrent_versions = 3;
    out.push_back(versions);
  }
  if (purpose == "uploads" || purpose == "exports") {
    Rule abort;
    abort.id = "abort-incomplete-multipart";
    abort.abort_multipart_days = 7;
    out.push_back(abort);
  }
  return out;
}

std::string to_xml(const std::vector<Rule>& rules) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const auto& r : rules) {
    x += "<Rule><ID>" + xml::escape(r.id) + "</ID><Filter></Filter><Status>" +
         (r.enabled ? "Enabled" : "Disabled") + "</Status>";
    for (const auto& t : r.transitions)
      x += "<Transition><Days>" + std::to_string(t.days) + "</Days><StorageClass>" +
           xml::escape(t.storage_class) + "</StorageClass></Transition>";
    if (r.expiration_days) x += "<Expiration><Days>" + std::to_string(r.expiration_days) + "</Days></Expiration>";
    if (r.noncurrent_expiration_days) {
      x += "<NoncurrentVersionExpiration><NoncurrentDays>" + std::to_string(r.noncurrent_expiration_days) +
           "</NoncurrentDays>";
      if (r.newer_noncurrent_versions)
        x += "<NewerNoncurrentVersions>" + std::to_string(r.newer_noncurrent_versions) +
             "</NewerNoncurrentVersions>";
      x += "</NoncurrentVersionExpiration>";
    }
    if (r.abort_multipart_days)
      x += "<AbortIncompleteMultipartUpload><DaysAfterInitiation>" + std::to_string(r.abort_multipart_days) +
           "</DaysAfterInitiation></AbortIncompleteMultipartUpload>";
    x += "</Rule>";
  }
  return x + "</LifecycleConfiguration>\n";
}

std::vector<Rule> parse_xml(std::string_view document) {
  auto doc = xml::parse(document);
  if (!doc || doc->name != "LifecycleConfiguration")
    throw StorageError("malformed lifecycle configuration document", 0, "MalformedResponse");
  std::vector<Rule> out;
  for (const auto* e : doc->children_named("Rule")) {
    Rule r;
    r.id = e->child_text("ID").value_or("");
    r.enabled = e->child_text("Status").value_or("") == "Enabled";
    r.whole_bucket = whole_bucket_filter(*e);
    for (const auto& c : e->children) {
      const std::string& n = c->name;
      if (n == "ID" || n == "Status" || n == "Filter" || n == "Prefix") continue;
      if (n == "Transition") {
        if (!c->child("Days")) r.other_actions = true;  // date-based
        r.transitions.push_back({to_int(c->child_text("Days")), c->child_text("StorageClass").value_or("")});
      } else if (n == "Expiration") {
        if (c->child("Days"))
          r.expiration_days = to_int(c->child_text("Days"));
        else
          r.other_actions = true;  // Date or ExpiredObjectDeleteMarker
      } else if (n == "NoncurrentVersionExpiration") {
        r.noncurrent_expiration_days = to_int(c->child_text("NoncurrentDays"));
        r.newer_noncurrent_versions = to_int(c->child_text("NewerNoncurrentVersions"));
      } else if (n == "AbortIncompleteMultipartUpload") {
        r.abort_multipart_days = to_int(c->child_text("DaysAfterInitiation"));
      } else {
        r.other_actions = true;  // NoncurrentVersionTransition, …
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

Comparison compare(const std::vector<Rule>& expected, const std::vector<Rule>& actual) {
  Comparison c;
  std::vector<bool> used(actual.size(), false);
  for (const auto& e : expected) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i)
      if (!used[i] && equivalent(e, actual[i])) used[i] = found = true;
    if (!found) c.missing.push_back(e);
  }
  for (std::size_t i = 0; i < actual.size(); ++i)
    if (!used[i] && actual[i].enabled) c.unexpected.push_back(actual[i]);
  return c;
}

int run_local(LocalObjectStore& store, const Buckets& buckets, const Options& o, std::ostream& out) {
  const Micros now = o.now ? o.now : now_micros();
  const char* verb = o.apply ? "deleted" : "would delete";
  int status = 0;
  std::size_t acted = 0;
  std::uint64_t bytes = 0;
  int abort_days = 0;
  out << "object store: file " << store.root().string()
      << (o.apply ? "" : " (dry run: nothing is deleted; add --apply to act)") << "\n";
  for (const char* purpose : kPurposes) {
    const std::string bucket = buckets.of(purpose);
    out << purpose << " (bucket " << bucket << "):";
    auto rules = expected_rules(purpose);
    if (rules.empty()) {
      out << " no retention rule\n";
      continue;
    }
    out << "\n";
    for (const auto& r : rules) {
      out << "  rule " << r.id << ": " << summary(r) << "\n";
      if (r.abort_multipart_days) abort_days = std::max(abort_days, r.abort_multipart_days);
      if (!r.transitions.empty())
        out << "    storage-class transitions do not apply to a local directory\n";
      if (r.noncurrent_expiration_days)
        out << "    the local store keeps no object versions: nothing to expire\n";
      if (!r.expiration_days) continue;
      const Micros cutoff = now - r.expiration_days * kDay;
      std::size_t expired = 0;
      try {
        for (const auto& obj : store.list(bucket, "")) {
          if (obj.last_modified >= cutoff) continue;
          ++expired;
          if (o.apply) store.remove(bucket, obj.key);
          ++acted;
          bytes += obj.size;
          out << "    " << verb << " " << bucket << "/" << obj.key << " (" << human_size(obj.size)
              << ", last modified " << format_timestamp(obj.last_modified) << ")\n";
        }
      } catch (const StorageError& e) {
        out << "    error: " << e.what() << "\n";
        status = 1;
      }
      out << "    " << expired << " object(s) older than " << r.expiration_days << " days\n";
    }
  }
  if (abort_days > 0) {
    out << "incomplete writes (" << (store.root() / ".tmp").string() << ") older than " << abort_days
        << " days:\n";
    std::size_t n = 0;
    for (const auto& t : store.temp_files(now - abort_days * kDay)) {
      ++n;
      ++acted;
      bytes += t.size;
      if (o.apply) std::filesystem::remove(t.path);
      out << "    " << verb << " " << t.path.filename().string() << " (" << human_size(t.size) << ")\n";
    }
    out << "    " << n << " file(s)\n";
  }
  out << "summary: " << verb << " " << acted << " file(s), " << human_size(bytes) << "\n";
  return status;
}

int run_s3(S3ObjectStore& store, const Buckets& buckets, const Options& o, std::ostream& out) {
  int differing = 0, errors = 0;
  auto configured = buckets.configured();
  out << "object store: s3 (region " << store.settings().region
      << (store.settings().endpoint.empty() ? "" : ", endpoint " + store.settings().endpoint) << ")"
      << (o.apply ? "" : " (verify only; add --apply to replace differing configurations)") << "\n";
  if (configured.empty()) out << "no bucket configured (S3_BUCKET_*)\n";
  for (const auto& [purpose, bucket] : configured) {
    const auto expected = expected_rules(purpose);
    out << purpose << " (bucket " << bucket << "): ";
    try {
      auto doc = store.get_lifecycle(bucket);
      auto actual = doc ? parse_xml(*doc) : std::vector<Rule>{};
      auto cmp = compare(expected, actual);
      if (cmp.ok()) {
        out << "OK (" << expected.size() << " rule(s)" << (doc ? "" : ", no configuration") << ")\n";
        continue;
      }
      out << (doc ? "DIFFERS from INFRA.md §2.8\n" : "NO lifecycle configuration\n");
      for (const auto& r : cmp.missing) out << "    missing rule " << r.id << ": " << summary(r) << "\n";
      for (const auto& r : cmp.unexpected)
        out << "    unexpected rule " << (r.id.empty() ? "(no id)" : r.id) << ": " << summary(r) << "\n";
      if (!o.apply) {
        ++differing;
        continue;
      }
      if (expected.empty())
        store.delete_lifecycle(bucket);
      else
        store.put_lifecycle(bucket, to_xml(expected));
      auto again = store.get_lifecycle(bucket);
      if (compare(expected, again ? parse_xml(*again) : std::vector<Rule>{}).ok()) {
        out << "    applied: " << expected.size() << " rule(s)\n";
      } else {
        out << "    applied, but the configuration read back still differs\n";
        ++differing;
      }
    } catch (const StorageError& e) {
      out << "ERROR " << e.what() << "\n";
      ++errors;
    }
  }
  out << "summary: " << configured.size() << " bucket(s), " << differing << " differ, " << errors
      << " error(s)";
  if (differing && !o.apply) out << " — run `eduautismo lifecycle --apply` or `terraform apply`";
  out << "\n";
  return differing || errors ? 1 : 0;
}

}  // namespace edu::storage::lifecycle
