#pragma once
// What every engine's connection holds alike: its engine name and the URL it was opened with
// (printed only redacted, so a password never reaches output), and queries whole or in chunks
// through the engine's one reading of rows (receive).

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

namespace strata::dialects {

class UrlConnection : public Connection {
public:
  const std::string& engine() const override { return m_engine; }
  std::string redacted_url() const override { return m_url.redacted(); }
  const DbUrl& url() const { return m_url; }

  ResultSet query(const std::string& sql) final
  {
    ResultSet set; // the last handed over (of several statements: PostgreSQL the last's, MySQL the first's)
    receive(sql, 0, [&](ResultSet&& rows) { set = std::move(rows); });
    return set;
  }
  void query_chunks(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each) final
  {
    receive(sql, std::max<size_t>(rows, 1), [&](ResultSet&& chunk) {
      if (!chunk.empty()) {
        each(std::move(chunk));
      }
    });
  }

protected:
  UrlConnection(std::string engine, const DbUrl& url) : m_engine(std::move(engine)), m_url(url) {}
  // Runs `sql` and hands its rows to `each`: `rows` at a time when it is not 0, and at the end of
  // a statement what is left of its rows (the column names with no row for a statement without
  // rows). Which statements of several hand rows over is the engine's (see each override).
  virtual void receive(const std::string& sql, size_t rows, const std::function<void(ResultSet&&)>& each) = 0;

private:
  std::string m_engine;
  DbUrl m_url;
};

} // namespace strata::dialects
