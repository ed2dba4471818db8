// Name rules shared by both object store implementations.
#include "storage/object_store.hpp"

namespace edu::storage {

void validate_bucket(const std::string& b) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool ok = b.size() >= 3 && b.size() <= 63 && alnum(b.front()) && alnum(b.back());
  for (char c : b) ok = ok && (alnum(c) || c == '-' || c == '.');
  if (!ok)
    throw StorageError("invalid bucket name '" + b.substr(0, 80) +
                           "': expected 3-63 characters of a-z, 0-9, '.' and '-'",
                       0, "InvalidBucketName");
}

void validate_key(const std::string& key) {
  if (key.empty() || key.size() > 1024)
    throw StorageError("invalid object key: expected 1-1024 bytes", 0, "InvalidKey");
  if (key.find('\0') != std::string::npos)
    throw StorageError("invalid object key: NUL byte", 0, "InvalidKey");
}

}  // namespace edu::storage
