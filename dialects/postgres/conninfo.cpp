#include "dialects/postgres/conninfo.hpp"

#include "schemas/error.hpp"

#include "dialects/postgres/libpq.hpp"

#include <cctype>
#include <charconv>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace strata::dialects::postgres {

namespace {

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const { libpq().PQconninfoFree(options); }
};
using OptionsPtr = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

// libpq's keywords, and those it displays as secret (dispchar "*"), asked from libpq itself so
// that a keyword a newer libpq adds is known and redacted too.
struct Keywords {
  std::set<std::string> all;
  std::set<std::string> secret{"password"};
};

const Keywords& keywords()
{
  static const Keywords known = [] {
    Keywords out;
    char* error = nullptr;
    const OptionsPtr options(libpq().PQconninfoParse("", &error));
    libpq().PQfreemem(error);
    for (const PQconninfoOption* o = options.get(); o != nullptr && o->keyword != nullptr; ++o) {
      out.all.insert(o->keyword);
      if (o->dispchar != nullptr && o->dispchar[0] == '*') {
        out.secret.insert(o->keyword);
      }
    }
    return out;
  }();
  return known;
}

bool is_uri(const std::string& text)
{
  return text.rfind("postgres://", 0) == 0 || text.rfind("postgresql://", 0) == 0;
}

// The secret values written in `text` (as written and percent-decoded), found without libpq:
// libpq's parse errors may quote the text they failed on.
std::vector<std::string> secrets_in(const std::string& text)
{
  std::vector<std::string> out;
  const auto add = [&](const std::string& value) {
    if (!value.empty()) {
      out.push_back(value);
      out.push_back(percent_decode(value));
    }
  };
  if (is_uri(text)) {
    const std::string rest = text.substr(text.find("://") + 3);
    const auto authority_end = std::min(rest.find_first_of("/?"), rest.size());
    const auto at = rest.rfind('@', authority_end);
    if (at != std::string::npos) {
      const auto colon = rest.find(':');
      if (colon < at) {
        add(rest.substr(colon + 1, at - colon - 1));
      }
    }
    const auto query = rest.find('?');
    for (size_t pos = query == std::string::npos ? rest.size() : query + 1; pos < rest.size();) {
      const auto amp = std::min(rest.find('&', pos), rest.size());
      const std::string pair = rest.substr(pos, amp - pos);
      const auto eq = pair.find('=');
      if (eq != std::string::npos && keywords().secret.count(percent_decode(pair.substr(0, eq))) != 0) {
        add(pair.substr(eq + 1));
      }
      pos = amp + 1;
    }
    return out;
  }
  // key = value pairs; a value is bare or single-quoted with backslash escapes.
  size_t i = 0;
  const auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
  };
  while (i < text.size()) {
    skip_space();
    const size_t key_start = i;
    while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
    const std::string key = text.substr(key_start, i - key_start);
    skip_space();
    if (i >= text.size() || text[i] != '=') {
      break;
    }
    ++i;
    skip_space();
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      for (++i; i < text.size() && text[i] != '\''; ++i) {
        value += text[i] == '\\' && i + 1 < text.size() ? text[++i] : text[i];
      }
      ++i;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
        value += text[i++];
      }
    }
    if (keywords().secret.count(key) != 0 && !value.empty()) {
      out.push_back(value);
    }
  }
  return out;
}

Error invalid(const std::string& text, std::string message)
{
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  for (const auto& secret : secrets_in(text)) {
    for (auto pos = message.find(secret); pos != std::string::npos; pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return Error(ErrorKind::usage, "invalid PostgreSQL connection string: " + message);
}

// libpq's messages about a URI may quote any of it. When the URI has a user:password part, it is
// parsed again with that part replaced by *** (without_userinfo): an error then comes from the
// rest and quotes only the masked text; none means the user name or password itself was the
// problem (a bad %-escape), said without quoting it. Nothing for the keyword/value form.
std::optional<Error> invalid_uri_userinfo(const std::string& text)
{
  const std::string masked = without_userinfo(text);
  if (!is_uri(text) || masked == text) {
    return std::nullopt;
  }
  char* error = nullptr;
  const OptionsPtr options(libpq().PQconninfoParse(masked.c_str(), &error));
  const std::string message = error != nullptr ? error : "";
  libpq().PQfreemem(error);
  if (options) {
    return Error(ErrorKind::usage, "invalid PostgreSQL connection string: its user name or password (not shown) is "
                                   "not valid; percent-encode '%', '/', '?', '#' and '@' in them (%25, %2F, %3F, "
                                   "%23, %40)");
  }
  return invalid(masked, message);
}

int port_number(const std::string& text, const std::string& port)
{
  int value = 0;
  const auto res = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || res.ec != std::errc() || res.ptr != port.data() + port.size() || value <= 0 || value > 65535) {
    throw invalid(text, "port '" + port + "' is not a number from 1 to 65535");
  }
  return value;
}

} // namespace

bool is_keyword_conninfo(const std::string& text)
{
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  const size_t start = i;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
    ++i;
  }
  const std::string word = text.substr(start, i - start);
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  return i < text.size() && text[i] == '=' && keywords().all.count(word) != 0;
}

DbUrl parse_conninfo(const std::string& text)
{
  char* error = nullptr;
  const OptionsPtr options(libpq().PQconninfoParse(text.c_str(), &error));
  if (!options) {
    const std::string message = error != nullptr ? error : "out of memory";
    libpq().PQfreemem(error);
    throw invalid_uri_userinfo(text).value_or(invalid(text, message));
  }
  DbUrl url;
  url.scheme = "postgres";
  url.original = text;
  url.keyword_form = !is_uri(text);
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) {
      continue;
    }
    const std::string key = o->keyword;
    const std::string value = o->val;
    if (key == "user") {
      url.user = value;
    } else if (key == "password") {
      url.password = value;
    } else if (key == "dbname") {
      url.database = value;
    } else if (key == "host" && value.find(',') == std::string::npos) {
      url.host = value;
    } else if (key == "port" && value.find(',') == std::string::npos) {
      url.port = port_number(text, value);
    } else {
      if (key == "port") { // one port per host of a list ("" is libpq's default port)
        for (size_t pos = 0; pos <= value.size();) {
          const auto comma = std::min(value.find(',', pos), value.size());
          if (comma > pos) {
            port_number(text, value.substr(pos, comma - pos));
          }
          pos = comma + 1;
        }
      }
      url.params[key] = value;
      if (keywords().secret.count(key) != 0) {
        url.secret_params.insert(key);
      }
    }
  }
  return url;
}

} // namespace strata::dialects::postgres
