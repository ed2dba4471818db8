// The object store (DESIGN.md §1/§2): buckets of immutable objects addressed by key, behind
// one interface with two implementations — a local directory (the embedded default,
// STORAGE_URL=file://<dir>) and S3 (libcurl + SigV4, INFRA.md §1.1/§1.13). Code above this
// interface does not know which one runs.
//
// Calls block (disk or network): use them from worker threads or background jobs, never on
// an I/O thread. Every method throws StorageError on failure; "not found" is not a failure
// (get/head return nullopt, remove is idempotent).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace edu::storage {

class StorageError : public std::runtime_error {
 public:
  // `status`: HTTP status for S3 errors (0 for transport/filesystem errors); `code`: the S3
  // error code (NoSuchBucket, AccessDenied, …) or a local reason.
  StorageError(const std::string& message, int status = 0, std::string code = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;          // without quotes (MD5 hex for single-part objects)
  std::string content_type;  // empty in listings (S3 does not list it)
  Micros last_modified = 0;
};

struct PutOptions {
  std::string content_type = "application/octet-stream";
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // "file" or "s3" (for logs and the lifecycle command).
  virtual std::string kind() const = 0;
  // Human-readable location of a bucket/key, e.g. "s3://bucket/key" or a file path.
  virtual std::string describe(const std::string& bucket, const std::string& key) const = 0;

  // Stores `data` under bucket/key, replacing any previous object atomically (readers see the
  // old or the new object, never a partial one). Large payloads go up in parts (S3
  // multipart upload).
  virtual void put(const std::string& bucket, const std::string& key, std::string_view data,
                   const PutOptions& options = {}) = 0;
  // Same from a file, streamed (multipart for large files): memory stays bounded.
  virtual void put_file(const std::string& bucket, const std::string& key,
                        const std::string& path, const PutOptions& options = {}) = 0;
  // The object's bytes, or nullopt when the key does not exist.
  virtual std::optional<std::string> get(const std::string& bucket, const std::string& key) = 0;
  virtual std::optional<ObjectInfo> head(const std::string& bucket, const std::string& key) = 0;
  // Deletes the object; deleting a missing key is not an error.
  virtual void remove(const std::string& bucket, const std::string& key) = 0;
  // Every object whose key starts with `prefix`, in ascending key order (UTF-8 bytes).
  virtual std::vector<ObjectInfo> list(const std::string& bucket, const std::string& prefix) = 0;
};

// Bucket names (S3 rules, simplified): 3–63 characters of [a-z0-9.-], starting and ending
// with a letter or digit. Throws StorageError (code "InvalidBucketName") otherwise.
void validate_bucket(const std::string& bucket);
// Keys: 1–1024 bytes, no NUL. Stricter rules of the local store are checked there.
void validate_key(const std::string& key);

}  // namespace edu::storage
