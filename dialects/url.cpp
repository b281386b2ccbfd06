#include "dialects/url.hpp"

#include "dialects/postgres/conninfo.hpp"
#include "schemas/error.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace strata::dialects {

std::string percent_decode(const std::string& s)
{
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string without_userinfo(const std::string& url)
{
  const auto sep = url.find("://");
  const auto at = url.rfind('@');
  if (sep == std::string::npos || at == std::string::npos || at < sep) {
    return url;
  }
  return url.substr(0, sep + 3) + "***" + url.substr(at);
}

namespace {

Error bad_url(const std::string& why)
{
  return Error(ErrorKind::usage, "invalid database URL: " + why);
}

// `rest` (after "://") holds a user:password part only as the text before a single '@' that comes
// before the first '/', '?' or '#'. Any other '@' means a character of the user name or password
// was not percent-encoded, so the part cannot be told from the host, port, path or query that
// errors quote: refused without quoting anything but the scheme.
void check_userinfo(const std::string& scheme, const std::string& rest)
{
  const auto at = rest.find('@');
  if (at == std::string::npos) {
    return;
  }
  if (at > rest.find_first_of("/?#") || rest.find('@', at + 1) != std::string::npos) {
    throw bad_url("this " + scheme +
                  ":// URL (not shown: it may hold a password) has an '@' that does not end its user:password "
                  "part; percent-encode '/', '?', '#' and '@' in the user name and password (%2F, %3F, %23, %40), "
                  "and any other '@' (%40)");
  }
}

void parse_network(DbUrl& url, const std::string& rest)
{
  // rest = [user[:pass]@]host[:port][/db][?k=v&k=v]
  std::string main = rest;
  if (const auto q = main.find('?'); q != std::string::npos) {
    std::string query = main.substr(q + 1);
    main = main.substr(0, q);
    size_t start = 0;
    while (start <= query.size()) {
      const auto amp = query.find('&', start);
      const std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!pair.empty()) {
        const auto eq = pair.find('=');
        url.params[percent_decode(pair.substr(0, eq))] =
          eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
      }
      if (amp == std::string::npos) {
        break;
      }
      start = amp + 1;
    }
  }
  if (const auto slash = main.find('/'); slash != std::string::npos) {
    url.database = percent_decode(main.substr(slash + 1));
    main = main.substr(0, slash);
  }
  if (const auto at = main.rfind('@'); at != std::string::npos) {
    const std::string userinfo = main.substr(0, at);
    main = main.substr(at + 1);
    const auto colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos) {
      url.password = percent_decode(userinfo.substr(colon + 1));
    }
  }
  std::string host = main;
  if (!host.empty() && host.front() == '[') { // [::1]:5432
    const auto close = host.find(']');
    if (close == std::string::npos) {
      throw bad_url("unclosed '[' in host");
    }
    url.host = host.substr(1, close - 1);
    host = host.substr(close + 1);
    if (!host.empty() && host.front() == ':') {
      host = host.substr(1);
    } else {
      host.clear();
    }
    if (!host.empty()) {
      main = "x:" + host;
    } else {
      main.clear();
    }
  } else {
    url.host = host.substr(0, host.find(':'));
  }
  if (const auto colon = main.rfind(':'); colon != std::string::npos) {
    const std::string port = main.substr(colon + 1);
    int value = 0;
    const auto res = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || res.ec != std::errc() || res.ptr != port.data() + port.size() || value <= 0 || value > 65535) {
      throw bad_url("port '" + port + "' is not a number from 1 to 65535");
    }
    url.port = value;
  }
  url.host = percent_decode(url.host);
}

// A postgres[ql]:// URI through libpq's parser; strata's own `search_path` query parameter (libpq
// has no such option) is taken out first.
DbUrl parse_postgres_uri(const std::string& text)
{
  std::string libpq_text = text;
  std::optional<std::string> search_path;
  if (const auto q = text.find('?'); q != std::string::npos) {
    libpq_text = text.substr(0, q);
    char separator = '?';
    for (size_t pos = q + 1; pos <= text.size();) {
      const auto amp = std::min(text.find('&', pos), text.size());
      const std::string pair = text.substr(pos, amp - pos);
      const auto eq = pair.find('=');
      if (percent_decode(pair.substr(0, eq)) == "search_path") {
        search_path = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
      } else if (!pair.empty()) {
        libpq_text += separator + pair;
        separator = '&';
      }
      pos = amp + 1;
    }
  }
  DbUrl url = postgres::parse_conninfo(libpq_text);
  url.original = text;
  if (search_path) {
    url.params["search_path"] = *search_path;
  }
  return url;
}

// key=value for a keyword/value string: quoted when empty or holding a space, quote or backslash.
std::string keyword_pair(const std::string& key, const std::string& value)
{
  if (!value.empty() && value.find_first_of(" \t\n'\\") == std::string::npos) {
    return key + "=" + value;
  }
  std::string out = key + "='";
  for (char c : value) {
    out += c == '\'' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  }
  return out + "'";
}

} // namespace

DbUrl DbUrl::parse(const std::string& text)
{
  DbUrl url;
  url.original = text;
  if (text.empty()) {
    throw bad_url("empty (give --db or set STRATA_DB)");
  }
  const auto sep = text.find("://");
  if (sep != std::string::npos) {
    const std::string scheme = text.substr(0, sep);
    const std::string rest = text.substr(sep + 3);
    if (scheme == "postgres" || scheme == "postgresql") {
      check_userinfo(scheme, rest);
      return parse_postgres_uri(text);
    }
    if (scheme == "mysql" || scheme == "mariadb") {
      check_userinfo(scheme, rest);
      url.scheme = "mysql";
    } else if (scheme == "sqlite" || scheme == "sqlite3" || scheme == "file") {
      url.scheme = "sqlite";
      url.path = rest;
      return url;
    } else {
      throw bad_url("unknown scheme '" + scheme + "' (use sqlite:, postgres:// or mysql://)");
    }
    parse_network(url, rest);
    if (url.database.empty()) {
      throw bad_url(without_userinfo(url.redacted()) +
                    " names no database; a MySQL URL needs one: mysql://user:pass@host:3306/DBNAME");
    }
    return url;
  }
  if (postgres::is_keyword_conninfo(text)) {
    return postgres::parse_conninfo(text);
  }
  for (const char* prefix : {"sqlite3:", "sqlite:", "file:"}) {
    const std::string p(prefix);
    if (text.rfind(p, 0) == 0) {
      url.scheme = "sqlite";
      url.path = text.substr(p.size());
      if (url.path.empty()) {
        throw bad_url("sqlite URL without a path");
      }
      return url;
    }
  }
  url.scheme = "sqlite"; // a bare path
  url.path = text;
  return url;
}

std::string DbUrl::redacted() const
{
  if (scheme == "sqlite") {
    return "sqlite:" + path;
  }
  const auto shown = [&](const std::string& key, const std::string& value) {
    const bool secret = secret_params.count(key) != 0 || key == "password" || key == "passwd" || key == "sslpassword";
    return secret ? std::string("***") : value;
  };
  if (keyword_form) {
    std::vector<std::string> pairs;
    const auto add = [&](const std::string& key, const std::string& value) {
      if (!value.empty()) {
        pairs.push_back(keyword_pair(key, shown(key, value)));
      }
    };
    add("host", host);
    add("port", port != 0 ? std::to_string(port) : "");
    add("user", user);
    add("password", password);
    add("dbname", database);
    for (const auto& [k, v] : params) {
      pairs.push_back(keyword_pair(k, shown(k, v)));
    }
    std::string out;
    for (const auto& pair : pairs) {
      out += (out.empty() ? "" : " ") + pair;
    }
    return out;
  }
  std::string out = scheme + "://";
  if (!user.empty()) {
    out += user;
    if (!password.empty()) {
      out += ":***";
    }
    out += "@";
  }
  // A unix-socket directory is written %2F-encoded, as libpq reads it in a URI.
  std::string shown_host;
  for (char c : host) {
    shown_host += c == '/' ? std::string("%2F") : std::string(1, c);
  }
  out += host.find(':') != std::string::npos ? "[" + shown_host + "]" : shown_host;
  if (port != 0) {
    out += ":" + std::to_string(port);
  }
  if (!database.empty()) {
    out += "/" + database;
  }
  bool first = true;
  for (const auto& [k, v] : params) {
    out += (first ? "?" : "&") + k + "=" + shown(k, v);
    first = false;
  }
  return out;
}

} // namespace strata::dialects
