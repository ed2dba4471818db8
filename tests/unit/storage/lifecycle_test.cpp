// Storage retention rules: equal to the Terraform storage module (so the CLI checks what
// Terraform applies), XML round trip and parsing of S3 documents, comparison, and the local
// enforcement (dry run vs --apply).
#include "storage/lifecycle.hpp"

#include <gtest/gtest.h>
#include <sys/time.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/ids.hpp"
#include "storage/local/local_store.hpp"

using namespace edu::storage;
using namespace edu::storage::lifecycle;
namespace fs = std::filesystem;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The rules of deploy/terraform/modules/storage/lifecycle.tf, per resource name.
std::map<std::string, std::vector<Rule>> terraform_rules() {
  const std::string tf = read(std::string(EDU_SOURCE_DIR) + "/deploy/terraform/modules/storage/lifecycle.tf");
  std::map<std::string, std::vector<Rule>> out;
  const std::string marker = "resource \"aws_s3_bucket_lifecycle_configuration\" \"";
  std::size_t pos = 0;
  while ((pos = tf.find(marker, pos)) != std::string::npos) {
    pos += marker.size();
    std::string name = tf.substr(pos, tf.find('"', pos) - pos);
    std::size_t end = tf.find(marker, pos);
    std::string block = tf.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::size_t rpos = 0;
    while ((rpos = block.find("rule {", rpos)) != std::string::npos) {
      std::size_t rend = block.find("rule {", rpos + 1);
      std::string rb = block.substr(rpos, rend == std::string::npos ? std::string::npos : rend - rpos);
      rpos += 6;
      Rule r;
      std::smatch m;
      if (std::regex_search(rb, m, std::regex("id\\s*=\\s*\"([^\"]+)\""))) r.id = m[1];
      EXPECT_NE(rb.find("filter {}"), std::string::npos) << r.id << ": every rule has an empty filter";
      std::regex tr("transition\\s*\\{\\s*days\\s*=\\s*(\\d+)\\s*storage_class\\s*=\\s*\"([A-Z_]+)\"");
      for (auto it = std::sregex_iterator(rb.begin(), rb.end(), tr); it != std::sregex_iterator(); ++it)
        r.transitions.push_back({std::stoi((*it)[1]), (*it)[2]});
      if (std::regex_search(rb, m, std::regex("\\bexpiration\\s*\\{\\s*days\\s*=\\s*(\\d+)"))) r.expiration_days = std::stoi(m[1]);
      if (std::regex_search(rb, m, std::regex("days_after_initiation\\s*=\\s*(\\d+)"))) r.abort_multipart_days = std::stoi(m[1]);
      if (std::regex_search(rb, m, std::regex("noncurrent_days\\s*=\\s*(\\d+)"))) r.noncurrent_expiration_days = std::stoi(m[1]);
      if (std::regex_search(rb, m, std::regex("newer_noncurrent_versions\\s*=\\s*(\\d+)"))) r.newer_noncurrent_versions = std::stoi(m[1]);
      out[name].push_back(r);
    }
    pos = end == std::string::npos ? tf.size() : end;
  }
  return out;
}

}  // namespace

TEST(Lifecycle, RulesAreThoseOfTheTerraformStorageModule) {
  auto tf = terraform_rules();
  ASSERT_EQ(tf.size(), 3u) << "uploads, exports, ml_models";
  for (auto [resource, purpose] : std::vector<std::pair<std::string, std::string>>{
           {"uploads", "uploads"}, {"exports", "exports"}, {"ml_models", "ml-models"}}) {
    SCOPED_TRACE(purpose);
    auto expected = expected_rules(purpose);
    auto cmp = compare(expected, tf[resource]);
    EXPECT_TRUE(cmp.ok()) << cmp.missing.size() << " missing, " << cmp.unexpected.size() << " unexpected";
    ASSERT_EQ(expected.size(), tf[resource].size());
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(expected[i].id, tf[resource][i].id);
  }
  EXPECT_TRUE(expected_rules("bncc-data").empty());
  // INFRA.md §2.8 figures, stated once more.
  auto exports = expected_rules("exports");
  EXPECT_EQ(exports[0].expiration_days, 90);
  EXPECT_EQ(exports[0].transitions, (std::vector<Transition>{{30, "GLACIER"}}));
  EXPECT_EQ(exports[1].abort_multipart_days, 7);
}

TEST(Lifecycle, XmlRoundTrip) {
  for (const char* purpose : kPurposes) {
    auto rules = expected_rules(purpose);
    auto back = parse_xml(to_xml(rules));
    ASSERT_EQ(back.size(), rules.size()) << purpose;
    EXPECT_TRUE(compare(rules, back).ok()) << purpose << "\n" << to_xml(rules);
    for (std::size_t i = 0; i < rules.size(); ++i) EXPECT_EQ(back[i].id, rules[i].id);
  }
}

TEST(Lifecycle, ParsesWhatS3Returns) {
  // The shape GetBucketLifecycleConfiguration answers (namespace, <Filter><Prefix/>, legacy
  // <Prefix>), plus a filtered rule and a disabled one.
  const char* doc = R"(<?xml version="1.0" encoding="UTF-8"?>
<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Rule><ID>exports-archive-and-expire</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>
    <Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>
    <Expiration><Days>90</Days></Expiration></Rule>
  <Rule><ID>abort</ID><Prefix></Prefix><Status>Enabled</Status>
    <AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>
  <Rule><ID>logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>
    <Expiration><Days>1</Days></Expiration></Rule>
  <Rule><ID>old</ID><Filter/><Status>Disabled</Status><Expiration><Days>5</Days></Expiration></Rule>
</LifecycleConfiguration>)";
  auto rules = parse_xml(doc);
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_TRUE(rules[0].whole_bucket);
  EXPECT_TRUE(rules[1].whole_bucket);
  EXPECT_FALSE(rules[2].whole_bucket);
  EXPECT_FALSE(rules[3].enabled);
  auto cmp = compare(expected_rules("exports"), rules);
  EXPECT_TRUE(cmp.missing.empty());
  ASSERT_EQ(cmp.unexpected.size(), 1u);  // the filtered "logs" rule; the disabled one is ignored
  EXPECT_EQ(cmp.unexpected[0].id, "logs");
  EXPECT_THROW(parse_xml("<Error/>"), StorageError);
  EXPECT_THROW(parse_xml("not xml"), StorageError);
}

TEST(Lifecycle, ComparisonFindsDifferences) {
  auto expected = expected_rules("uploads");
  auto actual = expected;
  actual[0].transitions[1].days = 60;  // GLACIER at 60 instead of 30
  auto cmp = compare(expected, actual);
  ASSERT_EQ(cmp.missing.size(), 1u);
  EXPECT_EQ(cmp.missing[0].id, "uploads-tiering");
  ASSERT_EQ(cmp.unexpected.size(), 1u);
  EXPECT_FALSE(compare(expected, {}).ok());
  EXPECT_EQ(compare(expected, {}).missing.size(), 2u);
  auto renamed = expected;
  renamed[0].id = "other-name";  // ids do not matter, actions do
  EXPECT_TRUE(compare(expected, renamed).ok());
  EXPECT_EQ(summary(expected[0]), "transition 7 d → INTELLIGENT_TIERING, 30 d → GLACIER");
}

TEST(Lifecycle, LocalDryRunThenApply) {
  const fs::path root = fs::temp_directory_path() / ("edu-lc-" + edu::random_hex(6));
  LocalObjectStore store(root.string());
  Buckets b{"uploads", "exports", "ml-models", "bncc-data"};
  const edu::Micros now = 2000000000LL * 1000000;
  const edu::Micros day = 86400LL * 1000000;
  store.put("exports", "old/planos.csv", "old");
  store.put("exports", "recent.csv", "new");
  store.put("uploads", "old-upload.bin", "u");  // uploads never expire
  store.put("bncc-data", "bncc.csv", "b");
  auto set_mtime = [](const fs::path& p, edu::Micros t) {
    struct timeval tv[2] = {{static_cast<time_t>(t / 1000000), 0}, {static_cast<time_t>(t / 1000000), 0}};
    ASSERT_EQ(::utimes(p.c_str(), tv), 0) << p;
  };
  set_mtime(root / "exports/old/planos.csv", now - 91 * day);
  set_mtime(root / "exports/recent.csv", now - 89 * day);
  set_mtime(root / "uploads/old-upload.bin", now - 400 * day);
  set_mtime(root / "bncc-data/bncc.csv", now - 400 * day);
  fs::create_directories(root / ".tmp");
  std::ofstream(root / ".tmp/crashed.part") << "partial";
  std::ofstream(root / ".tmp/in-progress.part") << "partial";
  set_mtime(root / ".tmp/crashed.part", now - 8 * day);
  set_mtime(root / ".tmp/in-progress.part", now - 60 * 1000000LL);

  std::ostringstream dry;
  EXPECT_EQ(run_local(store, b, {false, now}, dry), 0);
  EXPECT_NE(dry.str().find("would delete exports/old/planos.csv"), std::string::npos) << dry.str();
  EXPECT_NE(dry.str().find("would delete crashed.part"), std::string::npos) << dry.str();
  EXPECT_EQ(dry.str().find("recent.csv"), std::string::npos);
  EXPECT_NE(dry.str().find("summary: would delete 2 file(s)"), std::string::npos) << dry.str();
  EXPECT_TRUE(fs::exists(root / "exports/old/planos.csv"));
  EXPECT_TRUE(fs::exists(root / ".tmp/crashed.part"));

  std::ostringstream applied;
  EXPECT_EQ(run_local(store, b, {true, now}, applied), 0);
  EXPECT_NE(applied.str().find("deleted exports/old/planos.csv"), std::string::npos) << applied.str();
  EXPECT_FALSE(fs::exists(root / "exports/old"));
  EXPECT_FALSE(fs::exists(root / ".tmp/crashed.part"));
  EXPECT_TRUE(fs::exists(root / ".tmp/in-progress.part"));
  EXPECT_TRUE(fs::exists(root / "exports/recent.csv"));
  EXPECT_TRUE(fs::exists(root / "uploads/old-upload.bin"));
  EXPECT_TRUE(fs::exists(root / "bncc-data/bncc.csv"));
  fs::remove_all(root);
}
