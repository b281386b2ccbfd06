#pragma once
// What every engine's reader tests share: look-ups that fail the test when a table, column or
// index is missing, and a connection that counts the reader's round trips.

#include "dialects/connection.hpp"
#include "schemas/model.hpp"

#include <catch2/catch.hpp>

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

} // namespace strata::test
