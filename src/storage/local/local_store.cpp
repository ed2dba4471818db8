// Local directory object store (see local_store.hpp).
#include "storage/local/local_store.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/ids.hpp"
#include "core/json.hpp"

namespace edu::storage {
namespace fs = std::filesystem;

namespace {

const char* const kMetaDir = ".meta";
const char* const kTempDir = ".tmp";

[[noreturn]] void fail_errno(const std::string& what, const fs::path& p, int err) {
  throw StorageError(what + " " + p.string() + ": " + std::strerror(err), 0, "IOError");
}

// Incremental MD5 (the S3 ETag of a single-part object).
class Md5 {
 public:
  Md5() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr) != 1)
      throw StorageError("MD5 unavailable", 0, "Crypto");
  }
  ~Md5() { EVP_MD_CTX_free(ctx_); }
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void update(const void* p, std::size_t n) { EVP_DigestUpdate(ctx_, p, n); }
  std::string hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, out, &len);
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < len; ++i) {
      s.push_back(digits[out[i] >> 4]);
      s.push_back(digits[out[i] & 15]);
    }
    return s;
  }

 private:
  EVP_MD_CTX* ctx_;
};

void write_all(int fd, const char* p, std::size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail_errno("cannot write", path, errno);
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

Micros mtime_micros(const struct stat& st) {
  return static_cast<Micros>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
}

std::string mtime_token(const struct stat& st) {
  return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

struct Meta {
  std::string content_type;
  std::string etag;
};

// The sidecar, when it describes the bytes currently at `object` (same size and mtime).
std::optional<Meta> read_meta(const fs::path& meta, const struct stat& object) {
  std::ifstream in(meta, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  auto v = parse_json(ss.str());
  if (!v || !v->is_object()) return std::nullopt;
  const auto& o = v->as_object();
  auto str = [&](const char* k) -> std::string {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
  };
  if (str("size") != std::to_string(object.st_size) || str("mtime") != mtime_token(object))
    return std::nullopt;
  return Meta{str("content_type"), str("etag")};
}

}  // namespace

void validate_local_key(const std::string& key) {
  validate_key(key);
  auto bad = [&](const std::string& why) {
    throw StorageError("invalid key for the local object store (" + why + ")", 0, "InvalidKey");
  };
  if (key.front() == '/') bad("leading '/'");
  if (key.back() == '/') bad("trailing '/'");
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    std::string_view seg(key.data() + start, end - start);
    if (seg.empty()) bad("empty path segment");
    if (seg == "." || seg == "..") bad("'.' or '..' segment");
    if (seg.size() > 255) bad("path segment longer than 255 bytes");
    start = end + 1;
  }
}

LocalObjectStore::LocalObjectStore(std::string root) : root_(std::move(root)) {
  if (root_.empty()) throw StorageError("empty local object store root", 0, "InvalidConfig");
}

std::string LocalObjectStore::describe(const std::string& bucket, const std::string& key) const {
  return (root_ / bucket / key).string();
}

fs::path LocalObjectStore::object_path(const std::string& bucket, const std::string& key) const {
  validate_bucket(bucket);
  validate_local_key(key);
  return root_ / bucket / key;
}

fs::path LocalObjectStore::meta_path(const std::string& bucket, const std::string& key) const {
  return root_ / kMetaDir / bucket / key;
}

void LocalObjectStore::write_atomic(const fs::path& target,
                                    const std::function<void(int fd)>& fill) const {
  std::error_code ec;
  const fs::path tmp_dir = root_ / kTempDir;
  fs::create_directories(tmp_dir, ec);
  if (ec) throw StorageError("cannot create " + tmp_dir.string() + ": " + ec.message(), 0, "IOError");
  const fs::path tmp = tmp_dir / (random_hex(12) + ".part");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) fail_errno("cannot create", tmp, errno);
  try {
    fill(fd);
    if (::fsync(fd) != 0) fail_errno("cannot fsync", tmp, errno);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    fail_errno("cannot close", tmp, err);
  }
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    ::unlink(tmp.c_str());
    throw StorageError("cannot store " + target.string() + ": " + ec.message() +
                           " (is a prefix of this key an object?)",
                       0, "KeyConflict");
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    if (err == EISDIR || err == ENOTDIR || err == ENOTEMPTY || err == EEXIST)
      throw StorageError("cannot store " + target.string() + ": " + std::strerror(err) +
                             " (the key is a prefix of other objects)",
                         0, "KeyConflict");
    fail_errno("cannot rename into", target, err);
  }
  fsync_dir(target.parent_path());
}

void LocalObjectStore::write_meta(const std::string& bucket, const std::string& key,
                                  const std::string& content_type, const std::string& etag) const {
  struct stat st{};
  const fs::path obj = root_ / bucket / key;
  if (::stat(obj.c_str(), &st) != 0) fail_errno("cannot stat", obj, errno);
  json::object o{{"content_type", content_type},
                 {"etag", etag},
                 {"size", std::to_string(st.st_size)},
                 {"mtime", mtime_token(st)}};
  std::string text = to_json_compact(o);
  write_atomic(meta_path(bucket, key), [&](int fd) { write_all(fd, text.data(), text.size(), obj); });
}

void LocalObjectStore::put(const std::string& bucket, const std::string& key, std::string_view data,
                           const PutOptions& options) {
  const fs::path target = object_path(bucket, key);
  Md5 md5;
  md5.update(data.data(), data.size());
  write_atomic(target, [&](int fd) { write_all(fd, data.data(), data.size(), target); });
  write_meta(bucket, key, options.content_type, md5.hex());
}

void LocalObjectStore::put_file(const std::string& bucket, const std::string& key,
                                const std::string& path, const PutOptions& options) {
  const fs::path target = object_path(bucket, key);
  int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) fail_errno("cannot open", path, errno);
  std::unique_ptr<int, void (*)(int*)> guard(&in, [](int* f) { ::close(*f); });
  Md5 md5;
  write_atomic(target, [&](int fd) {
    std::vector<char> buf(1 << 20);
    for (;;) {
      ssize_t n = ::read(in, buf.data(), buf.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_errno("cannot read", path, errno);
      }
      if (n == 0) break;
      md5.update(buf.data(), static_cast<std::size_t>(n));
      write_all(fd, buf.data(), static_cast<std::size_t>(n), target);
    }
  });
  write_meta(bucket, key, options.content_type, md5.hex());
}

std::optional<std::string> LocalObjectStore::get(const std::string& bucket, const std::string& key) {
  const fs::path p = object_path(bucket, key);
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    fail_errno("cannot open", p, errno);
  }
  std::unique_ptr<int, void (*)(int*)> guard(&fd, [](int* f) { ::close(*f); });
  struct stat st{};
  if (::fstat(fd, &st) != 0) fail_errno("cannot stat", p, errno);
  if (!S_ISREG(st.st_mode)) return std::nullopt;  // a prefix ("directory"), not an object
  std::string out;
  out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno("cannot read", p, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::optional<ObjectInfo> LocalObjectStore::head(const std::string& bucket, const std::string& key) {
  const fs::path p = object_path(bucket, key);
  struct stat st{};
  if (::stat(p.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    fail_errno("cannot stat", p, errno);
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  ObjectInfo info;
  info.key = key;
  info.size = static_cast<std::uint64_t>(st.st_size);
  info.last_modified = mtime_micros(st);
  if (auto m = read_meta(meta_path(bucket, key), st)) {
    info.content_type = m->content_type;
    info.etag = m->etag;
  } else {
    // No (or a stale) sidecar: the object was written by something else. Recompute.
    info.content_type = "application/octet-stream";
    auto bytes = get(bucket, key);
    if (!bytes) return std::nullopt;
    Md5 md5;
    md5.update(bytes->data(), bytes->size());
    info.etag = md5.hex();
  }
  return info;
}

void LocalObjectStore::prune_empty_dirs(fs::path dir, const fs::path& stop) const {
  // rmdir fails on a non-empty directory, which ends the walk up.
  while (dir != stop && dir.string().size() > stop.string().size()) {
    if (::rmdir(dir.c_str()) != 0) break;
    dir = dir.parent_path();
  }
}

void LocalObjectStore::remove(const std::string& bucket, const std::string& key) {
  const fs::path p = object_path(bucket, key);
  struct stat st{};
  if (::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;  // a prefix, not an object
  if (::unlink(p.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR)
    fail_errno("cannot delete", p, errno);
  const fs::path m = meta_path(bucket, key);
  ::unlink(m.c_str());
  fsync_dir(p.parent_path());
  prune_empty_dirs(p.parent_path(), root_ / bucket);
  prune_empty_dirs(m.parent_path(), root_ / kMetaDir / bucket);
}

std::vector<ObjectInfo> LocalObjectStore::list(const std::string& bucket, const std::string& prefix) {
  validate_bucket(bucket);
  const fs::path base = root_ / bucket;
  // Walk only the deepest directory the prefix names.
  fs::path start = base;
  if (auto slash = prefix.rfind('/'); slash != std::string::npos) {
    std::string dir = prefix.substr(0, slash);
    if (dir.find("..") != std::string::npos) return {};
    start = base / dir;
  }
  std::vector<ObjectInfo> out;
  std::error_code ec;
  if (!fs::is_directory(start, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(start, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string key = it->path().lexically_relative(base).generic_string();
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    struct stat st{};
    if (::stat(it->path().c_str(), &st) != 0) continue;  // deleted meanwhile
    ObjectInfo info;
    info.key = std::move(key);
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.last_modified = mtime_micros(st);
    if (auto m = read_meta(meta_path(bucket, info.key), st)) info.etag = m->etag;
    out.push_back(std::move(info));
  }
  if (ec) throw StorageError("cannot list " + start.string() + ": " + ec.message(), 0, "IOError");
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

std::vector<LocalObjectStore::TempFile> LocalObjectStore::temp_files(Micros before) const {
  std::vector<TempFile> out;
  std::error_code ec;
  const fs::path dir = root_ / kTempDir;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    struct stat st{};
    if (::lstat(e.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (mtime_micros(st) >= before) continue;
    out.push_back({e.path(), static_cast<std::uint64_t>(st.st_size), mtime_micros(st)});
  }
  std::sort(out.begin(), out.end(), [](const TempFile& a, const TempFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace edu::storage
