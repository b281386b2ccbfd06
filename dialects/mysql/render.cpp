// SQL for each operation kind on MySQL/MariaDB: one function per alternative of
// schemas::Operation, dispatched by std::visit over an overload set (a new operation kind fails
// to compile here). Tables, table options, renames, comments, views, triggers and routines live here;
// columns in render_columns.cpp, indexes and constraints in render_constraints.cpp, the cost of a
// change (which ALGORITHM clause) in render_cost.cpp.
#include "dialects/mysql/canonical.hpp"
#include "dialects/mysql/render_parts.hpp"
#include "dialects/mysql/routine.hpp"
#include "dialects/mysql/trigger.hpp"
#include "dialects/backfill_sql.hpp"
#include "dialects/constraint_sql.hpp"
#include "dialects/sql_tokenizer.hpp"

#include "schemas/error.hpp"

#include <algorithm>
#include <cctype>
#include <variant>

namespace strata::dialects::mysql {

namespace {

std::string option(const std::map<std::string, std::string>& options, const std::string& key)
{
  const auto it = options.find(key);
  return it == options.end() ? std::string() : it->second;
}

// Table options written KEY=value besides engine and charset/collation, with the value that puts
// each back to the server default in ALTER TABLE, and whether the value is a word (else a number
// or DEFAULT).
struct PlainOption {
  std::string_view key;
  std::string_view reset;
  bool word;
};
constexpr PlainOption k_plain_options[] = {
  {"row_format", "DEFAULT", true},         {"key_block_size", "0", false},    {"stats_persistent", "DEFAULT", false},
  {"stats_auto_recalc", "DEFAULT", false}, {"stats_sample_pages", "DEFAULT", false}, {"pack_keys", "DEFAULT", false},
  {"checksum", "0", false},                {"delay_key_write", "0", false},
};
constexpr std::string_view k_managed_options =
  "engine, charset, collation, auto_increment (new tables), row_format, key_block_size, stats_persistent, stats_auto_recalc, stats_sample_pages, "
  "pack_keys, checksum, delay_key_write";


const PlainOption* plain_option(const std::string& key)
{
  for (const auto& known : k_plain_options) {
    if (known.key == key) {
      return &known;
    }
  }
  return nullptr;
}

// KEY=VALUE for option `key` of `table`; a value that is not a plain word (row_format) or a number
// or DEFAULT (the others) is an error, so no text of the schema file reaches the SQL unchecked.
std::string plain_option_clause(const std::string& table, const PlainOption& known, const std::string& value)
{
  const bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [&](char c) {
    return known.word ? (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_')
                      : std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (!plain && value != "default") {
    throw Error(ErrorKind::input, "table " + table + ": MySQL table option " + std::string(known.key) + " '" + value +
                                    "' is not " + (known.word ? "a word" : "a number or default"));
  }
  return lex::ascii_upper(known.key) + "=" + lex::ascii_upper(value);
}

void check_managed(const std::string& table, const std::map<std::string, std::string>& options)
{
  for (const auto& [key, value] : options) {
    if (key != "engine" && key != "charset" && key != "collation" && key != "auto_increment" &&
        plain_option(key) == nullptr) {
      throw Error(ErrorKind::input, "table " + table + ": MySQL table option '" + key + "' is not managed (" +
                                      std::string(k_managed_options) + ")");
    }
  }
}

bool is_text_type(const std::string& type)
{
  const std::string t = lex::ascii_lower(type);
  return t == "tinytext" || t == "text" || t == "mediumtext";
}

// utf8mb4_unicode_ci -> utf8mb4: a collation's name starts with its character set's.
std::string charset_of(const std::string& collation)
{
  return collation.substr(0, collation.find('_'));
}

Statements drop_table(const schemas::DropTable& op)
{
  return {statement("DROP TABLE " + quote_name(op.table.qualified()))};
}

Statements rename_table(const schemas::RenameTable& op)
{
  return {statement("RENAME TABLE " + quote_name(op.from) + " TO " + quote_name(op.to))};
}

Statements set_table_comment(const schemas::SetTableComment& op)
{
  return {alter_statement(op.table, "COMMENT = " + quote_literal(op.after))};
}

// ENGINE= for an engine change; CONVERT TO CHARACTER SET for a charset/collation change, which
// converts every text column too. A column whose collation the target states explicitly is
// restated by a second statement (within one statement the conversion applies last and would
// take it along), and so is a TEXT column, which the conversion may promote to a larger TEXT type
// to fit wider characters: it keeps the type the target names (a value too long then fails the
// statement instead of changing the type behind the schema's back). An option the target
// leaves out means the server default: InnoDB, the database's character set.
Statements set_table_options(const schemas::SetTableOptions& op, const RenderContext& ctx)
{
  std::vector<std::string> clauses;
  std::string restated;
  if (option(op.before, "engine") != option(op.after, "engine")) {
    const std::string engine = option(op.after, "engine");
    clauses.push_back("ENGINE = " + quote_identifier(engine.empty() ? "InnoDB" : engine));
  }
  const std::string charset = option(op.after, "charset");
  const std::string collation = option(op.after, "collation");
  if (option(op.before, "charset") != charset || option(op.before, "collation") != collation) {
    const std::string set = !charset.empty() ? charset : charset_of(collation);
    clauses.push_back(set.empty() ? std::string("CONVERT TO CHARACTER SET DEFAULT")
                                  : "CONVERT TO CHARACTER SET " + quote_identifier(set) +
                                      (collation.empty() ? std::string() : " COLLATE " + quote_identifier(collation)));
    const schemas::Table* target = ctx.desired_table(op.table);
    for (const auto& column : target ? target->columns : std::vector<schemas::Column>{}) {
      if (!column.collation.empty() || is_text_type(type_sql(column.type))) {
        restated += (restated.empty() ? "" : ", ") + std::string("MODIFY COLUMN ") + column_definition(column);
      }
    }
  }
  check_managed(op.table.str(), op.after);
  for (const auto& known : k_plain_options) {
    const std::string key(known.key);
    if (option(op.before, key) != option(op.after, key)) {
      const std::string value = option(op.after, key);
      clauses.push_back(value.empty() ? lex::ascii_upper(key) + "=" + std::string(known.reset)
                                      : plain_option_clause(op.table.str(), known, value));
    }
  }
  std::string joined;
  for (const auto& clause : clauses) {
    joined += (joined.empty() ? "" : ", ") + clause;
  }
  Statements out;
  if (!joined.empty()) {
    out.push_back(lone_alter_statement(op.table, joined));
  }
  if (!restated.empty()) {
    out.push_back(lone_alter_statement(op.table, restated, {}, "columns with a collation of their own keep it"));
  }
  return out;
}

std::string view_option(const schemas::View& view, const std::string& name)
{
  const auto it = view.options.find(name);
  return it == view.options.end() ? std::string() : it->second;
}

// A view keeps the charset and collation it is created under (character_set_client and
// collation_connection decide what its string literals are). Views with their own are created
// after SET NAMES, and strata's session charset comes back after them. The query text is sent as
// UTF-8: under another charset it must be ASCII, or the server would read other characters.
Statements view_charset(const schemas::View& view, Statement create)
{
  const std::string charset = view_option(view, "charset");
  const std::string collation = view_option(view, "collation");
  if (charset.empty() && collation.empty()) {
    return {std::move(create)};
  }
  const bool utf8 = charset.rfind("utf8", 0) == 0;
  if (!utf8 && std::any_of(view.query.begin(), view.query.end(), [](char c) { return (c & 0x80) != 0; })) {
    throw Error(ErrorKind::input, "view " + view.qualified().str() + ": its query holds non-ASCII text and its charset " +
                                    charset + " is not UTF-8 (strata sends UTF-8): change its options.charset");
  }
  std::string names = "SET NAMES " + quote_literal(charset.empty() ? std::string("utf8mb4") : charset);
  if (!collation.empty()) {
    names += " COLLATE " + quote_literal(collation);
  }
  return {statement(names, "the charset and collation view " + view.qualified().str() + " is created under"),
          std::move(create), statement("SET NAMES 'utf8mb4'", "strata's session charset again")};
}

Statements create_view(const schemas::CreateView& op, const RenderContext& ctx)
{
  const auto& view = op.view;
  // A view that exists (its definition changes) is replaced in one statement.
  const bool exists = ctx.live != nullptr && ctx.live->find_view(view.qualified()) != nullptr;
  std::string sql = exists ? "CREATE OR REPLACE " : "CREATE ";
  if (const auto algorithm = view_option(view, "algorithm"); !algorithm.empty()) {
    sql += "ALGORITHM=" + lex::ascii_upper(algorithm) + " ";
  }
  if (const auto security = view_option(view, "security"); !security.empty()) {
    sql += "SQL SECURITY " + lex::ascii_upper(security) + " ";
  }
  sql += "VIEW " + quote_name(view.qualified());
  if (!view.columns.empty()) {
    sql += " (" + column_list(view.columns) + ")";
  }
  return view_charset(view, statement(sql + " AS " + view.query));
}

// CREATE SEQUENCE (MariaDB 10.3+) with the values that differ from the server's defaults; the
// server's CACHE (1000) stays.
Statements create_sequence(const schemas::Sequence& sequence)
{
  return {statement("CREATE SEQUENCE " + quote_name(sequence.qualified()) + sequence_options(sequence))};
}

// CREATE TRIGGER from the parts of the definition, its body as written: no DEFINER (the applying
// user becomes it), no FOLLOWS/PRECEDES, names quoted.
Statements create_trigger(const schemas::CreateTrigger& op)
{
  const auto parts = parse_trigger(op.trigger.definition);
  if (!parts) { // normalize refuses such definitions before any plan
    throw Error(ErrorKind::internal, "trigger " + op.trigger.name + " has a definition that is not CREATE TRIGGER");
  }
  return {statement(trigger_statement(*parts))};
}

// A stored function or procedure from its definition as written after the name, which is quoted;
// no DEFINER (the applying user becomes it). The executor's statement splitter keeps a BEGIN ...
// END body with its ';' in one statement (migrations/statement_splitter.cpp).
Statements create_routine(const schemas::Function& routine)
{
  return {statement(create_routine_sql(routine.definition, quote_identifier(routine.name)))};
}

Statements drop_routine(const schemas::Function& routine)
{
  const auto parts = parse_routine(routine.definition);
  return {statement(std::string("DROP ") + (parts ? parts->kind() : "FUNCTION") + " " +
                    quote_identifier(routine.name))};
}

[[noreturn]] Statements not_on_mysql(const schemas::Operation& op, const std::string& why)
{
  throw Error(ErrorKind::internal, "MySQL " + why + "; the planner must not " + schemas::describe(op));
}

} // namespace

bool managed_table_option(const std::string& key)
{
  return plain_option(key) != nullptr;
}

// AUTO_INCREMENT=n: the first value a new table's AUTO_INCREMENT column gives (a positive number).
std::string auto_increment_clause(const std::string& table, const std::string& start)
{
  const bool number = start.size() <= 19 && start.find_first_not_of("0123456789") == std::string::npos &&
                      start.find_first_not_of('0') != std::string::npos;
  if (!number) {
    throw Error(ErrorKind::input, "table " + table + ": MySQL table option auto_increment '" + start +
                                    "' is not a positive number (the first value of the AUTO_INCREMENT column)");
  }
  return "AUTO_INCREMENT=" + start;
}

Statement statement(std::string sql, std::string comment)
{
  return Statement{std::move(sql), std::move(comment), false};
}

Statement lone_alter_statement(const schemas::QualifiedName& table, const std::string& clause,
                               const std::string& algorithm, std::string comment)
{
  return statement("ALTER TABLE " + quote_name(table) + " " + clause + (algorithm.empty() ? "" : ", " + algorithm),
                   std::move(comment));
}

Statement alter_statement(const schemas::QualifiedName& table, const std::string& clause, const std::string& algorithm,
                          std::string comment)
{
  Statement out = lone_alter_statement(table, clause, algorithm, std::move(comment));
  out.alter_table = quote_name(table);
  out.clause = clause;
  out.algorithm = algorithm;
  return out;
}

const schemas::Table* live_table(const RenderContext& ctx, const schemas::QualifiedName& table)
{
  if (ctx.live == nullptr) {
    return nullptr;
  }
  if (const schemas::Table* found = ctx.live_table(table)) {
    return found;
  }
  const schemas::Table* desired = ctx.desired_table(table);
  if (desired != nullptr && !desired->renamed_from.empty()) {
    return ctx.live_table({table.schema, desired->renamed_from});
  }
  return nullptr;
}

std::string table_options_clause(const std::string& table, const std::map<std::string, std::string>& options,
                                 const std::string& comment)
{
  std::string out;
  const auto add = [&](const std::string& text) { out += (out.empty() ? "" : " ") + text; };
  check_managed(table, options);
  if (const auto engine = option(options, "engine"); !engine.empty()) {
    add("ENGINE=" + quote_identifier(engine));
  }
  const std::string collation = option(options, "collation");
  const std::string charset = option(options, "charset").empty() && !collation.empty() ? charset_of(collation)
                                                                                       : option(options, "charset");
  if (!charset.empty()) {
    add("DEFAULT CHARSET=" + quote_identifier(charset));
  }
  if (!collation.empty()) {
    add("COLLATE=" + quote_identifier(collation));
  }
  for (const auto& known : k_plain_options) {
    if (const auto value = option(options, std::string(known.key)); !value.empty()) {
      add(plain_option_clause(table, known, value));
    }
  }
  if (const auto start = option(options, "auto_increment"); !start.empty()) {
    add(auto_increment_clause(table, start));
  }
  if (!comment.empty()) {
    add("COMMENT=" + quote_literal(comment));
  }
  return out;
}

Statements render_add_table(const schemas::AddTable& op)
{
  const schemas::Table& table = op.table;
  std::vector<std::string> parts;
  for (const auto& column : table.columns) {
    parts.push_back(table.versioning->period_column(column.name) ? period_column_definition(column, table.versioning)
                                                                : column_definition(column));
  }
  if (!table.primary_key.empty()) {
    parts.push_back(primary_key_clause(table.primary_key, table.primary_key_comment));
  }
  if (const auto period = period_clause(table.versioning); !period.empty()) {
    parts.push_back(period);
  }
  for (const auto& index : table.indexes) {
    parts.push_back(index_clause(index)); // the indexes the table's foreign keys need
  }
  for (const auto& check : table.checks) {
    parts.push_back(check_clause(check));
  }
  for (const auto& fk : table.foreign_keys) {
    parts.push_back(foreign_key_clause(fk));
  }
  std::string sql = "CREATE TABLE " + quote_name(table.qualified()) + " (";
  for (size_t i = 0; i < parts.size(); ++i) {
    sql += (i == 0 ? "\n  " : ",\n  ") + parts[i];
  }
  sql += "\n)";
  if (const auto options = table_options_clause(table.qualified().str(), table.options, table.comment);
      !options.empty()) {
    sql += " " + options;
  }
  if (table.versioning->enabled) {
    sql += " WITH SYSTEM VERSIONING";
  }
  if (!table.partitioning->empty()) {
    sql += "\n" + schemas::partitioning_clause(table.partitioning, quote_identifier, quote_literal);
  }
  Statements out{statement(sql)};
  for (const auto& trigger : table.triggers) {
    const auto more = create_trigger({table.qualified(), trigger});
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// ADD and DROP PARTITION when the scheme stays and the kept partitions keep their order, else the
// table partitioned anew (the server moves every row) or its partitioning removed.
Statements set_partitioning(const schemas::SetPartitioning& op)
{
  const std::string alter = "ALTER TABLE " + quote_name(op.table) + " ";
  if (op.after.empty()) {
    return {statement(alter + "REMOVE PARTITIONING")};
  }
  if (!op.in_place()) {
    return {statement(alter + schemas::partitioning_clause(op.after, quote_identifier, quote_literal))};
  }
  Statements out;
  std::string dropped;
  for (const auto& name : op.dropped()) {
    dropped += (dropped.empty() ? "" : ", ") + quote_identifier(name);
  }
  if (!dropped.empty()) {
    out.push_back(statement(alter + "DROP PARTITION " + dropped));
  }
  std::string added;
  for (const auto& partition : op.after.partitions) {
    if (std::none_of(op.before.partitions.begin(), op.before.partitions.end(),
                     [&](const schemas::Partition& p) { return p.name == partition.name; })) {
      added += (added.empty() ? "" : ", ") + schemas::partition_definition(partition, quote_identifier, quote_literal);
    }
  }
  if (!added.empty()) {
    out.push_back(statement(alter + "ADD PARTITION (" + added + ")"));
  }
  return out;
}

std::vector<Statement> render(const schemas::Operation& op, RenderContext& ctx)
{
  using namespace schemas;
  Statements rendered = std::visit(
    Overloaded{
      [](const AddTable& o) { return render_add_table(o); },
      [](const DropTable& o) { return drop_table(o); },
      [](const RenameTable& o) { return rename_table(o); },
      [](const SetTableComment& o) { return set_table_comment(o); },
      [&](const AddColumn& o) { return render_add_column(o, ctx); },
      [&](const DropColumn& o) { return render_drop_column(o, ctx); },
      [&](const AlterColumn& o) { return render_alter_column(o, ctx); },
      [&](const RenameColumn& o) { return render_rename_column(o, ctx); },
      [&](const AddIndex& o) { return render_add_index(o, ctx); },
      [&](const DropIndex& o) { return render_drop_index(o, ctx); },
      [&](const AddForeignKey& o) { return render_add_foreign_key(o, ctx); },
      [&](const DropForeignKey& o) { return render_drop_foreign_key(o, ctx); },
      [](const AddCheck& o) { return render_add_check(o); },
      [](const DropCheck& o) { return render_drop_check(o); },
      [&](const CreateView& o) { return create_view(o, ctx); },
      [](const DropView& o) { return Statements{statement("DROP VIEW " + quote_name(o.view.qualified()))}; },
      [&op](const CreateEnum&) -> Statements { not_on_mysql(op, "ENUM is a column type"); },
      [&op](const AddEnumValue&) -> Statements { not_on_mysql(op, "ENUM is a column type"); },
      [&op](const DropEnum&) -> Statements { not_on_mysql(op, "ENUM is a column type"); },
      [](const CreateSequence& o) { return create_sequence(o.sequence); },
      // MariaDB: in place, the sequence's next value kept (its unused cached values are lost).
      [](const AlterSequence& o) {
        return Statements{statement("ALTER SEQUENCE " + quote_name(o.after.qualified()) +
                                    sequence_options_change(o.after, " ", {"NOCYCLE", false}, false))};
      },
      [](const DropSequence& o) { return Statements{statement("DROP SEQUENCE " + quote_name(o.sequence.qualified()))}; },
      [](const CreateTrigger& o) { return create_trigger(o); },
      [](const DropTrigger& o) {
        return Statements{statement("DROP TRIGGER " + quote_identifier(o.trigger.name))};
      },
      [&op](const RebuildTable&) -> Statements { not_on_mysql(op, "alters tables in place"); },
      [&](const SetPrimaryKey& o) { return render_set_primary_key(o, ctx); },
      [&](const SetTableOptions& o) { return set_table_options(o, ctx); },
      [](const SetPartitioning& o) { return set_partitioning(o); },
      [](const SetSystemVersioning& o) { return render_set_system_versioning(o); },
      [&op](const ValidateConstraint&) -> Statements { not_on_mysql(op, "constraints are never NOT VALID"); },
      [](const CreateFunction& o) { return create_routine(o.function); },
      [](const DropFunction& o) { return drop_routine(o.function); },
      [](const ReplaceFunction& o) { // not planned (no replaces_function): dropped and created
        auto out = drop_routine(o.before);
        out.push_back(create_routine(o.after)[0]);
        return out;
      },
      [&op](const CreateExtension&) -> Statements { not_on_mysql(op, "extensions are PostgreSQL's"); },
      [&op](const DropExtension&) -> Statements { not_on_mysql(op, "extensions are PostgreSQL's"); },
      [&op](const AlterExtension&) -> Statements { not_on_mysql(op, "extensions are PostgreSQL's"); },
      [&op](const CreateDomain&) -> Statements { not_on_mysql(op, "domains are PostgreSQL's"); },
      [&op](const DropDomain&) -> Statements { not_on_mysql(op, "domains are PostgreSQL's"); },
      [&op](const AlterDomain&) -> Statements { not_on_mysql(op, "domains are PostgreSQL's"); },
      [&op](const CreateCompositeType&) -> Statements { not_on_mysql(op, "composite types are PostgreSQL's"); },
      [&op](const DropCompositeType&) -> Statements { not_on_mysql(op, "composite types are PostgreSQL's"); },
      [&op](const AlterCompositeType&) -> Statements { not_on_mysql(op, "composite types are PostgreSQL's"); },
      [&op](const SetIndexStorage&) -> Statements { not_on_mysql(op, "index storage parameters are PostgreSQL's"); },
      [&](const SetConstraintComment& o) -> Statements {
        if (!o.index) {
          not_on_mysql(op, "comments on constraints are managed on PostgreSQL (MySQL keeps index comments only)");
        }
        return render_set_index_comment(o, ctx);
      },
      [&](const SetIndexVisibility& o) { return render_set_index_visibility(o, ctx); },
      [&op](const SetObjectComment&) -> Statements {
        not_on_mysql(op, "comments on types, sequences, functions and triggers are managed on PostgreSQL");
      },
      [&op](const CreatePolicy&) -> Statements { not_on_mysql(op, "row-level security is PostgreSQL's"); },
      [&op](const DropPolicy&) -> Statements { not_on_mysql(op, "row-level security is PostgreSQL's"); },
      [&op](const SetRowSecurity&) -> Statements { not_on_mysql(op, "row-level security is PostgreSQL's"); },
      [&op](const SetPartitionOf&) -> Statements {
        not_on_mysql(op, "`partition_of` is PostgreSQL's declarative partitioning (MySQL uses `partition`)");
      },
      [&op](const CreateRule&) -> Statements { not_on_mysql(op, "rules are PostgreSQL's"); },
      [&op](const DropRule&) -> Statements { not_on_mysql(op, "rules are PostgreSQL's"); },
      [&op](const CreateVirtualTable&) -> Statements { not_on_mysql(op, "virtual tables are SQLite's"); },
      [&op](const DropVirtualTable&) -> Statements { not_on_mysql(op, "virtual tables are SQLite's"); },
      [](const BackfillColumn& o) { return Statements{backfill_statement(o, '`')}; },
      [&op](const CreateSchema&) -> Statements { not_on_mysql(op, "schemas are PostgreSQL's namespaces"); },
      [&op](const DropSchema&) -> Statements { not_on_mysql(op, "schemas are PostgreSQL's namespaces"); },
      [&op](const SetPrivileges&) -> Statements { not_on_mysql(op, "managed privileges are PostgreSQL's"); },
    },
    op);
  keep_history(op, ctx, rendered);
  return rendered;
}

} // namespace strata::dialects::mysql
