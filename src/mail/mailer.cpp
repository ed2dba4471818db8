// Mailer implementations: SMTP (libcurl), outbox directory, log line, drop.
#include "mail/mailer.hpp"

#include <curl/curl.h>

#include <atomic>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/config.hpp"
#include "core/ids.hpp"
#include "observability/log.hpp"
#include "security/jwt.hpp"

namespace edu::mail {
namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string encoded_word(const std::string& text) {
  if (is_ascii(text)) return text;
  // base64 (standard alphabet) of the UTF-8 text
  std::string b = security::base64url_encode(text);
  for (auto& c : b) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (b.size() % 4) b.push_back('=');
  return "=?UTF-8?B?" + b + "?=";
}

std::string rfc5322_date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += "\r\n";
    else out.push_back(text[i]);
  }
  return out;
}

std::string domain_of(const std::string& addr) {
  auto at = addr.rfind('@');
  return at == std::string::npos ? "localhost" : addr.substr(at + 1);
}

// ---------------------------------------------------------------- SMTP

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_cb(char* ptr, std::size_t size, std::size_t nmemb, void* userp) {
  auto* u = static_cast<Upload*>(userp);
  std::size_t room = size * nmemb;
  std::size_t left = u->data->size() - u->offset;
  std::size_t n = std::min(room, left);
  std::memcpy(ptr, u->data->data() + u->offset, n);
  u->offset += n;
  return n;
}

class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(const Config& c)
      : host_(c.smtp_host), port_(c.smtp_port), user_(c.smtp_username),
        password_(c.smtp_password), starttls_(c.smtp_starttls), from_(c.mail_from) {
    static CurlGlobal global;
  }

  Delivery deliver(const Message& m) override {
    Delivery d;
    d.transport = "smtp";
    std::string payload = render_message(m, from_, true);
    CURL* curl = curl_easy_init();
    if (!curl) {
      d.error = "curl_easy_init failed";
      return d;
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> guard(curl, curl_easy_cleanup);
    std::string scheme = port_ == 465 ? "smtps://" : "smtp://";
    std::string url = scheme + host_ + ":" + std::to_string(port_) + "/" + domain_of(address_of(from_));
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_guard(rcpt, curl_slist_free_all);
    Upload up{&payload};
    std::string from = "<" + address_of(from_) + ">";
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    if (port_ != 465)
      curl_easy_setopt(curl, CURLOPT_USE_SSL, starttls_ ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    if (!user_.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, user_.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, password_.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
      d.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
      return d;
    }
    d.ok = true;
    return d;
  }
  std::string transport() const override { return "smtp"; }

 private:
  std::string host_;
  int port_;
  std::string user_, password_;
  bool starttls_;
  std::string from_;
};

// ---------------------------------------------------------------- outbox directory

class OutboxDirMailer final : public Mailer {
 public:
  OutboxDirMailer(std::string dir, std::string from) : dir_(std::move(dir)), from_(std::move(from)) {}

  Delivery deliver(const Message& m) override {
    Delivery d;
    d.transport = "outbox_dir";
    try {
      std::filesystem::create_directories(dir_);
      // Written under a temporary name and renamed: readers never see a partial file.
      std::string name = new_uuid_v7();
      auto tmp = std::filesystem::path(dir_) / (name + ".tmp");
      auto final_path = std::filesystem::path(dir_) / (name + ".eml");
      {
        std::ofstream f(tmp, std::ios::binary);
        f << render_message(m, from_, false);
        if (!f) throw std::runtime_error("write failed");
      }
      std::filesystem::rename(tmp, final_path);
      d.ok = true;
      log::info("mail written to outbox", {{"event", "mail_outbox"}, {"kind", m.kind},
                                           {"file", final_path.filename().string()}});
    } catch (const std::exception& e) {
      d.error = e.what();
    }
    return d;
  }
  std::string transport() const override { return "outbox_dir"; }

 private:
  std::string dir_, from_;
};

// ---------------------------------------------------------------- log line / drop

class LogMailer final : public Mailer {
 public:
  explicit LogMailer(std::string from) : from_(std::move(from)) {}
  Delivery deliver(const Message& m) override {
    log::info("mail outbox", {{"event", "mail_outbox"}, {"kind", m.kind}, {"from", from_},
                              {"to", m.to}, {"subject", m.subject}, {"body", m.body}});
    return {true, "log", ""};
  }
  std::string transport() const override { return "log"; }

 private:
  std::string from_;
};

class DropMailer final : public Mailer {
 public:
  Delivery deliver(const Message& m) override {
    log::error("mail dropped: no SMTP_HOST configured in production",
               {{"event", "mail_dropped"}, {"kind", m.kind}});
    return {false, "dropped", "no transport configured"};
  }
  std::string transport() const override { return "dropped"; }
};

}  // namespace

std::string address_of(const std::string& mailbox) {
  auto lt = mailbox.find('<');
  auto gt = mailbox.find('>', lt == std::string::npos ? 0 : lt);
  if (lt != std::string::npos && gt != std::string::npos) return mailbox.substr(lt + 1, gt - lt - 1);
  return mailbox;
}

std::string render_message(const Message& m, const std::string& from, bool encode_headers) {
  auto hdr = [&](const std::string& v) { return encode_headers ? encoded_word(v) : v; };
  std::string from_addr = address_of(from);
  std::string from_name;
  if (auto lt = from.find('<'); lt != std::string::npos) {
    from_name = from.substr(0, lt);
    while (!from_name.empty() && from_name.back() == ' ') from_name.pop_back();
  }
  std::string out;
  out += "From: " + (from_name.empty() ? from_addr : hdr(from_name) + " <" + from_addr + ">") + "\r\n";
  out += "To: " + (m.to_name.empty() ? m.to : hdr(m.to_name) + " <" + m.to + ">") + "\r\n";
  out += "Subject: " + hdr(m.subject) + "\r\n";
  out += "Date: " + rfc5322_date() + "\r\n";
  out += "Message-ID: <" + new_uuid_v4() + "@" + domain_of(from_addr) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n";
  out += "\r\n";
  out += crlf(m.body);
  if (out.size() < 2 || out.substr(out.size() - 2) != "\r\n") out += "\r\n";
  return out;
}

std::unique_ptr<Mailer> make_mailer(const Config& cfg) {
  if (!cfg.smtp_host.empty()) return std::make_unique<SmtpMailer>(cfg);
  if (!cfg.mail_outbox_dir.empty())
    return std::make_unique<OutboxDirMailer>(cfg.mail_outbox_dir, cfg.mail_from);
  if (cfg.environment != "production") return std::make_unique<LogMailer>(cfg.mail_from);
  return std::make_unique<DropMailer>();
}

}  // namespace edu::mail
