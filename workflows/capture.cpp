// `apply --capture` (capture.hpp): snapshots of row counts and orphan counts, checksums of the
// touched tables' rows, and the report of each file.
//
// A checksum is per column: the sum (mod 2^256) over the rows of sha256(primary key values,
// column value), so no ORDER BY is needed, a column added or dropped by the file leaves the
// others comparable, and a changed value shows the column it is in. A table without a primary
// key sums sha256(column value) alone: values moved between its rows are not seen.
#include "schemas/text.hpp"
#include "workflows/capture.hpp"

#include "migrations/sql_checks.hpp"
#include "schemas/error.hpp"
#include "schemas/name_index.hpp"
#include "workflows/inspect.hpp"
#include "workflows/lint_attribution.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <set>

namespace strata::workflows {

using schemas::QualifiedName;

namespace {

using Sum = std::array<unsigned char, 32>;

// a += b (mod 2^256), both big-endian.
void add_to(Sum& a, const Sum& b)
{
  unsigned carry = 0;
  for (size_t i = a.size(); i-- > 0;) {
    const unsigned total = static_cast<unsigned>(a[i]) + b[i] + carry;
    a[i] = static_cast<unsigned char>(total & 0xFFU);
    carry = total >> 8U;
  }
}

// A value as hashed: NULL and '' differ, and no two sequences of values encode alike.
void encode(std::string& out, const dialects::Value& value)
{
  if (!value) {
    out += '\0';
    return;
  }
  out += '\1';
  out += std::to_string(value->size());
  out += ':';
  out += *value;
}

std::string quoted(const dialects::Dialect& dialect, const QualifiedName& name)
{
  return name.schema.empty() ? dialect.quote_identifier(name.name)
                             : dialect.quote_identifier(name.schema) + "." + dialect.quote_identifier(name.name);
}

std::string join_names(const std::vector<std::string>& names)
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

// A foreign key in the snapshots: its table and its name (unnamed ones: "(columns)").
using FkKey = std::pair<QualifiedName, std::string>;

std::string fk_label(const schemas::ForeignKey& fk)
{
  return fk.name.empty() ? "(" + join_names(fk.columns) + ")" : fk.name;
}

// Runs read-only reads and rolls them back, whatever happens.
class ReadOnly {
public:
  ReadOnly(const dialects::Dialect& dialect, dialects::Connection& connection) : m_connection(connection)
  {
    dialect.begin_read_only(connection);
  }
  ~ReadOnly()
  {
    try {
      m_connection.rollback();
    } catch (...) { // a destructor must not throw; a read error is what is reported
    }
  }
  ReadOnly(const ReadOnly&) = delete;
  ReadOnly& operator=(const ReadOnly&) = delete;

private:
  dialects::Connection& m_connection;
};

// Chunks of a UNION ALL of counts: SQLite allows 500 terms in a compound SELECT.
constexpr size_t k_terms_per_query = 100;

} // namespace

struct StateCapture::Snapshot {
  schemas::Schema schema;
  std::map<QualifiedName, long long> rows;
  std::map<FkKey, long long> orphans;
  std::map<FkKey, std::string> references; // the referenced table, for the report

  // Indexes the tables once `schema` is read: the lookups below run per table, foreign key and
  // statement, and a walk of every table each time would make a capture of thousands of tables
  // quadratic.
  void index()
  {
    m_exact = schemas::TableIndex(schema.tables);
    m_folded.clear();
    for (const auto& table : schema.tables) {
      m_folded[folded(table.name)].push_back(&table);
    }
  }
  // The table of this exact name (schema and name as the catalog has them).
  const schemas::Table* exact(const QualifiedName& name) const { return m_exact.find(name); }
  // The table a statement names (case and quotes ignored; an unqualified name is the default
  // schema's table when there is one, else the first table of that name); null when none.
  const schemas::Table* named(const QualifiedName& name) const
  {
    const auto it = m_folded.find(folded(name.name));
    if (it == m_folded.end()) {
      return nullptr;
    }
    if (name.schema.empty()) {
      for (const auto* table : it->second) {
        if (table->schema.empty()) {
          return table;
        }
      }
    }
    for (const auto* table : it->second) {
      if (name.schema.empty() || table->schema.empty() || schemas::ascii_iequal(table->schema, name.schema)) {
        return table;
      }
    }
    return nullptr;
  }

private:
  static std::string folded(std::string text)
  {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  }

  schemas::TableIndex m_exact;
  std::map<std::string, std::vector<const schemas::Table*>> m_folded; // by lower-cased name, in catalog order
};

// Per-column sums of one table's rows. Outside the anonymous namespace: StateCapture::Pending,
// a member of a class with external linkage, holds them.
struct TableSums {
  std::vector<std::string> key;        // its primary key when read
  std::map<std::string, Sum> columns;  // column -> sum
  std::vector<std::string> order;      // its columns in order
  std::string note;                    // why there are no sums
};

struct StateCapture::Pending {
  std::string file;
  std::vector<migrations::TableWrite> writes;
  std::map<QualifiedName, TableSums> sums; // touched tables before the file
  long long capture_ms = 0;
};

namespace {

long long elapsed_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

std::unique_ptr<StateCapture::Snapshot> take_snapshot(Database& db)
{
  auto snapshot = std::make_unique<StateCapture::Snapshot>();
  snapshot->schema = read_whole_schema(db);
  snapshot->index();
  const auto& dialect = *db.dialect;
  // One term per table count, then one per foreign key's orphans.
  std::vector<std::string> terms;
  std::vector<FkKey> fks;
  for (const auto& table : snapshot->schema.tables) {
    terms.push_back(fmt::format("SELECT {} AS k, count(*) AS n FROM {}", terms.size(), quoted(dialect, table.qualified())));
  }
  const size_t tables = terms.size();
  for (const auto& table : snapshot->schema.tables) {
    for (const auto& fk : table.foreign_keys) {
      if (fk.columns.empty()) {
        continue;
      }
      const auto* parent = snapshot->named(fk.references);
      auto ref_columns = fk.ref_columns;
      if (ref_columns.empty() && parent != nullptr) {
        ref_columns = parent->primary_key; // REFERENCES parent: its primary key
      }
      std::string where;
      for (const auto& column : fk.columns) {
        where += fmt::format("{}c.{} IS NOT NULL", where.empty() ? "" : " AND ", dialect.quote_identifier(column));
      }
      // A parent table that is gone (SQLite, or MariaDB with foreign_key_checks off, let it go):
      // every row with its key set is an orphan. A parent in a schema not read is queried as named.
      const bool gone = parent == nullptr && fk.references.schema.empty();
      if (!gone && ref_columns.size() == fk.columns.size()) {
        std::string match;
        for (size_t i = 0; i < fk.columns.size(); ++i) {
          match += fmt::format("{}p.{} = c.{}", i == 0 ? "" : " AND ", dialect.quote_identifier(ref_columns[i]),
                               dialect.quote_identifier(fk.columns[i]));
        }
        where += fmt::format(" AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
                             quoted(dialect, parent != nullptr ? parent->qualified() : fk.references), match);
      } else if (!gone) {
        continue; // the referenced columns are unknown: no count
      }
      terms.push_back(fmt::format("SELECT {} AS k, count(*) AS n FROM {} c WHERE {}", terms.size(),
                                  quoted(dialect, table.qualified()), where));
      fks.push_back({table.qualified(), fk_label(fk)});
      snapshot->references[fks.back()] = (parent != nullptr ? parent->qualified() : fk.references).str();
    }
  }
  ReadOnly read(dialect, *db.connection);
  for (size_t from = 0; from < terms.size(); from += k_terms_per_query) {
    std::string sql;
    for (size_t i = from; i < std::min(terms.size(), from + k_terms_per_query); ++i) {
      sql += (i == from ? "" : " UNION ALL ") + terms[i];
    }
    for (const auto& row : db.connection->query(sql).rows) {
      const auto k = static_cast<size_t>(std::stoll(row.at(0).value_or("0")));
      const long long n = std::stoll(row.at(1).value_or("0"));
      if (k < tables) {
        snapshot->rows[snapshot->schema.tables[k].qualified()] = n;
      } else if (k - tables < fks.size()) {
        snapshot->orphans[fks[k - tables]] = n;
      }
    }
  }
  return snapshot;
}

TableSums table_sums(Database& db, const schemas::Table& table, long long rows, long long max_rows)
{
  TableSums out;
  out.key = table.primary_key;
  for (const auto& column : table.columns) {
    out.order.push_back(column.name);
  }
  if (max_rows > 0 && rows > max_rows) {
    out.note = fmt::format("{} rows, more than --capture-max-rows {}: no checksum", rows, max_rows);
    return out;
  }
  if (out.order.empty()) {
    out.note = "no columns";
    return out;
  }
  const auto& dialect = *db.dialect;
  std::string select;
  for (const auto& column : out.order) {
    select += (select.empty() ? "" : ", ") + dialect.quote_identifier(column);
  }
  std::vector<size_t> key_at;
  for (const auto& key : out.key) {
    const auto it = std::find(out.order.begin(), out.order.end(), key);
    if (it != out.order.end()) {
      key_at.push_back(static_cast<size_t>(it - out.order.begin()));
    }
  }
  std::vector<Sum> sums(out.order.size(), Sum{});
  ReadOnly read(dialect, *db.connection);
  const auto result = db.connection->query(fmt::format("SELECT {} FROM {}", select, quoted(dialect, table.qualified())));
  std::string key;
  std::string input;
  for (const auto& row : result.rows) {
    key.clear();
    for (const size_t at : key_at) {
      encode(key, row.at(at));
    }
    for (size_t c = 0; c < out.order.size() && c < row.size(); ++c) {
      input = key;
      input += '|';
      encode(input, row[c]);
      add_to(sums[c], migrations::sha256_digest(input));
    }
  }
  for (size_t c = 0; c < out.order.size(); ++c) {
    out.columns[out.order[c]] = sums[c];
  }
  return out;
}

// The tables (as `snapshot` names them) the file's statements write or change; with `renamed`,
// the new names of tables it renames too.
std::set<QualifiedName> touched_in(StateCapture::Snapshot& snapshot, const std::vector<migrations::TableWrite>& writes,
                                   bool renamed)
{
  std::set<QualifiedName> out;
  for (const auto& write : writes) {
    if (const auto* table = snapshot.named(write.table)) {
      out.insert(table->qualified());
    }
    if (renamed && write.kind == migrations::TableWrite::Kind::rename) {
      if (const auto* table = snapshot.named(write.to)) {
        out.insert(table->qualified());
      }
    }
  }
  return out;
}

bool same_name(const QualifiedName& a, const QualifiedName& b)
{
  return schemas::ascii_iequal(a.name, b.name) && (a.schema.empty() || b.schema.empty() || schemas::ascii_iequal(a.schema, b.schema));
}

// What the file does to tables, between the snapshots before and after it.
class Effects {
public:
  Effects(StateCapture::Snapshot& before, StateCapture::Snapshot& after,
          const std::vector<migrations::TableWrite>& writes)
    : m_before(before), m_after(after)
  {
    using Kind = migrations::TableWrite::Kind;
    for (const auto& write : writes) {
      if (write.kind == Kind::rename) {
        m_renames.push_back(&write);
      }
    }
    for (const auto& write : writes) {
      const auto* was = before.named(write.table);
      const bool removes = write.kind == Kind::remove;
      if (removes && was != nullptr) {
        m_deletes_before.insert(was->qualified());
      }
      // An UPDATE of a partitioned table may move rows from one partition to another.
      if (write.kind == Kind::update && was != nullptr) {
        m_moves.insert(was->qualified());
      }
      // Rows of a partition dropped or emptied leave its parent.
      if ((removes || write.kind == Kind::drop) && was != nullptr && !was->partition_of->empty()) {
        if (const auto* parent = before.named(was->partition_of->table)) {
          m_deletes_before.insert(parent->qualified());
        }
      }
      if (removes) { // the name the table has at the end of the file
        QualifiedName name = write.table;
        for (const auto* rename : m_renames) {
          if (rename->statement > write.statement && same_name(rename->table, name)) {
            name = rename->to;
          }
        }
        if (const auto* now = after.named(name)) {
          m_deletes_after.insert(now->qualified());
        }
      }
    }
    cascade();
  }

  // The table `after` was before the file: the same name, else the one the file renamed to it;
  // nullopt when it is new.
  std::optional<QualifiedName> origin(const QualifiedName& after) const
  {
    if (m_before.exact(after) != nullptr) {
      return after;
    }
    QualifiedName name = after;
    bool renamed = false;
    for (auto it = m_renames.rbegin(); it != m_renames.rend(); ++it) {
      if (same_name((*it)->to, name)) {
        name = (*it)->table;
        renamed = true;
      }
    }
    const auto* was = renamed ? m_before.named(name) : nullptr;
    return was != nullptr ? std::optional<QualifiedName>(was->qualified()) : std::nullopt;
  }

  bool deletes(const QualifiedName& after, const QualifiedName& before) const
  {
    return m_deletes_after.count(after) > 0 || m_deletes_before.count(before) > 0;
  }

private:
  // Rows of tables whose foreign key cascades deletes from a table the file deletes from, and of
  // the partitions of such a table (or of one whose rows an UPDATE may move between partitions).
  void cascade()
  {
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& table : m_before.schema.tables) {
        const auto* partitioned = table.partition_of->empty() ? nullptr : m_before.named(table.partition_of->table);
        if (partitioned != nullptr &&
            (m_deletes_before.count(partitioned->qualified()) > 0 || m_moves.count(partitioned->qualified()) > 0)) {
          grew = m_deletes_before.insert(table.qualified()).second || grew;
          m_moves.insert(table.qualified());
        }
        for (const auto& fk : table.foreign_keys) {
          const auto* parent = m_before.named(fk.references);
          if (fk.on_delete == "cascade" && parent != nullptr && m_deletes_before.count(parent->qualified()) > 0 &&
              m_deletes_before.insert(table.qualified()).second) {
            grew = true;
          }
        }
      }
    }
  }

  StateCapture::Snapshot& m_before;
  StateCapture::Snapshot& m_after;
  std::vector<const migrations::TableWrite*> m_renames;
  std::set<QualifiedName> m_deletes_before; // as the before snapshot names them
  std::set<QualifiedName> m_deletes_after;  // as the after snapshot names them
  std::set<QualifiedName> m_moves;          // partitioned tables an UPDATE changes
};

std::string checksum_of(const TableSums& sums, const std::vector<std::string>& columns)
{
  std::string bytes;
  for (const auto& column : columns) {
    const auto& sum = sums.columns.at(column);
    bytes += column;
    bytes += '\0';
    bytes.append(reinterpret_cast<const char*>(sum.data()), sum.size());
  }
  return migrations::sha256_hex(bytes);
}

// Compares the sums of a table before and after the file into `out`.
void compare(const TableSums& before, const TableSums& after, TableCapture& out)
{
  if (!before.note.empty() || !after.note.empty()) {
    out.checksum_note = !after.note.empty() ? after.note : before.note;
    return;
  }
  if (before.key != after.key) {
    out.checksum_note = fmt::format("primary key changed from ({}) to ({}): rows not compared", join_names(before.key),
                                    join_names(after.key));
    return;
  }
  std::vector<std::string> common;
  for (const auto& column : after.order) {
    if (before.columns.count(column) > 0) {
      common.push_back(column);
      if (before.columns.at(column) != after.columns.at(column)) {
        out.changed_columns.push_back(column);
      }
    } else {
      out.added_columns.push_back(column);
    }
  }
  for (const auto& column : before.order) {
    if (after.columns.count(column) == 0) {
      out.dropped_columns.push_back(column);
    }
  }
  out.checksum_before = checksum_of(before, common);
  out.checksum_after = checksum_of(after, common);
}

} // namespace

StateCapture::StateCapture(Database& db, CaptureOptions options, std::function<void(const FileCapture&)> on_file)
  : m_db(db), m_options(options), m_on_file(std::move(on_file))
{
}

StateCapture::~StateCapture() = default;

void StateCapture::around(const migrations::Migration& migration, migrations::FilePhase phase)
{
  try {
    capture(migration, phase);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("--capture could not read the database {} {}{}: {}",
                                      phase == migrations::FilePhase::before ? "before" : "after",
                                      migration.file_name(),
                                      phase == migrations::FilePhase::before ? " (not run)" : " (applied)", e.what()));
  }
}

void StateCapture::capture(const migrations::Migration& migration, migrations::FilePhase phase)
{
  const auto started = std::chrono::steady_clock::now();
  if (phase == migrations::FilePhase::before) {
    if (!m_last) {
      m_last = take_snapshot(m_db);
    }
    m_pending = std::make_unique<Pending>();
    m_pending->file = migration.file_name();
    m_pending->writes = migrations::table_writes(migrations::split_statements(migration.up_sql, *m_db.dialect),
                                                 m_db.dialect->file_syntax());
    for (const auto& name : touched_in(*m_last, m_pending->writes, false)) {
      m_pending->sums[name] = table_sums(m_db, *m_last->exact(name), m_last->rows[name], m_options.max_rows);
    }
    m_pending->capture_ms = elapsed_since(started);
    return;
  }
  if (!m_pending || !m_last) {
    return; // no before: nothing to compare
  }
  auto after = take_snapshot(m_db);
  auto& before = *m_last;
  const Effects effects(before, *after, m_pending->writes);
  const auto touched = touched_in(*after, m_pending->writes, true);
  FileCapture report;
  report.file = m_pending->file;
  std::set<QualifiedName> kept; // tables of `before` still there (perhaps renamed)
  for (const auto& table : after->schema.tables) {
    const auto name = table.qualified();
    const auto origin = effects.origin(name);
    TableCapture entry;
    entry.table = name.str();
    entry.rows_after = after->rows[name];
    entry.touched = touched.count(name) > 0 || (origin && m_pending->sums.count(*origin) > 0);
    if (origin) {
      kept.insert(*origin);
      entry.rows_before = before.rows[*origin];
      if (!(*origin == name)) {
        entry.renamed_from = origin->str();
      }
    }
    if (!entry.touched && origin && origin == name && entry.rows_before == entry.rows_after) {
      continue;
    }
    if (entry.touched && origin && m_pending->sums.count(*origin) > 0) {
      compare(m_pending->sums.at(*origin), table_sums(m_db, table, *entry.rows_after, m_options.max_rows), entry);
    }
    if (origin && *entry.rows_after < *entry.rows_before && !effects.deletes(name, *origin)) {
      entry.rows_lost = true;
      report.warnings.push_back(fmt::format(
        "{}: table {} went from {} to {} rows ({} lost), and no statement of the file deletes from it", report.file,
        entry.table, *entry.rows_before, *entry.rows_after, *entry.rows_before - *entry.rows_after));
    }
    report.tables.push_back(std::move(entry));
  }
  for (const auto& table : before.schema.tables) {
    if (kept.count(table.qualified()) == 0) {
      TableCapture entry;
      entry.table = table.qualified().str();
      entry.rows_before = before.rows[table.qualified()];
      entry.touched = m_pending->sums.count(table.qualified()) > 0;
      report.tables.push_back(std::move(entry));
    }
  }
  for (const auto& [key, count] : after->orphans) {
    const auto was = before.orphans.find(key);
    const std::optional<long long> previous =
      was == before.orphans.end() ? std::nullopt : std::optional<long long>(was->second);
    if (previous ? *previous != count : count > 0) {
      report.orphans.push_back({key.first.str(), key.second, after->references[key], previous, count});
    }
  }
  for (const auto& warning : report.warnings) {
    spdlog::warn("{}", warning);
  }
  report.capture_ms = m_pending->capture_ms + elapsed_since(started);
  m_last = std::move(after);
  m_pending.reset();
  m_files.push_back(report);
  if (m_on_file) {
    m_on_file(m_files.back());
  }
}

} // namespace strata::workflows
