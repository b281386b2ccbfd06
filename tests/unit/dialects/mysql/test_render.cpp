// MySQL/MariaDB rendering: the exact SQL of each operation kind (no server needed).
#include "dialects/mysql/mysql_dialect.hpp"
#include "schemas/operation.hpp"
#include "tests/unit/dialects/mysql/render_fixture.hpp"

#include <catch2/catch.hpp>

using namespace strata;
using schemas::Column;
using schemas::ColumnType;

namespace {

Column col(std::string name, std::string type, bool nullable = true, std::optional<std::string> def = std::nullopt)
{
  Column c;
  c.name = std::move(name);
  c.type = ColumnType::parse(type);
  c.nullable = nullable;
  c.default_value = std::move(def);
  return c;
}

std::vector<std::string> sql(const schemas::Operation& op, const schemas::Schema* live = nullptr,
                             const schemas::Schema* desired = nullptr)
{
  return test::my_sql(op, live, desired);
}

schemas::Table users()
{
  schemas::Table t;
  t.name = "users";
  t.columns = {col("id", "bigint", false), col("email", "varchar(255)", false)};
  t.columns[0].identity = true;
  t.primary_key = {"id"};
  return t;
}

} // namespace

TEST_CASE("mysql render: CREATE TABLE with every column attribute and table options", "[mysql]")
{
  schemas::Table t = users();
  auto created = col("created_at", "datetime", false, "CURRENT_TIMESTAMP");
  created.on_update = "CURRENT_TIMESTAMP";
  auto name = col("name", "varchar(50)", true, "'it''s'");
  name.collation = "utf8mb4_bin";
  name.comment = "display name";
  auto lower_name = col("lower_name", "varchar(50)");
  lower_name.generated = schemas::GeneratedColumn{"lower(`name`)", false};
  auto notes = col("notes", "text", true, "'none'");
  t.columns.insert(t.columns.end(), {created, name, lower_name, notes});
  t.checks = {schemas::Check{"users_email_at", "`email` like '%@%'", {}}};
  t.options = {{"engine", "InnoDB"}, {"collation", "utf8mb4_unicode_ci"}};
  t.comment = "Registered users";
  CHECK(sql(schemas::AddTable{t}) ==
        std::vector<std::string>{"CREATE TABLE `users` (\n"
                                 "  `id` bigint NOT NULL AUTO_INCREMENT,\n"
                                 "  `email` varchar(255) NOT NULL,\n"
                                 "  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
                                 "  `name` varchar(50) COLLATE `utf8mb4_bin` NULL DEFAULT 'it''s' COMMENT 'display name',\n"
                                 "  `lower_name` varchar(50) GENERATED ALWAYS AS (lower(`name`)) VIRTUAL,\n"
                                 "  `notes` text NULL DEFAULT ('none'),\n"
                                 "  PRIMARY KEY (`id`),\n"
                                 "  CONSTRAINT `users_email_at` CHECK (`email` like '%@%')\n"
                                 ") ENGINE=`InnoDB` DEFAULT CHARSET=`utf8mb4` COLLATE=`utf8mb4_unicode_ci` "
                                 "COMMENT='Registered users'"});
}

TEST_CASE("mysql render: tables are dropped and renamed, comments and options altered", "[mysql]")
{
  CHECK(sql(schemas::DropTable{users()}) == std::vector<std::string>{"DROP TABLE `users`"});
  CHECK(sql(schemas::RenameTable{{"", "users"}, {"", "members"}}) ==
        std::vector<std::string>{"RENAME TABLE `users` TO `members`"});
  CHECK(sql(schemas::SetTableComment{{"", "users"}, "", "it's"}) ==
        std::vector<std::string>{"ALTER TABLE `users` COMMENT = 'it''s'"});
  CHECK(sql(schemas::SetTableOptions{{"", "users"}, {}, {{"engine", "MyISAM"}}}) ==
        std::vector<std::string>{"ALTER TABLE `users` ENGINE = `MyISAM`"});
  CHECK(sql(schemas::SetTableOptions{{"", "users"}, {{"engine", "MyISAM"}}, {}}) ==
        std::vector<std::string>{"ALTER TABLE `users` ENGINE = `InnoDB`"});
  // A column whose collation the target states keeps it through the conversion.
  schemas::Schema desired;
  desired.tables = {users()};
  desired.tables[0].columns[1].collation = "latin1_bin";
  desired.tables[0].columns[1].type = ColumnType::parse("varchar(255)");
  CHECK(sql(schemas::SetTableOptions{{"", "users"}, {}, {{"charset", "latin1"}, {"collation", "latin1_swedish_ci"}}},
            nullptr, &desired) ==
        std::vector<std::string>{"ALTER TABLE `users` CONVERT TO CHARACTER SET `latin1` COLLATE `latin1_swedish_ci`",
                                 "ALTER TABLE `users` MODIFY COLUMN `email` varchar(255) COLLATE `latin1_bin` NOT NULL"});
  CHECK(sql(schemas::SetTableOptions{{"", "users"}, {{"charset", "latin1"}}, {}}) ==
        std::vector<std::string>{"ALTER TABLE `users` CONVERT TO CHARACTER SET DEFAULT"});
}

TEST_CASE("mysql render: ADD COLUMN is placed with FIRST / AFTER, appended instantly at the end", "[mysql]")
{
  schemas::Schema live;
  live.tables = {users()};
  const schemas::QualifiedName t{"", "users"};
  CHECK(sql(schemas::AddColumn{t, col("age", "int"), "email"}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `age` int NULL, ALGORITHM=INSTANT"});
  CHECK(sql(schemas::AddColumn{t, col("org", "int"), "id"}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `org` int NULL AFTER `id`"});
  CHECK(sql(schemas::AddColumn{t, col("first", "int"), ""}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `first` int NULL FIRST"});
  auto stored = col("total", "int");
  stored.generated = schemas::GeneratedColumn{"`id` * 2", true};
  CHECK(sql(schemas::AddColumn{t, stored, "email"}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `total` int GENERATED ALWAYS AS (`id` * 2) STORED"});
  // A FULLTEXT index keeps InnoDB from adding columns instantly: no clause.
  live.tables[0].indexes.push_back(schemas::Index{"ft", {{"email", {}, false, {}, 0}}, false, false, {}, "fulltext", {}, {}});
  CHECK(sql(schemas::AddColumn{t, col("age", "int"), "email"}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `age` int NULL"});
  CHECK(sql(schemas::DropColumn{t, col("age", "int")}) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP COLUMN `age`"});
  CHECK(sql(schemas::RenameColumn{t, "email", "mail"}) ==
        std::vector<std::string>{"ALTER TABLE `users` RENAME COLUMN `email` TO `mail`, ALGORITHM=INPLACE, LOCK=NONE"});
}

TEST_CASE("mysql render: AlterColumn restates the whole column with MODIFY, cheap changes say so", "[mysql]")
{
  const schemas::QualifiedName t{"", "users"};
  const auto alter = [&](Column before, Column after) {
    schemas::ColumnChanges changes;
    changes.type = before.type != after.type;
    changes.nullability = before.nullable != after.nullable;
    changes.default_value = before.default_value != after.default_value;
    changes.identity = before.identity != after.identity;
    changes.collation = before.collation != after.collation;
    changes.comment = before.comment != after.comment;
    changes.on_update = before.on_update != after.on_update;
    return sql(schemas::AlterColumn{t, before, after, changes});
  };
  // varchar widening within one length-byte class: online.
  CHECK(alter(col("code", "varchar(10)"), col("code", "varchar(40)")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `code` varchar(40) NULL, ALGORITHM=INPLACE, LOCK=NONE"});
  CHECK(alter(col("code", "varchar(300)"), col("code", "varchar(500)")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `code` varchar(500) NULL, ALGORITHM=INPLACE, LOCK=NONE"});
  // Crossing 255 bytes (utf8mb4: 64 characters) changes the length prefix: the server copies.
  CHECK(alter(col("code", "varchar(40)"), col("code", "varchar(100)")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `code` varchar(100) NULL"});
  // ENUM members appended: instant; reordered: copied.
  CHECK(alter(col("mood", "enum('a','b')"), col("mood", "enum('a','b','c')")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `mood` enum('a','b','c') NULL, ALGORITHM=INSTANT"});
  CHECK(alter(col("mood", "enum('a','b')"), col("mood", "enum('b','a')")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `mood` enum('b','a') NULL"});
  // Default of a literal: ALTER COLUMN SET/DROP DEFAULT, instant.
  CHECK(alter(col("n", "int", true, "1"), col("n", "int", true, "2")) ==
        std::vector<std::string>{"ALTER TABLE `users` ALTER COLUMN `n` SET DEFAULT 2, ALGORITHM=INSTANT"});
  CHECK(alter(col("n", "int", true, "1"), col("n", "int")) ==
        std::vector<std::string>{"ALTER TABLE `users` ALTER COLUMN `n` DROP DEFAULT, ALGORITHM=INSTANT"});
  // NOT NULL, AUTO_INCREMENT and ON UPDATE: the full definition.
  CHECK(alter(col("n", "int"), col("n", "int", false, "0")) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `n` int NOT NULL DEFAULT 0"});
  auto with_identity = col("id", "bigint", false);
  with_identity.identity = true;
  CHECK(alter(col("id", "bigint", false), with_identity) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT"});
  auto seen = col("seen", "timestamp", false, "CURRENT_TIMESTAMP");
  seen.type = ColumnType::make_native("timestamp"); // MySQL's own TIMESTAMP, not the portable kind
  auto touched = seen;
  touched.on_update = "CURRENT_TIMESTAMP";
  CHECK(alter(seen, touched) ==
        std::vector<std::string>{
          "ALTER TABLE `users` MODIFY COLUMN `seen` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"});
  auto commented = col("n", "int");
  commented.comment = "count";
  CHECK(alter(col("n", "int"), commented) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `n` int NULL COMMENT 'count'"});
}

TEST_CASE("mysql render: indexes with prefix lengths, DESC, FULLTEXT, foreign keys, checks, primary keys", "[mysql]")
{
  schemas::Schema live;
  live.tables = {users()};
  const schemas::QualifiedName t{"", "users"};
  schemas::Index prefix{"users_email_idx", {{"email", {}, false, {}, 20}, {"id", {}, true, {}, 0}}, true, false,
                        {}, {}, {}, {}};
  CHECK(sql(schemas::AddIndex{t, prefix}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD UNIQUE INDEX `users_email_idx` (`email`(20), `id` DESC), "
                                 "ALGORITHM=INPLACE, LOCK=NONE"});
  schemas::Index fulltext{"users_email_ft", {{"email", {}, false, {}, 0}}, false, false, {}, "fulltext", {}, {}};
  CHECK(sql(schemas::AddIndex{t, fulltext}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD FULLTEXT INDEX `users_email_ft` (`email`)"});
  // A table the plan creates takes no clause (nothing to keep online).
  CHECK(sql(schemas::AddIndex{{"", "fresh"}, prefix}, &live) ==
        std::vector<std::string>{"ALTER TABLE `fresh` ADD UNIQUE INDEX `users_email_idx` (`email`(20), `id` DESC)"});
  CHECK(sql(schemas::DropIndex{t, prefix}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP INDEX `users_email_idx`, ALGORITHM=INPLACE, LOCK=NONE"});
  schemas::ForeignKey fk;
  fk.name = "orders_user_fk";
  fk.columns = {"user_id"};
  fk.references = {"", "users"};
  fk.ref_columns = {"id"};
  fk.on_delete = "cascade";
  CHECK(sql(schemas::AddForeignKey{{"", "orders"}, fk}) ==
        std::vector<std::string>{"ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
                                 "REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION"});
  CHECK(sql(schemas::DropForeignKey{{"", "orders"}, fk}) ==
        std::vector<std::string>{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`"});
  CHECK(sql(schemas::AddCheck{t, {"positive", "`id` > 0", {}}}) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD CONSTRAINT `positive` CHECK (`id` > 0)"});
  CHECK(sql(schemas::DropCheck{t, {"positive", "`id` > 0", {}}}) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP CONSTRAINT `positive`"});
  CHECK(sql(schemas::SetPrimaryKey{t, {{"id"}, ""}, {{"id", "email"}, ""}}) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `email`)"});
  CHECK(sql(schemas::SetPrimaryKey{t, {{}, ""}, {{"id"}, ""}}) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD PRIMARY KEY (`id`)"});
  CHECK(sql(schemas::SetPrimaryKey{t, {{"id"}, ""}, {{}, ""}}) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP PRIMARY KEY"});
  // AUTO_INCREMENT must stay a key: it leaves with the key and joins with it.
  schemas::Schema desired;
  desired.tables = {users()};
  desired.tables[0].columns[0].identity = false;
  desired.tables[0].primary_key = {"email"};
  CHECK(sql(schemas::SetPrimaryKey{t, {{"id"}, ""}, {{"email"}, ""}}, &live, &desired) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `id` bigint NOT NULL, DROP PRIMARY KEY, "
                                 "ADD PRIMARY KEY (`email`)"});
  CHECK(sql(schemas::SetPrimaryKey{t, {{"email"}, ""}, {{"id"}, ""}}, &desired, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`), "
                                 "MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT"});
  // ...and an AUTO_INCREMENT column added for the new key waits for it.
  CHECK(sql(schemas::AddColumn{t, live.tables[0].columns[0], ""}, &desired, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `id` bigint NOT NULL FIRST"});
  schemas::Index partial{"p", {{"email", {}, false, {}, 0}}, false, false, "id > 0", {}, {}, {}};
  CHECK_THROWS_WITH(sql(schemas::AddIndex{t, partial}), Catch::Contains("no partial indexes"));
}

TEST_CASE("mysql render: views are created, replaced when they exist, and dropped", "[mysql]")
{
  schemas::View view{"", "active", "select `id` from `users`", {}, "", {}};
  CHECK(sql(schemas::CreateView{view}) == std::vector<std::string>{"CREATE VIEW `active` AS select `id` from `users`"});
  schemas::Schema live;
  live.views = {view};
  CHECK(sql(schemas::CreateView{view}, &live) ==
        std::vector<std::string>{"CREATE OR REPLACE VIEW `active` AS select `id` from `users`"});
  CHECK(sql(schemas::DropView{view}) == std::vector<std::string>{"DROP VIEW `active`"});
}

TEST_CASE("mysql render: a view's options, and the charset it is created under", "[mysql]")
{
  schemas::View view{"", "active", "select `id` from `users`", {}, "", {}};
  view.options = {{"security", "invoker"}, {"algorithm", "merge"}};
  CHECK(sql(schemas::CreateView{view}) ==
        std::vector<std::string>{"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `active` AS select `id` from `users`"});
  view.options = {{"charset", "latin1"}, {"collation", "latin1_swedish_ci"}};
  CHECK(sql(schemas::CreateView{view}) ==
        std::vector<std::string>{"SET NAMES 'latin1' COLLATE 'latin1_swedish_ci'",
                                 "CREATE VIEW `active` AS select `id` from `users`", "SET NAMES 'utf8mb4'"});
  // strata sends UTF-8: under latin1 a query must be ASCII, or the server would read other text.
  view.query = "select 'caf\xC3\xA9' AS `word`";
  CHECK_THROWS_WITH(sql(schemas::CreateView{view}), Catch::Contains("non-ASCII"));
  view.options = {{"charset", "utf8mb3"}, {"collation", "utf8mb3_bin"}};
  CHECK(sql(schemas::CreateView{view}).size() == 3);
}

TEST_CASE("mysql render: index comments and visibility, each server's word in its own version comment", "[mysql]")
{
  schemas::Schema live;
  live.tables = {users()};
  const schemas::QualifiedName t{"", "users"};
  schemas::Index hidden{"users_email_idx", {{"email", {}, false, {}, 0}}, false, false, {}, {}, {}, {}};
  hidden.comment = "login's lookups";
  hidden.invisible = true;
  // MariaDB runs /*M! IGNORED */ and skips /*!80000 …*/ (50700–99999 are MySQL's); MySQL 8 runs
  // /*!80000 INVISIBLE */ and reads /*M! … */ as a comment.
  CHECK(sql(schemas::AddIndex{t, hidden}, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD INDEX `users_email_idx` (`email`) COMMENT 'login''s lookups' "
                                 "/*M! IGNORED */ /*!80000 INVISIBLE */, ALGORITHM=INPLACE, LOCK=NONE"});
  schemas::Table created = users();
  created.indexes = {hidden};
  created.options = {{"auto_increment", "1000"}};
  CHECK(sql(schemas::AddTable{created}) ==
        std::vector<std::string>{"CREATE TABLE `users` (\n  `id` bigint NOT NULL AUTO_INCREMENT,\n  `email` varchar(255) "
                                 "NOT NULL,\n  PRIMARY KEY (`id`),\n  INDEX `users_email_idx` (`email`) COMMENT "
                                 "'login''s lookups' /*M! IGNORED */ /*!80000 INVISIBLE */\n) AUTO_INCREMENT=1000"});
  created.options = {{"auto_increment", "1e3"}};
  CHECK_THROWS_WITH(sql(schemas::AddTable{created}), Catch::Contains("auto_increment '1e3' is not a positive number"));

  CHECK(sql(schemas::SetIndexVisibility{t, "users_email_idx", true}) ==
        std::vector<std::string>{"ALTER TABLE `users` ALTER INDEX `users_email_idx` /*M! IGNORED */ /*!80000 INVISIBLE */"});
  CHECK(sql(schemas::SetIndexVisibility{t, "users_email_idx", false}) ==
        std::vector<std::string>{
          "ALTER TABLE `users` ALTER INDEX `users_email_idx` /*M! NOT IGNORED */ /*!80000 VISIBLE */"});

  // A comment changes by dropping and adding the index in one statement, from the index the plan
  // leads to (the down file's context has the live one there).
  live.tables[0].indexes = {hidden};
  schemas::Schema desired = live;
  desired.tables[0].indexes[0].comment = "new";
  const schemas::SetConstraintComment changed{t, "users_email_idx", true, hidden.comment, "new"};
  CHECK(sql(changed, &live, &desired) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP INDEX `users_email_idx`, ADD INDEX `users_email_idx` "
                                 "(`email`) COMMENT 'new' /*M! IGNORED */ /*!80000 INVISIBLE */, ALGORITHM=INPLACE, "
                                 "LOCK=NONE"});
  CHECK(sql(schemas::SetConstraintComment{t, "users_email_idx", true, "new", ""}, &desired, &live) ==
        std::vector<std::string>{"ALTER TABLE `users` DROP INDEX `users_email_idx`, ADD INDEX `users_email_idx` "
                                 "(`email`) /*M! IGNORED */ /*!80000 INVISIBLE */, ALGORITHM=INPLACE, LOCK=NONE"});
  // With the comment changing too, the visibility change is a statement of its own: one ALTER
  // TABLE may not name the index in ALTER INDEX and DROP INDEX both.
  desired.tables[0].indexes[0].invisible = false;
  dialects::RenderContext ctx{&live, &desired};
  const auto alone = dialects::mysql::dialect().render(schemas::SetIndexVisibility{t, "users_email_idx", false}, ctx);
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].alter_table.empty()); // never joined with the comment's DROP INDEX / ADD INDEX
  desired.tables[0].indexes[0].comment = hidden.comment;
  const auto joined = dialects::mysql::dialect().render(schemas::SetIndexVisibility{t, "users_email_idx", false}, ctx);
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].alter_table == "`users`");
  // Constraint comments stay PostgreSQL's.
  CHECK_THROWS(sql(schemas::SetConstraintComment{t, "fk", false, "", "x"}, &live, &desired));
}

TEST_CASE("mysql render: MariaDB sequences with the values that differ from the defaults", "[mysql]")
{
  schemas::Sequence sequence;
  sequence.name = "order_numbers";
  CHECK(sql(schemas::CreateSequence{sequence}) == std::vector<std::string>{"CREATE SEQUENCE `order_numbers`"});
  sequence.start = 5000;
  sequence.increment = -1;
  sequence.min_value = 1;
  sequence.max_value = 5000;
  sequence.cycle = true;
  CHECK(sql(schemas::CreateSequence{sequence}) ==
        std::vector<std::string>{"CREATE SEQUENCE `order_numbers` INCREMENT BY -1 MINVALUE 1 MAXVALUE 5000 "
                                 "START WITH 5000 CYCLE"});
  CHECK(sql(schemas::DropSequence{sequence}) == std::vector<std::string>{"DROP SEQUENCE `order_numbers`"});
}
