// Encrypted column values: see sealed_columns.hpp.
#include "security/sealed_columns.hpp"

#include <boost/json/parse.hpp>

namespace edu::security {

db::Param seal_text(const FieldCipher& cipher, const std::optional<std::string>& plain,
                    const FieldAad& aad) {
  if (!plain) return nullptr;
  return cipher.encrypt(*plain, aad);
}

std::optional<std::string> open_text(const FieldCipher& cipher,
                                     const std::optional<std::string>& stored, const FieldAad& aad) {
  if (!stored) return std::nullopt;
  return cipher.decrypt(*stored, aad);
}

db::Param seal_document(const FieldCipher& cipher, const json::value& plain, const FieldAad& aad) {
  if (plain.is_null()) return nullptr;
  return seal_param(cipher, db::json_text(plain), /*document=*/true, aad);
}

json::value open_document(const FieldCipher& cipher, const json::value& stored, const FieldAad& aad) {
  // Only an `enc:` string is a sealed document; any other value (null, an object or array
  // written before encryption, a plain string document) is the document itself.
  if (!stored.is_string()) return stored;
  const auto& s = stored.get_string();
  const std::string_view text(s.data(), s.size());
  if (!FieldCipher::is_encrypted(text)) return stored;
  std::string plain = cipher.decrypt(text, aad);
  try {
    return json::parse(plain);
  } catch (const std::exception&) {
    throw FieldCryptoError("encrypted document in " + std::string(aad.table) + "." +
                           std::string(aad.column) + " is not JSON");
  }
}

db::Param seal_param(const FieldCipher& cipher, const db::Param& plain, bool document,
                     const FieldAad& aad) {
  const auto* text = std::get_if<std::string>(&plain);
  if (!text) return plain;
  std::string sealed = cipher.encrypt(*text, aad);
  return document ? db::json_text(json::value(std::move(sealed))) : db::Param(std::move(sealed));
}

}  // namespace edu::security
