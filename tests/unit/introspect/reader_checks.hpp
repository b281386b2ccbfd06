#pragma once
// What every engine's reader tests share: look-ups that fail the test when a table, column or
// index is missing, a connection that counts the reader's round trips, and one that hands the
// reader's chunked queries over a row at a time.

#include "dialects/connection.hpp"
#include "introspect/reader.hpp"
#include "schemas/model.hpp"
#include "schemas/yaml.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

namespace strata::test {

inline const schemas::Table& table(const schemas::Schema& s, const std::string& schema, const std::string& name)
{
  const auto* t = s.find_table({schema, name});
  INFO("table " << schema << (schema.empty() ? "" : ".") << name);
  REQUIRE(t != nullptr);
  return *t;
}

inline const schemas::Table& table(const schemas::Schema& s, const std::string& name) { return table(s, "", name); }

inline const schemas::Column& column(const schemas::Table& t, const std::string& name)
{
  const auto* c = t.find_column(name);
  INFO("column " << t.name << "." << name);
  REQUIRE(c != nullptr);
  return *c;
}

inline const schemas::Index& index(const schemas::Table& t, const std::string& name)
{
  const auto* i = t.find_index(name);
  INFO("index " << t.name << "." << name);
  REQUIRE(i != nullptr);
  return *i;
}

// Forwards to the real connection and counts the statements its user sends: the reader's round
// trips (on SQLite the pragma table-valued functions run internal statements, which are not).
class CountingConnection final : public dialects::Connection {
public:
  explicit CountingConnection(dialects::Connection& inner) : m_inner(inner) {}
  const std::string& engine() const override { return m_inner.engine(); }
  std::string redacted_url() const override { return m_inner.redacted_url(); }
  void execute(const std::string& sql) override { ++count; sent.push_back(sql); m_inner.execute(sql); }
  dialects::ResultSet query(const std::string& sql) override { ++count; sent.push_back(sql); return m_inner.query(sql); }
  void begin() override { m_inner.begin(); }
  void commit() override { m_inner.commit(); }
  void rollback() override { m_inner.rollback(); }
  int count = 0;
  std::vector<std::string> sent; // the statements, in order

private:
  dialects::Connection& m_inner;
};

// Forwards to the real connection, but hands a chunked query's rows over one at a time, whatever
// chunk the reader asks for: every table's columns and every index's keys then span chunks.
class RowByRowConnection final : public dialects::Connection {
public:
  explicit RowByRowConnection(dialects::Connection& inner) : m_inner(inner) {}
  const std::string& engine() const override { return m_inner.engine(); }
  std::string redacted_url() const override { return m_inner.redacted_url(); }
  void execute(const std::string& sql) override { m_inner.execute(sql); }
  dialects::ResultSet query(const std::string& sql) override { return m_inner.query(sql); }
  void query_chunks(const std::string& sql, size_t, const std::function<void(dialects::ResultSet&&)>& each) override
  {
    m_inner.query_chunks(sql, 1, [&](dialects::ResultSet&& chunk) {
      CHECK(chunk.rows.size() == 1);
      ++chunks;
      each(std::move(chunk));
    });
  }
  void begin() override { m_inner.begin(); }
  void commit() override { m_inner.commit(); }
  void rollback() override { m_inner.rollback(); }
  int chunks = 0;

private:
  dialects::Connection& m_inner;
};

// The schema read with every chunked query's rows one at a time is the schema read with each
// result whole (Connection's own query_chunks), and each table's columns fill their vector
// exactly (moved in at once). `min_chunks`: how many rows the chunked queries give at least.
inline void check_chunked_read(dialects::Connection& connection, const dialects::Rendering& dialect,
                               const introspect::ReadOptions& options, int min_chunks)
{
  CountingConnection whole_result(connection); // Connection's own query_chunks: one chunk
  const auto whole = introspect::read_schema(whole_result, dialect, options);
  RowByRowConnection row_by_row(connection);
  const auto chunked = introspect::read_schema(row_by_row, dialect, options);
  CHECK(row_by_row.chunks > min_chunks);
  CHECK(schemas::write_yaml(chunked) == schemas::write_yaml(whole));
  CHECK(chunked == whole);
  for (const auto& t : chunked.tables) {
    INFO(t.name);
    CHECK(t.columns.capacity() == t.columns.size());
  }
}

} // namespace strata::test
