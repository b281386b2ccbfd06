#pragma once
// What every engine's connection holds alike: its engine name and the URL it was opened with
// (printed only redacted, so a password never reaches output).

#include "dialects/connection.hpp"
#include "dialects/url.hpp"

#include <string>
#include <utility>

namespace strata::dialects {

class UrlConnection : public Connection {
public:
  const std::string& engine() const override { return m_engine; }
  std::string redacted_url() const override { return m_url.redacted(); }
  const DbUrl& url() const { return m_url; }

protected:
  UrlConnection(std::string engine, const DbUrl& url) : m_engine(std::move(engine)), m_url(url) {}

private:
  std::string m_engine;
  DbUrl m_url;
};

} // namespace strata::dialects
