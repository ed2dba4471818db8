// Batch re-encryption: see reencrypt.hpp.
#include "security/reencrypt.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include <boost/json/parse.hpp>

#include "observability/log.hpp"
#include "security/sealed_columns.hpp"

namespace edu::security {
namespace {

// The stored text of one column re-sealed under the current key, or nullopt when it already
// is. Every value is decrypted, also those under the current key, so that a run checks that
// each one still opens (throws FieldCryptoError otherwise).
std::optional<std::string> resealed(const FieldCipher& cipher, const SealedColumn& col,
                                    const std::string& stored, const FieldAad& aad) {
  if (!col.document) {
    std::string plain = cipher.decrypt(stored, aad);
    if (!cipher.needs_reencryption(stored)) return std::nullopt;
    return cipher.encrypt(plain, aad);
  }
  json::value doc = boost::json::parse(stored);
  if (doc.is_null()) return std::nullopt;
  json::value plain = open_document(cipher, doc, aad);
  if (doc.is_string() && FieldCipher::is_encrypted(std::string_view(doc.get_string())) &&
      !cipher.needs_reencryption(std::string_view(doc.get_string())))
    return std::nullopt;
  return std::get<std::string>(seal_document(cipher, plain, aad));
}

struct Rewrite {
  std::string key;
  std::vector<std::pair<std::size_t, std::string>> old_values, new_values;  // by column
};

// Re-seals one batch of rows (key, AAD row id, sealed columns...) and writes the changed ones
// in one transaction, each only if its columns still hold what was read.
// `skipped` receives the keys of rows whose guard failed (written meanwhile): the service's
// write does not always re-seal every stale column, so those rows are read and tried again.
void process_batch(db::Database& db, const FieldCipher& cipher, const SealedTable& t,
                   const ReencryptOptions& o, const db::Result& rows, ReencryptTableReport& rep,
                   std::vector<std::string>& skipped) {
  std::vector<Rewrite> rewrites;
  for (const auto& row : rows.rows) {
    ++rep.rows_scanned;
    Rewrite w{row.text(0), {}, {}};
    const std::string& aad_row = row.text(1);
    try {
      for (std::size_t k = 0; k < t.columns.size(); ++k) {
        auto stored = row.opt_text(k + 2);
        if (!stored) continue;
        if (auto fresh = resealed(cipher, t.columns[k], *stored, {t.table, t.columns[k].name, aad_row})) {
          w.old_values.emplace_back(k, *stored);
          w.new_values.emplace_back(k, std::move(*fresh));
        }
      }
    } catch (const std::exception&) {  // FieldCryptoError, or a document that is not JSON
      rep.failed_ids.push_back(w.key);
      continue;
    }
    if (!w.new_values.empty()) rewrites.push_back(std::move(w));
  }
  if (o.dry_run) {
    rep.rows_rewritten += static_cast<std::int64_t>(rewrites.size());
    return;
  }
  if (rewrites.empty()) return;
  const std::string key(t.key);
  std::int64_t done = 0;
  std::vector<std::string> missed;
  db.transaction([&](db::Executor& ex) {
    done = 0;  // a retried transaction counts again
    missed.clear();
    for (const auto& w : rewrites) {
      db::Params params{w.key};
      std::string set, guard;
      for (const auto& [k, value] : w.new_values) {
        params.push_back(value);
        set += std::string(set.empty() ? "" : ", ") + std::string(t.columns[k].name) + " = $" +
               std::to_string(params.size());
      }
      for (const auto& [k, value] : w.old_values) {
        params.push_back(value);
        guard += " AND CAST(" + std::string(t.columns[k].name) + " AS TEXT) = $" +
                 std::to_string(params.size());
      }
      auto r = ex.query("UPDATE " + std::string(t.table) + " SET " + set + " WHERE " + key +
                            " = $1" + guard,
                        params);
      if (r.affected > 0) ++done;
      else missed.push_back(w.key);
    }
  });
  rep.rows_rewritten += done;
  rep.rows_changed_meanwhile += static_cast<std::int64_t>(missed.size());
  skipped.insert(skipped.end(), missed.begin(), missed.end());
}

// Walks the table by key, one batch per SELECT, and hands each batch to `writers` threads
// (decrypt, re-seal, write): on PostgreSQL the transactions then run on several connections
// and both the service's and the database's cores are used. SQLite has one writer: 1 thread.
void reencrypt_table(db::Database& db, const FieldCipher& cipher, const SealedTable& t,
                     const ReencryptOptions& o, ReencryptTableReport& rep) {
  const std::string key(t.key);
  std::string columns;
  for (std::size_t k = 0; k < t.columns.size(); ++k)
    columns += ", CAST(" + std::string(t.columns[k].name) + " AS TEXT) AS sealed_" + std::to_string(k);
  // Columns: key, the AAD row id, then the sealed columns (from index 2); aliased so that
  // ORDER BY names the key alone.
  const std::string select = "SELECT " + key + ", CAST(" + std::string(t.aad_row) +
                             " AS TEXT) AS aad_row" + columns + " FROM " + std::string(t.table);
  const std::string limit = " ORDER BY " + key + " LIMIT " + std::to_string(o.batch_rows);
  const int writers = o.writers > 0 ? o.writers : (db.dialect() == db::Dialect::Sqlite ? 1 : 3);

  std::vector<std::string> skipped;  // rows written meanwhile: tried again below
  std::mutex m;
  std::condition_variable cv;
  std::deque<db::Result> queue;
  bool reading_done = false;
  std::exception_ptr error;
  std::vector<std::thread> threads;
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&] {
      ReencryptTableReport mine;
      std::vector<std::string> mine_skipped;
      for (;;) {
        db::Result batch;
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return !queue.empty() || reading_done || error; });
          if (error || queue.empty()) break;
          batch = std::move(queue.front());
          queue.pop_front();
        }
        cv.notify_all();  // room in the queue for the reader
        try {
          process_batch(db, cipher, t, o, batch, mine, mine_skipped);
        } catch (...) {
          std::lock_guard lock(m);
          if (!error) error = std::current_exception();
          cv.notify_all();
          break;
        }
      }
      std::lock_guard lock(m);
      rep.rows_scanned += mine.rows_scanned;
      rep.rows_rewritten += mine.rows_rewritten;
      rep.rows_changed_meanwhile += mine.rows_changed_meanwhile;
      rep.failed_ids.insert(rep.failed_ids.end(), mine.failed_ids.begin(), mine.failed_ids.end());
      skipped.insert(skipped.end(), mine_skipped.begin(), mine_skipped.end());
    });
  }
  try {
    std::optional<std::string> last;
    for (;;) {
      auto rows = last ? db.query(select + " WHERE " + key + " > $1" + limit, {*last})
                       : db.query(select + limit);
      if (rows.empty()) break;
      last = rows.rows.back().text(0);
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return queue.size() < static_cast<std::size_t>(2 * writers) || error; });
      if (error) break;
      queue.push_back(std::move(rows));
      cv.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(m);
    if (!error) error = std::current_exception();
  }
  {
    std::lock_guard lock(m);
    reading_done = true;
  }
  cv.notify_all();
  for (auto& th : threads) th.join();
  if (error) std::rethrow_exception(error);
  // Rows written meanwhile, read again one by one (a deleted row is simply gone); a row that
  // keeps changing for every pass is reported, and the run fails, rather than assumed sealed.
  for (int pass = 0; pass < 5 && !skipped.empty(); ++pass) {
    std::vector<std::string> again;
    ReencryptTableReport retry;
    for (const auto& k : skipped) {
      auto row = db.query(select + " WHERE " + key + " = $1", {k});
      if (!row.empty()) process_batch(db, cipher, t, o, row, retry, again);
    }
    rep.rows_rewritten += retry.rows_rewritten;
    rep.failed_ids.insert(rep.failed_ids.end(), retry.failed_ids.begin(), retry.failed_ids.end());
    skipped = std::move(again);
  }
  rep.still_changing_ids = std::move(skipped);
  std::sort(rep.failed_ids.begin(), rep.failed_ids.end());
}

}  // namespace

const std::vector<SealedTable>& sealed_tables() {
  static const std::vector<SealedTable> tables = {
      {"students", {{"diagnosis", false}, {"tea_level", false}, {"learning_profile", true}}},
      {"observations",
       {{"content", false}, {"behavioral_indicators", true}, {"socioemotional_indicators", true}}},
      {"activities", {{"description", false}, {"generation_metadata", true}}},
      {"socioemotional_indicators",
       {{"observations", false},
        {"specific_behaviors", false},
        {"environmental_factors", false},
        {"triggers", false},
        {"supports_used", false}}},
      {"intervention_plans",
       {{"description", false},
        {"strategies", true},
        {"target_behaviors", true},
        {"success_criteria", true}}},
      {"intervention_plan_progress_notes",
       {{"content", false}, {"challenges", false}, {"successes", false}, {"next_steps", false}},
       "seq",
       "plan_id"},
  };
  return tables;
}

std::vector<ReencryptTableReport> reencrypt_all(db::Database& db, const FieldCipher& cipher,
                                                const ReencryptOptions& o) {
  std::vector<ReencryptTableReport> out;
  for (const auto& t : sealed_tables()) {
    ReencryptTableReport rep;
    rep.table = std::string(t.table);
    reencrypt_table(db, cipher, t, o, rep);
    log::info("re-encryption of " + rep.table + " done",
              {{"event", "reencrypt"},
               {"table", rep.table},
               {"rows_scanned", rep.rows_scanned},
               {"rows_rewritten", rep.rows_rewritten},
               {"rows_changed_meanwhile", rep.rows_changed_meanwhile},
               {"rows_still_changing", static_cast<std::int64_t>(rep.still_changing_ids.size())},
               {"rows_failed", static_cast<std::int64_t>(rep.failed_ids.size())},
               {"dry_run", o.dry_run}});
    out.push_back(std::move(rep));
  }
  return out;
}

}  // namespace edu::security
