// Outgoing e-mail (API.md §4.3 delivery rules, INFRA.md §1.1 SMTP_* / MAIL_*):
//   SMTP_HOST set        → SMTP through libcurl (STARTTLS when SMTP_STARTTLS, implicit TLS on 465)
//   else MAIL_OUTBOX_DIR → one RFC 5322 .eml file per message
//   else non-production  → one JSON log line with event "mail_outbox" and the full message
//   else (production)    → dropped with an ERROR log line (the body, which carries tokens, is
//                          never logged in production).
// `deliver` blocks (network, disk): callers run it off the request path.
#pragma once
#include <memory>
#include <string>

namespace edu {
struct Config;
}

namespace edu::mail {

struct Message {
  std::string to;        // bare address
  std::string to_name;   // display name (optional)
  std::string subject;   // UTF-8
  std::string body;      // UTF-8 plain text, '\n' line ends
  std::string kind;      // e.g. "password_reset" (logs, delivery log)
};

struct Delivery {
  bool ok = false;
  std::string transport;  // smtp / outbox_dir / log / dropped
  std::string error;
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Delivery deliver(const Message& m) = 0;
  virtual std::string transport() const = 0;
};

std::unique_ptr<Mailer> make_mailer(const Config& cfg);

// RFC 5322 text of a message (CRLF line ends). `encode_headers` uses RFC 2047 encoded-words
// for non-ASCII header text (SMTP); otherwise headers stay UTF-8 (RFC 6532, outbox files).
std::string render_message(const Message& m, const std::string& from, bool encode_headers);
// The address inside "Name <addr>" (or the text itself).
std::string address_of(const std::string& mailbox);

}  // namespace edu::mail
