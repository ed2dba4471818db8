// The local directory object store: round trips, atomic replacement, metadata, listings,
// key rules (no path traversal), pruning and the temp files the lifecycle command cleans.
#include "storage/local/local_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <fstream>

#include "core/ids.hpp"

using namespace edu::storage;
namespace fs = std::filesystem;

namespace {

class LocalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("edu-store-" + edu::random_hex(6));
    store_ = std::make_unique<LocalObjectStore>(root_.string());
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
  std::unique_ptr<LocalObjectStore> store_;
};

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const StorageError& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_F(LocalStoreTest, PutGetHeadRoundTrip) {
  store_->put("exports", "2026/11/planos.csv", "hello", {"text/csv; charset=utf-8"});
  EXPECT_EQ(store_->get("exports", "2026/11/planos.csv").value(), "hello");
  EXPECT_TRUE(fs::is_regular_file(root_ / "exports/2026/11/planos.csv"));
  auto info = store_->head("exports", "2026/11/planos.csv");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 5u);
  EXPECT_EQ(info->etag, "5d41402abc4b2a76b9719d911017c592");  // md5("hello")
  EXPECT_EQ(info->content_type, "text/csv; charset=utf-8");
  EXPECT_GT(info->last_modified, 0);
  EXPECT_FALSE(store_->get("exports", "2026/11/other.csv"));
  EXPECT_FALSE(store_->head("exports", "2026/11/other.csv"));
  EXPECT_FALSE(store_->get("exports", "2026/11"));  // a prefix is not an object
  EXPECT_FALSE(store_->get("other-bucket", "x"));
}

TEST_F(LocalStoreTest, ReplacingIsAtomicAndLeavesNoTempFile) {
  store_->put("uploads", "a.bin", std::string(100000, 'a'));
  store_->put("uploads", "a.bin", "short", {"text/plain"});
  EXPECT_EQ(store_->get("uploads", "a.bin").value(), "short");
  EXPECT_EQ(store_->head("uploads", "a.bin")->content_type, "text/plain");
  EXPECT_TRUE(fs::is_empty(root_ / ".tmp"));
  EXPECT_TRUE(store_->temp_files(edu::now_micros() + 1000000).empty());
}

TEST_F(LocalStoreTest, BinaryDataAndEmptyObjects) {
  std::string bin;
  for (int i = 0; i < 256; ++i) bin.push_back(static_cast<char>(i));
  store_->put("uploads", "bin", bin);
  store_->put("uploads", "empty", "");
  EXPECT_EQ(store_->get("uploads", "bin").value(), bin);
  EXPECT_EQ(store_->get("uploads", "empty").value(), "");
  EXPECT_EQ(store_->head("uploads", "empty")->etag, "d41d8cd98f00b204e9800998ecf8427e");
}

TEST_F(LocalStoreTest, PutFileStreamsAFile) {
  const fs::path src = root_.string() + "-src.bin";
  {
    std::ofstream out(src, std::ios::binary);
    for (int i = 0; i < 3000; ++i) out << "line " << i << "\n";
  }
  store_->put_file("ml-models", "model/v1.bin", src.string(), {"application/octet-stream"});
  std::ifstream in(src, std::ios::binary);
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(store_->get("ml-models", "model/v1.bin").value(), expected);
  EXPECT_EQ(store_->head("ml-models", "model/v1.bin")->etag.size(), 32u);
  fs::remove(src);
  EXPECT_EQ(code_of([&] { store_->put_file("ml-models", "x", "/nonexistent/file"); }), "IOError");
}

TEST_F(LocalStoreTest, ListIsSortedAndFilteredByPrefix) {
  for (const char* k : {"b/2.csv", "a/1.csv", "b/1.csv", "b10/x.csv", "c.csv"}) store_->put("exports", k, k);
  auto keys = [](const std::vector<ObjectInfo>& v) {
    std::vector<std::string> out;
    for (const auto& o : v) out.push_back(o.key);
    return out;
  };
  EXPECT_EQ(keys(store_->list("exports", "")),
            (std::vector<std::string>{"a/1.csv", "b/1.csv", "b/2.csv", "b10/x.csv", "c.csv"}));
  EXPECT_EQ(keys(store_->list("exports", "b")), (std::vector<std::string>{"b/1.csv", "b/2.csv", "b10/x.csv"}));
  EXPECT_EQ(keys(store_->list("exports", "b/")), (std::vector<std::string>{"b/1.csv", "b/2.csv"}));
  EXPECT_EQ(keys(store_->list("exports", "b/2")), (std::vector<std::string>{"b/2.csv"}));
  EXPECT_TRUE(store_->list("exports", "zzz/").empty());
  EXPECT_TRUE(store_->list("missing-bucket", "").empty());
  auto all = store_->list("exports", "a/");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].size, 7u);
  EXPECT_EQ(all[0].etag.size(), 32u);
}

TEST_F(LocalStoreTest, RemoveIsIdempotentAndPrunesEmptyDirectories) {
  store_->put("exports", "x/y/z.csv", "1");
  store_->put("exports", "x/keep.csv", "2");
  store_->remove("exports", "x/y/z.csv");
  EXPECT_FALSE(fs::exists(root_ / "exports/x/y"));
  EXPECT_FALSE(fs::exists(root_ / ".meta/exports/x/y"));
  EXPECT_TRUE(fs::exists(root_ / "exports/x/keep.csv"));
  EXPECT_NO_THROW(store_->remove("exports", "x/y/z.csv"));
  EXPECT_NO_THROW(store_->remove("exports", "x"));  // a prefix: nothing happens
  EXPECT_TRUE(fs::exists(root_ / "exports/x/keep.csv"));
}

TEST_F(LocalStoreTest, KeysCannotEscapeTheRoot) {
  for (const char* bad : {"../etc/passwd", "a/../../x", "/abs", "a//b", "a/./b", "dir/", ""})
    EXPECT_EQ(code_of([&] { store_->put("exports", bad, "x"); }), "InvalidKey") << bad;
  EXPECT_EQ(code_of([&] { store_->get("exports", "a/../b"); }), "InvalidKey");
  EXPECT_EQ(code_of([&] { store_->put("exports", std::string("a\0b", 3), "x"); }), "InvalidKey");
  for (const char* bad : {"..", ".meta", "UPPER", "a", "x/y", "-lead"})
    EXPECT_EQ(code_of([&] { store_->put(bad, "k", "x"); }), "InvalidBucketName") << bad;
  EXPECT_FALSE(fs::exists(root_.parent_path() / "etc"));
}

TEST_F(LocalStoreTest, AKeyCannotBeBothObjectAndPrefix) {
  store_->put("exports", "a", "file");
  EXPECT_EQ(code_of([&] { store_->put("exports", "a/b", "x"); }), "KeyConflict");
  store_->put("exports", "d/e", "x");
  EXPECT_EQ(code_of([&] { store_->put("exports", "d", "x"); }), "KeyConflict");
  EXPECT_EQ(store_->get("exports", "a").value(), "file");
  EXPECT_TRUE(fs::is_empty(root_ / ".tmp"));
}

TEST_F(LocalStoreTest, ObjectsWrittenByOthersGetRecomputedMetadata) {
  store_->put("uploads", "f.txt", "hello", {"text/plain"});
  {
    std::ofstream out(root_ / "uploads/f.txt", std::ios::binary | std::ios::trunc);
    out << "changed!";
  }
  auto info = store_->head("uploads", "f.txt");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 8u);
  EXPECT_EQ(info->content_type, "application/octet-stream");  // stale sidecar ignored
  EXPECT_EQ(info->etag, "f5bbe7d860cd99607844b9ab05be13b7");  // md5("changed!")
}

TEST_F(LocalStoreTest, TempFilesOlderThanACutoff) {
  fs::create_directories(root_ / ".tmp");
  std::ofstream(root_ / ".tmp/old.part") << "x";
  std::ofstream(root_ / ".tmp/new.part") << "y";
  struct timeval tv[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(::utimes((root_ / ".tmp/old.part").c_str(), tv), 0);
  auto old = store_->temp_files(edu::now_micros() - 3600LL * 1000000);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].path.filename(), "old.part");
  EXPECT_EQ(old[0].last_modified, 1000LL * 1000000);
}
