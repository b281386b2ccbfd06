#include "cli/output/definition.hpp"

#include <fmt/format.h>

#include <cctype>
#include <type_traits>

namespace strata::cli {

namespace {

using namespace schemas;

// A plain identifier reads as it is; anything else (spaces, dots, upper case) in double quotes
// so that the definition stays unambiguous.
std::string ident(const std::string& name)
{
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front()));
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    plain = plain && (std::islower(u) || std::isdigit(u) || c == '_');
  }
  if (plain) {
    return name;
  }
  std::string out = "\"";
  for (char c : name) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string qualified(const QualifiedName& name)
{
  return name.schema.empty() ? ident(name.name) : ident(name.schema) + "." + ident(name.name);
}

std::string literal(const std::string& text)
{
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

// Definitions are one line: SQL text (views, triggers, expressions) has its whitespace runs
// folded into single spaces.
std::string one_line(const std::string& text)
{
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

std::string names(const std::vector<std::string>& list)
{
  std::string out;
  for (const auto& name : list) {
    out += (out.empty() ? "" : ", ") + ident(name);
  }
  return out;
}

std::string key_text(const IndexKey& key)
{
  std::string out = key.is_expression() ? "(" + one_line(key.expression) + ")" : ident(key.column);
  if (key.length > 0) {
    out += fmt::format("({})", key.length);
  }
  if (!key.collation.empty()) {
    out += " COLLATE " + ident(key.collation);
  }
  if (key.descending) {
    out += " DESC";
  }
  return out;
}

std::string enum_definition(const Enum& e)
{
  std::string values;
  for (const auto& value : e.values) {
    values += (values.empty() ? "" : ", ") + literal(value);
  }
  return fmt::format("ENUM {} ({})", qualified(e.qualified()), values);
}

std::string view_definition(const View& view)
{
  const std::string columns = view.columns.empty() ? "" : " (" + names(view.columns) + ")";
  return fmt::format("VIEW {}{} AS {}", qualified(view.qualified()), columns, one_line(view.query));
}

std::string sequence_definition(const Sequence& s)
{
  std::string out = "SEQUENCE " + qualified(s.qualified());
  if (!s.type.empty()) {
    out += " AS " + s.type;
  }
  auto number = [&](const char* word, const std::optional<long long>& value) {
    if (value) {
      out += fmt::format(" {} {}", word, *value);
    }
  };
  number("START", s.start);
  number("INCREMENT", s.increment);
  number("MINVALUE", s.min_value);
  number("MAXVALUE", s.max_value);
  if (s.cycle) {
    out += " CYCLE";
  }
  if (!s.owned_by.empty()) {
    out += " OWNED BY " + s.owned_by;
  }
  return out;
}

std::string primary_key_text(const std::vector<std::string>& columns, const std::string& name)
{
  if (columns.empty()) {
    return "no primary key";
  }
  const std::string constraint = name.empty() ? "" : "CONSTRAINT " + ident(name) + " ";
  return constraint + "PRIMARY KEY (" + names(columns) + ")";
}

std::string options_text(const std::map<std::string, std::string>& options)
{
  if (options.empty()) {
    return "no table options";
  }
  std::string out;
  for (const auto& [key, value] : options) {
    out += (out.empty() ? "" : ", ") + key + "=" + value;
  }
  return out;
}

std::string comment_text(const std::string& comment)
{
  return comment.empty() ? "no comment" : "COMMENT " + literal(comment);
}

std::string on(const QualifiedName& table)
{
  return " on " + table.str();
}

Difference added(std::string object, std::string definition)
{
  return Difference{std::move(object), std::move(definition), k_absent};
}
Difference dropped(std::string object, std::string definition)
{
  return Difference{std::move(object), k_absent, std::move(definition)};
}

} // namespace

std::string column_definition(const Column& column, const std::string& engine)
{
  std::string out = ident(column.name) + " " + column.type.for_engine(engine).str();
  if (!column.collation.empty()) {
    out += " COLLATE " + ident(column.collation);
  }
  if (column.generated) {
    out += fmt::format(" GENERATED ALWAYS AS ({}) {}", one_line(column.generated->expression),
                       column.generated->stored ? "STORED" : "VIRTUAL");
  }
  out += column.nullable ? " NULL" : " NOT NULL";
  if (column.default_value) {
    out += " DEFAULT " + one_line(*column.default_value);
  }
  if (column.identity) {
    out += column.identity_always ? " GENERATED ALWAYS AS IDENTITY" : " IDENTITY";
  }
  if (!column.on_update.empty()) {
    out += " ON UPDATE " + column.on_update;
  }
  if (!column.comment.empty()) {
    out += " COMMENT " + literal(column.comment);
  }
  return out;
}

std::string index_definition(const Index& index, const QualifiedName& table)
{
  std::string keys;
  for (const auto& key : index.keys) {
    keys += (keys.empty() ? "" : ", ") + key_text(key);
  }
  if (index.constraint) {
    return fmt::format("CONSTRAINT {} UNIQUE ({})", ident(index.name), keys);
  }
  std::string out = fmt::format("{}INDEX {} ON {}", index.unique ? "UNIQUE " : "", ident(index.name), qualified(table));
  if (!index.method.empty()) {
    out += " USING " + index.method;
  }
  out += " (" + keys + ")";
  if (!index.include.empty()) {
    out += " INCLUDE (" + names(index.include) + ")";
  }
  if (!index.where.empty()) {
    out += " WHERE " + one_line(index.where);
  }
  return out;
}

std::string foreign_key_definition(const ForeignKey& fk)
{
  std::string out = fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", ident(fk.name), names(fk.columns),
                                qualified(fk.references), names(fk.ref_columns));
  if (!fk.match.empty()) {
    out += " MATCH " + fk.match;
  }
  if (fk.on_delete != "no action" && !fk.on_delete.empty()) {
    out += " ON DELETE " + fk.on_delete;
  }
  if (fk.on_update != "no action" && !fk.on_update.empty()) {
    out += " ON UPDATE " + fk.on_update;
  }
  if (fk.deferrable) {
    out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  }
  return out;
}

std::string check_definition(const Check& check)
{
  return fmt::format("CONSTRAINT {} CHECK ({})", ident(check.name), one_line(check.expression));
}

std::string table_definition(const Table& table, const std::string& engine)
{
  std::string parts;
  auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : ", ") + part; };
  for (const auto& column : table.columns) {
    add(column_definition(column, engine));
  }
  if (!table.primary_key.empty()) {
    add(primary_key_text(table.primary_key, table.primary_key_name));
  }
  for (const auto& index : table.indexes) {
    if (index.constraint) {
      add(index_definition(index, table.qualified()));
    }
  }
  for (const auto& check : table.checks) {
    add(check_definition(check));
  }
  for (const auto& fk : table.foreign_keys) {
    add(foreign_key_definition(fk));
  }
  std::string out = fmt::format("TABLE {} ({})", qualified(table.qualified()), parts);
  if (!table.options.empty()) {
    out += " " + options_text(table.options);
  }
  for (const auto& index : table.indexes) {
    if (!index.constraint) {
      out += "; " + index_definition(index, table.qualified());
    }
  }
  for (const auto& trigger : table.triggers) {
    out += "; TRIGGER " + ident(trigger.name);
  }
  return out;
}

Difference difference_of(const Operation& op, const std::string& engine, const Schema* live, const Schema* desired)
{
  auto enum_in = [](const Schema* schema, const QualifiedName& name) {
    const Enum* e = schema ? schema->find_enum(name) : nullptr;
    return e ? enum_definition(*e) : std::string(k_absent);
  };
  return std::visit(
    [&](const auto& o) -> Difference {
      using T = std::decay_t<decltype(o)>;
      if constexpr (std::is_same_v<T, AddTable>) {
        return added("table " + o.table.qualified().str(), table_definition(o.table, engine));
      } else if constexpr (std::is_same_v<T, DropTable>) {
        return dropped("table " + o.table.qualified().str(), table_definition(o.table, engine));
      } else if constexpr (std::is_same_v<T, RenameTable>) {
        return {"table " + o.to.str(), "TABLE " + qualified(o.to), "TABLE " + qualified(o.from)};
      } else if constexpr (std::is_same_v<T, SetTableComment>) {
        return {"comment of table " + o.table.str(), comment_text(o.after), comment_text(o.before)};
      } else if constexpr (std::is_same_v<T, AddColumn>) {
        return added("column " + o.table.str() + "." + o.column.name, column_definition(o.column, engine));
      } else if constexpr (std::is_same_v<T, DropColumn>) {
        return dropped("column " + o.table.str() + "." + o.column.name, column_definition(o.column, engine));
      } else if constexpr (std::is_same_v<T, AlterColumn>) {
        return {"column " + o.table.str() + "." + o.after.name, column_definition(o.after, engine),
                column_definition(o.before, engine)};
      } else if constexpr (std::is_same_v<T, RenameColumn>) {
        return {"column " + o.table.str() + "." + o.to, "column " + ident(o.to), "column " + ident(o.from)};
      } else if constexpr (std::is_same_v<T, AddIndex>) {
        return added("index " + o.index.name + on(o.table), index_definition(o.index, o.table));
      } else if constexpr (std::is_same_v<T, DropIndex>) {
        return dropped("index " + o.index.name + on(o.table), index_definition(o.index, o.table));
      } else if constexpr (std::is_same_v<T, AddForeignKey>) {
        return added("foreign key " + o.foreign_key.name + on(o.table), foreign_key_definition(o.foreign_key));
      } else if constexpr (std::is_same_v<T, DropForeignKey>) {
        return dropped("foreign key " + o.foreign_key.name + on(o.table), foreign_key_definition(o.foreign_key));
      } else if constexpr (std::is_same_v<T, AddCheck>) {
        return added("check " + o.check.name + on(o.table), check_definition(o.check));
      } else if constexpr (std::is_same_v<T, DropCheck>) {
        return dropped("check " + o.check.name + on(o.table), check_definition(o.check));
      } else if constexpr (std::is_same_v<T, CreateView>) {
        return added("view " + o.view.qualified().str(), view_definition(o.view));
      } else if constexpr (std::is_same_v<T, DropView>) {
        return dropped("view " + o.view.qualified().str(), view_definition(o.view));
      } else if constexpr (std::is_same_v<T, CreateEnum>) {
        return added("enum " + o.enum_type.qualified().str(), enum_definition(o.enum_type));
      } else if constexpr (std::is_same_v<T, DropEnum>) {
        return dropped("enum " + o.enum_type.qualified().str(), enum_definition(o.enum_type));
      } else if constexpr (std::is_same_v<T, AddEnumValue>) {
        return {"enum " + o.enum_name.str(), enum_in(desired, o.enum_name), enum_in(live, o.enum_name)};
      } else if constexpr (std::is_same_v<T, CreateSequence>) {
        return added("sequence " + o.sequence.qualified().str(), sequence_definition(o.sequence));
      } else if constexpr (std::is_same_v<T, DropSequence>) {
        return dropped("sequence " + o.sequence.qualified().str(), sequence_definition(o.sequence));
      } else if constexpr (std::is_same_v<T, CreateTrigger>) {
        return added("trigger " + o.trigger.name + on(o.table), one_line(o.trigger.definition));
      } else if constexpr (std::is_same_v<T, DropTrigger>) {
        return dropped("trigger " + o.trigger.name + on(o.table), one_line(o.trigger.definition));
      } else if constexpr (std::is_same_v<T, RebuildTable>) {
        return {"table " + o.after.qualified().str(), table_definition(o.after, engine),
                table_definition(o.before, engine)};
      } else if constexpr (std::is_same_v<T, SetPrimaryKey>) {
        return {"primary key of " + o.table.str(), primary_key_text(o.after.columns, o.after.name),
                primary_key_text(o.before.columns, o.before.name)};
      } else {
        static_assert(std::is_same_v<T, SetTableOptions>, "every operation has a difference");
        return {"options of table " + o.table.str(), options_text(o.after), options_text(o.before)};
      }
    },
    op);
}

} // namespace strata::cli
