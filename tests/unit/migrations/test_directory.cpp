#include "migrations/directory.hpp"
#include "schemas/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace strata;
using namespace strata::migrations;
using strata::test::TempDir;
using strata::test::write_text;

TEST_CASE("versions compare numerically", "[migrations][directory]")
{
  CHECK(compare_versions("001", "2") < 0);
  CHECK(compare_versions("2", "10") < 0);
  CHECK(compare_versions("10", "2") > 0);
  CHECK(compare_versions("001", "1") == 0);
  CHECK(compare_versions("20261121193000", "99") > 0);
}

TEST_CASE("version keys are equal exactly when versions compare equal", "[migrations][directory]")
{
  const std::vector<std::string> versions{"1", "001", "0", "000", "10", "010", "2", "99", "0099", "x1", "1x", "", "abc",
                                          "20261121193000", "020261121193000"};
  for (const auto& a : versions) {
    for (const auto& b : versions) {
      INFO(a << " / " << b);
      CHECK((version_key(a) == version_key(b)) == (compare_versions(a, b) == 0));
    }
  }
}

TEST_CASE("directory lists migrations in numeric order and pairs up/down files", "[migrations][directory]")
{
  TempDir dir;
  write_text(dir / "10_ten.up.sql", "CREATE TABLE t10 (id INTEGER);\n");
  write_text(dir / "2_two.up.sql", "CREATE TABLE t2 (id INTEGER);\n");
  write_text(dir / "2_two.down.sql", "DROP TABLE t2;\n");
  write_text(dir / "001_init.up.sql", "CREATE TABLE t1 (id INTEGER);\n");
  write_text(dir / "README.md", "notes\n");
  write_text(dir / "strata.sum", "h1:x\n");

  const auto directory = Directory::open(dir.path());
  const auto& ms = directory.migrations();
  REQUIRE(ms.size() == 3);
  CHECK(ms[0].version == "001");
  CHECK(ms[1].version == "2");
  CHECK(ms[2].version == "10");
  CHECK(ms[1].slug == "two");
  CHECK(ms[1].down_path.filename() == "2_two.down.sql");
  CHECK(ms[1].down_sql == "DROP TABLE t2;\n");
  CHECK(ms[0].down_path.empty());
  CHECK(ms[0].checksum == sha256_hex("CREATE TABLE t1 (id INTEGER);\n"));
  CHECK(directory.find("1") == &ms[0]);
  CHECK(directory.find("0001") == &ms[0]);
  CHECK(directory.find("02") == &ms[1]);
  CHECK(directory.find("10") == &ms[2]);
  CHECK(directory.find("3") == nullptr);
  CHECK(directory.find("11") == nullptr);
  CHECK(directory.find("0") == nullptr);
  CHECK(directory.find("1a") == nullptr);
  CHECK(directory.find("") == nullptr);
  CHECK(compare_versions(directory.next_version(), "20000101000000") > 0);
}

TEST_CASE("a missing folder is an empty directory", "[migrations][directory]")
{
  TempDir dir;
  const auto directory = Directory::open(dir / "nope");
  CHECK(directory.migrations().empty());
  CHECK(directory.verify_sum().empty());
}

TEST_CASE("next_version moves past a future version", "[migrations][directory]")
{
  TempDir dir;
  write_text(dir / "99991231235959_future.up.sql", "SELECT 1;\n");
  CHECK(Directory::open(dir.path()).next_version() == "99991231235960");
}

TEST_CASE("badly named sql files and duplicate versions are errors naming the files", "[migrations][directory]")
{
  struct BadFolder {
    const char* what;
    std::vector<std::string> files; // each holding "SELECT 1;"
    std::vector<std::string> named; // in the error message
  };
  const std::vector<BadFolder> cases{
    {"bad name", {"add users.sql"}, {"add users.sql"}},
    {"missing direction", {"001_init.sql"}, {"001_init.sql"}},
    {"same numeric version twice", {"1_a.up.sql", "001_b.up.sql"}, {"1_a.up.sql", "001_b.up.sql"}},
    {"down file without up file", {"5_x.down.sql"}, {"5_x.down.sql"}},
    {"version zero", {"000_zero.up.sql"}, {"positive"}},
  };
  for (const auto& bad : cases) {
    DYNAMIC_SECTION(bad.what)
    {
      TempDir dir;
      for (const auto& file : bad.files) {
        write_text(dir / file, "SELECT 1;\n");
      }
      try {
        Directory::open(dir.path());
        FAIL("expected an error");
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        for (const auto& text : bad.named) {
          CHECK_THAT(e.what(), Catch::Contains(text));
        }
      }
    }
  }
}

TEST_CASE("header lines are parsed", "[migrations][header]")
{
  const auto header = parse_header("-- strata: version 20261121193000\n"
                                   "-- strata: summary 2 changes: 1 drop column\n"
                                   "-- a plain comment\n"
                                   "-- strata: risk high destructive D102 drop column users.bio (3 non-null values)\n"
                                   "-- strata: risk medium data-dependent DD201 set NOT NULL on users.email\n"
                                   "-- strata: backup users.bio\n"
                                   "-- strata: backup \"my.table\"\n"
                                   "-- strata: no-transaction\n"
                                   "-- strata: irreversible dropped data cannot come back\n"
                                   "\n"
                                   "ALTER TABLE users DROP COLUMN bio;\n"
                                   "-- strata: version 7\n");
  CHECK(header.version == "20261121193000");
  CHECK(header.summary == "2 changes: 1 drop column");
  REQUIRE(header.risks.size() == 2);
  CHECK(header.risks[0].level == schemas::RiskLevel::high);
  CHECK(header.risks[0].kind == schemas::RiskKind::destructive);
  CHECK(header.risks[0].code == "D102");
  CHECK(header.risks[0].message == "drop column users.bio");
  CHECK(header.risks[0].count == 3);
  CHECK(header.risks[0].count_label == "non-null values");
  CHECK(header.risks[1].kind == schemas::RiskKind::data_dependent);
  CHECK_FALSE(header.risks[1].count.has_value());
  CHECK(header.backups == std::vector<std::string>{"users.bio", "\"my.table\""});
  CHECK(header.no_transaction);
  CHECK(header.irreversible);
  CHECK(header.irreversible_reasons == std::vector<std::string>{"dropped data cannot come back"});
}

TEST_CASE("header errors name the file and line", "[migrations][header]")
{
  try {
    parse_header("-- strata: version 1\n\n-- strata: colour blue\nSELECT 1;\n", "m/1_x.up.sql");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    CHECK(e.location().line == 3);
    CHECK_THAT(e.what(), Catch::Contains("m/1_x.up.sql:3") && Catch::Contains("colour"));
  }
  REQUIRE_THROWS_WITH(parse_header("-- strata: risk extreme destructive D1 x\n", "f.sql"), Catch::Contains("f.sql:1"));
  REQUIRE_THROWS_WITH(parse_header("-- strata: risk high sad D1 x\n", "f.sql"), Catch::Contains("sad"));
  REQUIRE_THROWS_WITH(parse_header("-- strata: backup \"open\n", "f.sql"), Catch::Contains("f.sql:1"));
}

TEST_CASE("a statement-timeout header line bounds the file's statements", "[migrations][header]")
{
  using std::chrono::milliseconds;
  CHECK_FALSE(parse_header("-- strata: version 1\nSELECT 1;\n").statement_timeout.has_value());
  CHECK(parse_header("-- strata: statement-timeout 30min\n").statement_timeout == milliseconds(1800000));
  CHECK(parse_header("-- strata: statement-timeout 1s\n").statement_timeout == milliseconds(1000));
  CHECK(parse_header("-- strata: statement-timeout 250ms\n").statement_timeout == milliseconds(250));
  CHECK(parse_header("-- strata: statement-timeout 2h\n").statement_timeout == milliseconds(7200000));
  CHECK(parse_header("-- strata: statement-timeout none\n").statement_timeout == milliseconds(0));
  // With a risk line carrying a table estimate: the estimate stays in the message, no count.
  const auto header = parse_header("-- strata: risk medium locking L311 changing the type of orders.total from integer "
                                   "to bigint rewrites the table (orders: 1.2 GB, ~9.1M rows)\n"
                                   "-- strata: statement-timeout 10min\n");
  REQUIRE(header.risks.size() == 1);
  CHECK_FALSE(header.risks[0].count.has_value());
  CHECK_THAT(header.risks[0].message, Catch::EndsWith("(orders: 1.2 GB, ~9.1M rows)"));
  for (const char* bad : {"30", "30 min", "soon", "0s", "1.5s", ""}) {
    INFO(bad);
    REQUIRE_THROWS_WITH(parse_header(std::string("-- strata: version 1\n-- strata: statement-timeout ") + bad + "\n",
                                     "m/1_x.up.sql"),
                        Catch::Contains("m/1_x.up.sql:2") && Catch::Contains("statement-timeout"));
  }
  REQUIRE_THROWS_WITH(parse_header("-- strata: statement-timeout 1s\n-- strata: statement-timeout 2s\n", "f.sql"),
                      Catch::Contains("f.sql:2") && Catch::Contains("twice"));
}

TEST_CASE("a galera-osu header line asks for a rolling schema upgrade, once, with rsu", "[migrations][header]")
{
  CHECK_FALSE(parse_header("-- strata: version 1\nCREATE INDEX i ON t (a);\n").rolling());
  const auto header = parse_header("-- strata: version 1\n-- strata: galera-osu rsu\nCREATE INDEX i ON t (a);\n");
  CHECK(header.rolling());
  CHECK(header.rolling_line == 2);
  CHECK(parse_header("-- strata: galera-osu RSU\n").rolling_line == 1);
  for (const char* bad : {"toi", "nbo", "", "rsu now"}) {
    INFO(bad);
    REQUIRE_THROWS_WITH(parse_header(std::string("-- strata: version 1\n-- strata: galera-osu ") + bad + "\n",
                                     "m/1_x.up.sql"),
                        Catch::Contains("m/1_x.up.sql:2") && Catch::Contains("galera-osu") &&
                          Catch::Contains("expected rsu"));
  }
  REQUIRE_THROWS_WITH(parse_header("-- strata: galera-osu rsu\n\n-- strata: galera-osu rsu\n", "f.sql"),
                      Catch::Contains("f.sql:3") && Catch::Contains("twice") && Catch::Contains("line 1"));
}

TEST_CASE("file durations read and write as header lines spell them", "[migrations][header]")
{
  using std::chrono::milliseconds;
  CHECK(parse_file_duration("90s") == milliseconds(90000));
  CHECK(parse_file_duration("3min") == milliseconds(180000));
  CHECK_FALSE(parse_file_duration("3m").has_value());
  CHECK_FALSE(parse_file_duration("s").has_value());
  CHECK(format_file_duration(milliseconds(7200000)) == "2h");
  CHECK(format_file_duration(milliseconds(1800000)) == "30min");
  CHECK(format_file_duration(milliseconds(90000)) == "90s");
  CHECK(format_file_duration(milliseconds(1500)) == "1500ms");
  CHECK(format_file_duration(milliseconds(0)) == "0s");
}

TEST_CASE("an unknown header key in a migration file fails Directory::open", "[migrations][header]")
{
  TempDir dir;
  write_text(dir / "1_x.up.sql", "-- strata: version 1\n-- strata: bogus\nSELECT 1;\n");
  REQUIRE_THROWS_WITH(Directory::open(dir.path()), Catch::Contains("1_x.up.sql:2"));
}

TEST_CASE("backup targets round trip through the header notation", "[migrations][header]")
{
  const auto column = parse_backup_target("users.email");
  CHECK(column.table.name == "users");
  CHECK(column.column == "email");
  const auto table = parse_backup_target("\"odd.name\"");
  CHECK(table.table.name == "odd.name");
  CHECK(table.column.empty());
  const auto spaced = parse_backup_target("\"my table\".\"say \"\"hi\"\"\"");
  CHECK(spaced.table.name == "my table");
  CHECK(spaced.column == "say \"hi\"");
  CHECK(format_backup_target(spaced) == "\"my table\".\"say \"\"hi\"\"\"");
  const auto qualified = parse_backup_target("app.users.*");
  CHECK(qualified.table.schema == "app");
  CHECK(qualified.column.empty());
  CHECK(format_backup_target(qualified) == "app.users.*");
  REQUIRE_THROWS(parse_backup_target("a..b"));
}

TEST_CASE("a header version that contradicts the file name is an error", "[migrations][header]")
{
  TempDir dir;
  write_text(dir / "7_x.up.sql", "-- strata: version 8\nSELECT 1;\n");
  REQUIRE_THROWS_WITH(Directory::open(dir.path()), Catch::Contains("7_x.up.sql") && Catch::Contains("version 8"));
}
