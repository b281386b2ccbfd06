#pragma once
// Engine-neutral connection: RAII over sqlite3* / PGconn* / MYSQL* in each engine's folder.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::dialects {

using Value = std::optional<std::string>; // SQL NULL is std::nullopt

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  bool empty() const { return rows.empty(); }
};

class Connection {
public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual const std::string& engine() const = 0;
  // The URL with any password replaced by "***"; safe to print.
  virtual std::string redacted_url() const = 0;
  // Runs one statement (or, where the engine allows, several separated by ';'). Throws DatabaseError.
  virtual void execute(const std::string& sql) = 0;
  // Runs one query and returns all rows as text. Throws DatabaseError.
  virtual ResultSet query(const std::string& sql) = 0;
  // Runs one query (a single statement) and hands its rows to `each` a chunk of at most `rows` at
  // a time, each chunk with the column names: a large catalog's rows are then never all alive
  // beside what is built from them. No call for a query without rows. By default the whole result
  // is one chunk. `each` must not use this connection (the statement is still being read). Throws
  // DatabaseError.
  virtual void query_chunks(const std::string& sql, [[maybe_unused]] size_t rows,
                            const std::function<void(ResultSet&&)>& each)
  {
    if (ResultSet set = query(sql); !set.empty()) {
      each(std::move(set));
    }
  }
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // Frees what the connection keeps of the database that its next query would build again (a
  // caller done reading the catalog for a while: SQLite's parsed schema). By default nothing.
  virtual void release_caches() {}
};

// Scoped transaction: rolls back in the destructor unless commit() was called.
class Transaction {
public:
  explicit Transaction(Connection& connection) : m_connection(connection) { m_connection.begin(); }
  ~Transaction()
  {
    if (!m_done) {
      try {
        m_connection.rollback();
      } catch (...) { // a destructor must not throw; the original error is what matters
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit()
  {
    m_connection.commit();
    m_done = true;
  }

private:
  Connection& m_connection;
  bool m_done = false;
};

} // namespace strata::dialects
