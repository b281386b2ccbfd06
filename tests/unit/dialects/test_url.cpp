#include "dialects/url.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

using strata::dialects::DbUrl;

TEST_CASE("sqlite URLs: prefixed, bare path and memory", "[url]")
{
  const auto prefixed = DbUrl::parse("sqlite:data/app.db");
  CHECK(prefixed.scheme == "sqlite");
  CHECK(prefixed.path == "data/app.db");
  CHECK(prefixed.redacted() == "sqlite:data/app.db");

  const auto bare = DbUrl::parse("/tmp/x y/app.db");
  CHECK(bare.scheme == "sqlite");
  CHECK(bare.path == "/tmp/x y/app.db");

  CHECK(DbUrl::parse("sqlite://rel/app.db").path == "rel/app.db");
  CHECK(DbUrl::parse("sqlite::memory:").path == ":memory:");
}

TEST_CASE("network URLs are parsed into their parts", "[url]")
{
  const auto url = DbUrl::parse("postgresql://alice:s%40cret@db.example.com:6543/shop?sslmode=require");
  CHECK(url.scheme == "postgres");
  CHECK(url.user == "alice");
  CHECK(url.password == "s@cret");
  CHECK(url.host == "db.example.com");
  CHECK(url.port == 6543);
  CHECK(url.database == "shop");
  CHECK(url.params.at("sslmode") == "require");

  const auto mysql = DbUrl::parse("mysql://root@[::1]:3306/app");
  CHECK(mysql.scheme == "mysql");
  CHECK(mysql.host == "::1");
  CHECK(mysql.port == 3306);
  CHECK(mysql.password.empty());
}

TEST_CASE("redacted() never contains the password", "[url]")
{
  const std::string secret = "Very$ecret-42";
  const auto url = DbUrl::parse("postgres://bob:" + secret + "@localhost:5432/app?password=" + secret + "&x=1");
  const std::string shown = url.redacted();
  CHECK(shown.find(secret) == std::string::npos);
  CHECK(shown == "postgres://bob:***@localhost:5432/app?password=***&x=1");
  CHECK(url.password == secret); // kept for connecting

  const auto mysql = DbUrl::parse("mysql://u:p%3Aw@h/db");
  CHECK(mysql.password == "p:w");
  CHECK(mysql.redacted().find("p:w") == std::string::npos);
  CHECK(mysql.redacted().find("p%3Aw") == std::string::npos);
}

TEST_CASE("malformed URLs are usage errors", "[url]")
{
  const auto kind_of = [](const std::string& text) {
    try {
      DbUrl::parse(text);
    } catch (const strata::Error& e) {
      return e.kind();
    }
    return strata::ErrorKind::internal;
  };
  CHECK(kind_of("") == strata::ErrorKind::usage);
  CHECK(kind_of("oracle://x/y") == strata::ErrorKind::usage);
  CHECK(kind_of("postgres://u@h:notaport/db") == strata::ErrorKind::usage);
  CHECK(kind_of("postgres://u@h:70000/db") == strata::ErrorKind::usage);
  CHECK(kind_of("sqlite:") == strata::ErrorKind::usage);
}
