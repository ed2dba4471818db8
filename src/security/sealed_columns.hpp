// Column values under field encryption (security/field_crypto.hpp), the same on SQLite and
// PostgreSQL: a text column holds the `enc:` text itself; a JSON column holds the ciphertext of
// the document's compact JSON as a JSON string. SQL NULL stays NULL (nothing to hide), and
// values written before a column was encrypted (plain text, a JSON object or array) read
// unchanged until the row is written again.
#pragma once
#include <optional>
#include <string>

#include "core/json.hpp"
#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace edu::security {

db::Param seal_text(const FieldCipher& cipher, const std::optional<std::string>& plain,
                    const FieldAad& aad);
std::optional<std::string> open_text(const FieldCipher& cipher,
                                     const std::optional<std::string>& stored, const FieldAad& aad);

db::Param seal_document(const FieldCipher& cipher, const json::value& plain, const FieldAad& aad);
// Throws FieldCryptoError when an encrypted document does not decrypt or is not JSON.
json::value open_document(const FieldCipher& cipher, const json::value& stored, const FieldAad& aad);

// A partial update's Param as stored: a string is sealed (as a JSON string when `document`,
// i.e. the Param holds a document's JSON text); NULL stays NULL.
db::Param seal_param(const FieldCipher& cipher, const db::Param& plain, bool document,
                     const FieldAad& aad);

}  // namespace edu::security
