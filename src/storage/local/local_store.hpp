// The embedded object store: a local directory (STORAGE_URL=file://<dir>, by default
// EDU_DATA_DIR/objects). Layout: <root>/<bucket>/<key> holds the bytes; <root>/.meta/<bucket>/<key>
// a small JSON (content type, ETag, and the size/mtime of the bytes it describes, so a stale
// sidecar is recognised); <root>/.tmp/ the writes in progress.
//
// Writes are atomic and durable: bytes go to a temp file in <root>/.tmp (same filesystem),
// fsync, rename over the final path, fsync of the directory — a reader or a crash never sees
// half an object. Keys map to paths, so they must be relative paths without empty, "." or
// ".." segments, and one key cannot be both an object and the prefix of another ("a" and
// "a/b"): such keys are refused with StorageError.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "storage/object_store.hpp"

namespace edu::storage {

class LocalObjectStore : public ObjectStore {
 public:
  explicit LocalObjectStore(std::string root);

  std::string kind() const override { return "file"; }
  std::string describe(const std::string& bucket, const std::string& key) const override;
  void put(const std::string& bucket, const std::string& key, std::string_view data,
           const PutOptions& options = {}) override;
  void put_file(const std::string& bucket, const std::string& key, const std::string& path,
                const PutOptions& options = {}) override;
  std::optional<std::string> get(const std::string& bucket, const std::string& key) override;
  std::optional<ObjectInfo> head(const std::string& bucket, const std::string& key) override;
  void remove(const std::string& bucket, const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& bucket, const std::string& prefix) override;

  const std::filesystem::path& root() const { return root_; }
  // Writes left behind by a crash (the local analogue of incomplete multipart uploads),
  // last modified before `before` (Micros since the epoch).
  struct TempFile {
    std::filesystem::path path;
    std::uint64_t size = 0;
    Micros last_modified = 0;
  };
  std::vector<TempFile> temp_files(Micros before) const;

 private:
  std::filesystem::path object_path(const std::string& bucket, const std::string& key) const;
  std::filesystem::path meta_path(const std::string& bucket, const std::string& key) const;
  // Streams `fill(fd)` into a temp file and renames it to `target` durably.
  void write_atomic(const std::filesystem::path& target,
                    const std::function<void(int fd)>& fill) const;
  void write_meta(const std::string& bucket, const std::string& key, const std::string& content_type,
                  const std::string& etag) const;
  void prune_empty_dirs(std::filesystem::path dir, const std::filesystem::path& stop) const;

  std::filesystem::path root_;
};

// Local key rules (see the header comment); throws StorageError("InvalidKey").
void validate_local_key(const std::string& key);

}  // namespace edu::storage
