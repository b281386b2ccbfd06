#include "dialects/url.hpp"
#include "schemas/error.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
  const auto url =
    DbUrl::parse("postgres://bob:" + secret + "@localhost:5432/app?sslpassword=" + secret + "&application_name=x");
  const std::string shown = url.redacted();
  CHECK(shown.find(secret) == std::string::npos);
  CHECK(shown == "postgres://bob:***@localhost:5432/app?application_name=x&sslpassword=***");
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
  CHECK(kind_of("postgres://u@h/db?no_such_option=1") == strata::ErrorKind::usage);
  CHECK(kind_of("host=h no_such_option=1") == strata::ErrorKind::usage);
  CHECK(kind_of("host=h port=1,x") == strata::ErrorKind::usage);
}

TEST_CASE("PostgreSQL keyword/value strings are PostgreSQL, read by libpq", "[url]")
{
  const auto url = DbUrl::parse("host=db.internal port=6432 user=app password='s3 cret' dbname=shop sslmode=require");
  CHECK(url.scheme == "postgres");
  CHECK(url.path.empty());
  CHECK(url.host == "db.internal");
  CHECK(url.port == 6432);
  CHECK(url.user == "app");
  CHECK(url.password == "s3 cret");
  CHECK(url.database == "shop");
  CHECK(url.params.at("sslmode") == "require");
  CHECK(url.redacted() == "host=db.internal port=6432 user=app password=*** dbname=shop sslmode=require");

  const auto service = DbUrl::parse("service=reporting");
  CHECK(service.scheme == "postgres");
  CHECK(service.params.at("service") == "reporting");
  CHECK(service.redacted() == "service=reporting");

  const auto socket = DbUrl::parse("host=/var/run/postgresql dbname=app");
  CHECK(socket.host == "/var/run/postgresql");
  CHECK(DbUrl::parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/app").host == "/var/run/postgresql");

  // A file name that merely holds '=' is still a SQLite path.
  CHECK(DbUrl::parse("reports=2026.db").scheme == "sqlite");
}

TEST_CASE("multi-host PostgreSQL URIs keep every host", "[url]")
{
  const auto url = DbUrl::parse("postgres://u:pw@h1:5432,h2:5433/app?target_session_attrs=read-write");
  CHECK(url.params.at("host") == "h1,h2");
  CHECK(url.params.at("port") == "5432,5433");
  CHECK(url.params.at("target_session_attrs") == "read-write");
  CHECK(url.database == "app");
  CHECK(url.redacted() == "postgres://u:***@/app?host=h1,h2&port=5432,5433&target_session_attrs=read-write");
}

TEST_CASE("search_path stays strata's own parameter of a PostgreSQL URI", "[url]")
{
  const auto url = DbUrl::parse("postgres://u@h/db?search_path=app%2Cpublic&sslmode=disable");
  CHECK(url.params.at("search_path") == "app,public");
  CHECK(url.params.at("sslmode") == "disable");
}

TEST_CASE("libpq's parse errors never show the password", "[url]")
{
  const std::string secret = "Zz-very-secret";
  for (const auto& text : std::vector<std::string>{"postgres://u:" + secret + "@[::1/db",
                                                   "host=h password=" + secret + " oops=1",
                                 "host=h password='" + secret + "' dbname"}) {
    try {
      DbUrl::parse(text);
      FAIL("no error for " << text);
    } catch (const strata::Error& e) {
      INFO(e.what());
      CHECK(e.kind() == strata::ErrorKind::usage);
      CHECK(std::string(e.what()).find("invalid PostgreSQL connection string") != std::string::npos);
      CHECK(std::string(e.what()).find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("a MySQL URL without a database is a usage error", "[url]")
{
  for (const auto& text :
       std::vector<std::string>{"mysql://u:pw@127.0.0.1:3306", "mysql://u:pw@127.0.0.1:3306/", "mariadb://h"}) {
    try {
      DbUrl::parse(text);
      FAIL("no error for " << text);
    } catch (const strata::Error& e) {
      CHECK(e.kind() == strata::ErrorKind::usage);
      CHECK(std::string(e.what()).find("names no database") != std::string::npos);
      CHECK(std::string(e.what()).find(":pw@") == std::string::npos);
    }
  }
}

// Issue 13: a password holding an unencoded '/' made "port 'Alpha7' is not a number" quote part
// of it. No error about a URL quotes any piece of its user:password part.
TEST_CASE("errors about a URL never quote its user name or password", "[url]")
{
  struct Bad {
    std::string url;
    std::vector<std::string> pieces; // parts of the user:password text
  };
  const std::vector<Bad> bad{
    {"postgres://u:Alpha7/x@h/db", {"Alpha7", "x@h"}},
    {"postgresql://Kilo3:Alpha7/Xray3@127.0.0.1:5432/db", {"Kilo3", "Alpha7", "Xray3"}},
    {"mysql://u:pa/ss@h:3306/db", {"'pa'", "pa/", "ss@"}},
    {"mysql://Kilo3:Bravo9/Zulu5@127.0.0.1:3306/db", {"Kilo3", "Bravo9", "Zulu5"}},
    {"mariadb://Kilo3:Char?lie7@127.0.0.1/db", {"Kilo3", "Char", "lie7"}},
    {"postgres://Kilo3:Del#ta8@127.0.0.1/db", {"Kilo3", "Del", "ta8"}},
    {"mysql://Kilo3:Ec@ho9@127.0.0.1/db", {"Kilo3", "Ec@", "ho9"}},
    {"postgres://Kilo3:Ec@ho9@127.0.0.1/db", {"Kilo3", "Ec@", "ho9"}},
    {"postgres://Kilo3:Fox%zz7@127.0.0.1/db", {"Kilo3", "Fox", "zz7"}},   // a bad %-escape in the password
    {"postgres://Kilo%zz3:Golf7@[::1/db", {"Kilo", "Golf7"}},            // libpq's message quotes the URI
    {"mysql://Kilo3:Golf7@127.0.0.1:3306", {"Kilo3", "Golf7"}},          // no database
    {"mysql://Kilo3:Golf7@127.0.0.1:Hotel9/db", {"Kilo3", "Golf7"}},     // a bad port after the '@'
  };
  for (const auto& [url, pieces] : bad) {
    INFO(url);
    try {
      DbUrl::parse(url);
      FAIL("no error");
    } catch (const strata::Error& e) {
      INFO(e.what());
      CHECK(e.kind() == strata::ErrorKind::usage);
      for (const auto& piece : pieces) {
        CHECK(std::string(e.what()).find(piece) == std::string::npos);
      }
    }
  }
  // An '@' that does not end the user:password part is named, with the way out.
  try {
    DbUrl::parse("postgres://u:Alpha7/x@h/db");
  } catch (const strata::Error& e) {
    CHECK(std::string(e.what()) ==
          "invalid database URL: this postgres:// URL (not shown: it may hold a password) has an '@' that does not "
          "end its user:password part; percent-encode '/', '?', '#' and '@' in the user name and password (%2F, "
          "%3F, %23, %40), and any other '@' (%40)");
  }
  // The same password percent-encoded is read as written.
  CHECK(DbUrl::parse("postgres://u:Alpha7%2Fx@h/db").password == "Alpha7/x");
  CHECK(DbUrl::parse("mysql://u:pa%2Fss@h:3306/db").password == "pa/ss");
  CHECK(DbUrl::parse("mysql://u:Ec%40ho9@h/db").password == "Ec@ho9");
  // Without an '@' nothing is a password: a bad port is quoted as before.
  try {
    DbUrl::parse("mysql://h:Hotel9/db");
  } catch (const strata::Error& e) {
    CHECK(std::string(e.what()).find("port 'Hotel9' is not a number") != std::string::npos);
  }
}
