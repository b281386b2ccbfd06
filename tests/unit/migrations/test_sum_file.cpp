#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using namespace strata::migrations;
using strata::test::read_text;
using strata::test::TempDir;
using strata::test::write_text;

namespace {

void two_files(const TempDir& dir)
{
  write_text(dir / "2_users.up.sql", "CREATE TABLE users (id INTEGER);\n");
  write_text(dir / "2_users.down.sql", "DROP TABLE users;\n");
  write_text(dir / "10_posts.up.sql", "CREATE TABLE posts (id INTEGER);\n");
}

bool mentions(const std::vector<std::string>& problems, const std::string& text)
{
  for (const auto& p : problems) {
    if (p.find(text) != std::string::npos && p.find("strata hash") != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("write_sum writes one line per file sorted by version, up before down", "[migrations][sum]")
{
  TempDir dir;
  two_files(dir);
  Directory::open(dir.path()).write_sum();
  const auto text = read_text(dir / "strata.sum");
  const auto body = "2_users.up.sql h1:" + sha256_hex("CREATE TABLE users (id INTEGER);\n") + "\n" +
                    "2_users.down.sql h1:" + sha256_hex("DROP TABLE users;\n") + "\n" +
                    "10_posts.up.sql h1:" + sha256_hex("CREATE TABLE posts (id INTEGER);\n") + "\n";
  CHECK(text == "h1:" + sha256_hex(body) + "\n" + body);
  CHECK(Directory::open(dir.path()).verify_sum().empty());
  REQUIRE_NOTHROW(Directory::open(dir.path()).verify_sum_or_throw());
}

TEST_CASE("verify_sum reports missing, edited, added and removed files", "[migrations][sum]")
{
  TempDir dir;
  two_files(dir);
  SECTION("missing strata.sum")
  {
    const auto problems = Directory::open(dir.path()).verify_sum();
    REQUIRE(problems.size() == 1);
    CHECK(mentions(problems, "strata.sum is missing"));
  }
  Directory::open(dir.path()).write_sum();
  SECTION("edited file")
  {
    write_text(dir / "2_users.down.sql", "DROP TABLE users; -- edited\n");
    const auto problems = Directory::open(dir.path()).verify_sum();
    REQUIRE(problems.size() == 1);
    CHECK(mentions(problems, "2_users.down.sql was edited"));
    REQUIRE_THROWS_AS(Directory::open(dir.path()).verify_sum_or_throw(), IntegrityError);
  }
  SECTION("added file")
  {
    write_text(dir / "11_more.up.sql", "SELECT 1;\n");
    CHECK(mentions(Directory::open(dir.path()).verify_sum(), "11_more.up.sql was added"));
  }
  SECTION("removed file")
  {
    std::filesystem::remove(dir / "10_posts.up.sql");
    CHECK(mentions(Directory::open(dir.path()).verify_sum(), "10_posts.up.sql is listed in strata.sum but was removed"));
  }
  SECTION("wrong total")
  {
    auto text = read_text(dir / "strata.sum");
    text[3] = text[3] == '0' ? '1' : '0';
    write_text(dir / "strata.sum", text);
    const auto problems = Directory::open(dir.path()).verify_sum();
    REQUIRE(problems.size() == 1);
    CHECK(mentions(problems, "total checksum"));
  }
  SECTION("strata hash after a hand edit makes it whole again")
  {
    write_text(dir / "10_posts.up.sql", "CREATE TABLE posts (id INTEGER, title TEXT);\n");
    Directory::open(dir.path()).write_sum();
    CHECK(Directory::open(dir.path()).verify_sum().empty());
  }
}

TEST_CASE("write_file_atomic replaces the file and leaves no temp files", "[migrations][sum]")
{
  TempDir dir;
  write_file_atomic(dir / "a.txt", "one");
  write_file_atomic(dir / "a.txt", "two");
  CHECK(read_text(dir / "a.txt") == "two");
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("sha256 matches known vectors", "[migrations][sum]")
{
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // FIPS 180-4 two-block message (its padding spills into a second block) and one million 'a's.
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
