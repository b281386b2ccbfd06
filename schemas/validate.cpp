// Cross-object validation: duplicate names, references to unknown tables and columns, and (for
// schemas built in code, which the loader has not seen) the single-object checks of the loader.

#include "schemas/name_index.hpp"
#include "schemas/name_rules.hpp"
#include "schemas/yaml.hpp"
#include "schemas/yaml_nodes.hpp"

#include "schemas/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace strata::schemas {

namespace detail {

namespace {

const SourceLocation& mark_or(const std::vector<SourceLocation>* marks, size_t i, const SourceLocation& fallback)
{
  return marks != nullptr && i < marks->size() ? (*marks)[i] : fallback;
}

std::string first_defined(const SourceLocation& location)
{
  const auto where = location.str();
  return where.empty() ? std::string() : fmt::format(" (first defined at {})", where);
}

class Validator {
public:
  Validator(const Schema& schema, const SchemaMarks* marks) : m_schema(schema), m_tables(schema.tables), m_marks(marks)
  {
  }

  std::vector<Diagnostic> run()
  {
    check_schema_names();
    for (size_t i = 0; i < m_schema.tables.size(); ++i) {
      const TableMarks* marks = m_marks != nullptr && i < m_marks->tables.size() ? &m_marks->tables[i] : nullptr;
      check_table(m_schema.tables[i], i, marks);
    }
    if (m_marks == nullptr) {
      check_enums();
    }
    check_name_texts();
    check_unmanaged_grants();
    return std::move(m_out);
  }

private:
  // `grants` lists are read only where the schema manages privileges: elsewhere one is an error at
  // its first grant (it would be ignored silently).
  void check_unmanaged_grants()
  {
    if (m_schema.privileges_managed) {
      return;
    }
    const auto refuse = [&](const std::vector<Grant>& grants, std::string_view kind, const std::string& schema,
                            const std::string& name) {
      if (!grants.empty()) {
        report(grants.front().location, object_context(kind, schema, name, 0),
               "\"grants\" needs \"privileges: managed\" at the top of the schema (privileges are not managed "
               "otherwise)");
      }
    };
    for (const auto& table : m_schema.tables) {
      refuse(table.grants, "table", table.schema, table.name);
    }
    for (const auto& view : m_schema.views) {
      refuse(view.grants, view.kind(), view.schema, view.name);
    }
    for (const auto& sequence : m_schema.sequences) {
      refuse(sequence.grants, "sequence", sequence.schema, sequence.name);
    }
    for (const auto& function : m_schema.functions) {
      refuse(function.grants, "function", function.schema, function.name);
    }
    for (const auto& entry : m_schema.namespaces) {
      refuse(entry.grants, "schema", "", entry.name);
    }
  }

  // What no engine takes in a name (name_rules.hpp), and what strata itself cannot tell apart: an
  // enum name with a dot reads as schema.enum in a column's type.
  void check_name_texts()
  {
    each_name(m_schema, [&](const NameUse& use) {
      if (auto problem = portable_name_problem(use.name); !problem.empty()) {
        m_out.push_back(Diagnostic{use.location, use.what() + (use.label ? ": " : ": name ") + problem});
      }
    });
    for (size_t i = 0; i < m_schema.enums.size(); ++i) {
      const auto& e = m_schema.enums[i];
      if (e.name.find('.') != std::string::npos) {
        report(e.location, object_context("enum", e.schema, e.name, i),
               "an enum name must not hold a dot (a column's type \"a.b\" names enum b of schema a; give the "
               "schema with \"schema:\")");
      }
    }
  }

  void report(const SourceLocation& location, const std::string& context, const std::string& message)
  {
    m_out.push_back(Diagnostic{location, nested(context, message)});
  }

  // Reports the second and later objects with the same qualified name.
  template <typename T>
  void check_unique(const std::vector<T>& items, std::string_view kind,
                    std::map<QualifiedName, SourceLocation>& seen, std::string_view what)
  {
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      if (item.name.empty()) {
        continue; // reported as a missing name
      }
      const auto [it, inserted] = seen.emplace(item.qualified(), item.location);
      if (!inserted) {
        report(item.location, object_context(kind, item.schema, item.name, i),
               fmt::format("duplicate {} name{}", what, first_defined(it->second)));
      }
    }
  }

  void check_schema_names()
  {
    std::map<QualifiedName, SourceLocation> tables;
    check_unique(m_schema.tables, "table", tables, "table");
    std::map<QualifiedName, SourceLocation> views;
    check_unique(m_schema.views, "view", views, "view");
    for (size_t i = 0; i < m_schema.views.size(); ++i) {
      const auto& view = m_schema.views[i];
      if (const auto it = tables.find(view.qualified()); it != tables.end()) {
        report(view.location, object_context(view.kind(), view.schema, view.name, i),
               it->second.str().empty() ? std::string("a table has the same name")
                                        : fmt::format("a table has the same name (table defined at {})", it->second.str()));
      }
      check_named(view.rules, object_context(view.kind(), view.schema, view.name, i), "rule");
      for (const auto& [column, text] : view.column_comments) {
        if (!view.columns.empty() && std::find(view.columns.begin(), view.columns.end(), column) == view.columns.end()) {
          report(view.location, object_context(view.kind(), view.schema, view.name, i),
                 fmt::format("`column_comments` names column \"{}\", which is not among its `columns`", column));
        }
      }
      std::map<std::string, SourceLocation> indexes;
      for (const auto& index : view.indexes) {
        if (const auto [at, inserted] = indexes.emplace(index.name, index.location); !inserted) {
          report(index.location, object_context(view.kind(), view.schema, view.name, i),
                 fmt::format("duplicate index name \"{}\"{}", index.name, first_defined(at->second)));
        }
      }
    }
    std::map<QualifiedName, SourceLocation> enums;
    check_unique(m_schema.enums, "enum", enums, "enum");
    std::map<QualifiedName, SourceLocation> sequences;
    check_unique(m_schema.sequences, "sequence", sequences, "sequence");
    std::map<QualifiedName, SourceLocation> domains;
    check_unique(m_schema.domains, "domain", domains, "domain");
    for (size_t i = 0; i < m_schema.domains.size(); ++i) {
      const auto& domain = m_schema.domains[i];
      std::map<std::string, SourceLocation> checks;
      for (const auto& check : domain.checks) {
        if (const auto [it, inserted] = checks.emplace(check.name, check.location); !inserted) {
          report(check.location, object_context("domain", domain.schema, domain.name, i),
                 fmt::format("duplicate check name \"{}\"{}", check.name, first_defined(it->second)));
        }
      }
    }
    check_composite_types(tables, enums, domains);
    check_unique_names(m_schema.extensions, "extension"); // one per database, whatever its schema
    check_unique_names(m_schema.namespaces, "schema");
    check_virtual_table_names();
  }

  // Database-wide objects known by their name alone (extensions, schemas): each name once.
  template <typename T>
  void check_unique_names(const std::vector<T>& items, const char* kind)
  {
    std::map<std::string, SourceLocation> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      if (item.name.empty()) {
        continue;
      }
      const auto [it, inserted] = seen.emplace(item.name, item.location);
      if (!inserted) {
        report(item.location, object_context(kind, "", item.name, i),
               fmt::format("duplicate {} name{}", kind, first_defined(it->second)));
      }
    }
  }

  // PostgreSQL composite types share the types' name space with enums, domains and the row types
  // of tables; their attributes have names of their own.
  void check_composite_types(const std::map<QualifiedName, SourceLocation>& tables,
                             const std::map<QualifiedName, SourceLocation>& enums,
                             const std::map<QualifiedName, SourceLocation>& domains)
  {
    std::map<QualifiedName, SourceLocation> types;
    check_unique(m_schema.composite_types, "composite type", types, "composite type");
    for (size_t i = 0; i < m_schema.composite_types.size(); ++i) {
      const auto& type = m_schema.composite_types[i];
      const std::string context = object_context("composite type", type.schema, type.name, i);
      for (const auto& [taken, kind] : {std::pair{&tables, "a table"}, std::pair{&enums, "an enum"}, std::pair{&domains, "a domain"}}) {
        if (const auto it = taken->find(type.qualified()); it != taken->end()) {
          report(type.location, context, fmt::format("{} has the same name, and types share one name space{}", kind,
                                                     first_defined(it->second)));
        }
      }
      std::map<std::string, SourceLocation> attributes;
      for (const auto& attribute : type.attributes) {
        if (const auto [it, inserted] = attributes.emplace(attribute.name, attribute.location); !inserted) {
          report(attribute.location, context,
                 fmt::format("duplicate attribute name \"{}\"{}", attribute.name, first_defined(it->second)));
        }
      }
    }
  }

  // SQLite virtual tables share one name space with tables and views (names in any case).
  void check_virtual_table_names()
  {
    if (m_schema.virtual_tables.empty()) {
      return;
    }
    std::map<std::string, std::pair<std::string, SourceLocation>> taken; // lower-case name -> kind, where
    for (const auto& table : m_schema.tables) {
      if (table.schema.empty()) {
        taken.emplace(ascii_lower(table.name), std::pair{std::string("table"), table.location});
      }
    }
    for (const auto& view : m_schema.views) {
      if (view.schema.empty()) {
        taken.emplace(ascii_lower(view.name), std::pair{std::string(view.kind()), view.location});
      }
    }
    for (size_t i = 0; i < m_schema.virtual_tables.size(); ++i) {
      const auto& table = m_schema.virtual_tables[i];
      if (table.name.empty()) {
        continue;
      }
      const auto [it, inserted] = taken.emplace(ascii_lower(table.name), std::pair{std::string("virtual table"), table.location});
      if (!inserted) {
        report(table.location, object_context("virtual table", "", table.name, i),
               fmt::format("a {} has the same name{}", it->second.first, first_defined(it->second.second)));
      }
    }
  }

  void check_table(const Table& table, size_t ordinal, const TableMarks* marks)
  {
    const std::string context = object_context("table", table.schema, table.name, ordinal);
    if (m_marks == nullptr) {
      check_table_alone(table, context);
    }
    if (!table.renamed_from.empty() && table.renamed_from == table.name) {
      report(table.location, context, "\"renamed_from\" names the table itself");
    }
    check_columns(table, context);
    // A PostgreSQL partition names its root table's columns; an unknown or looping parent is
    // reported by check_partitions, and its objects' columns are not checked then.
    const Table* owner = m_schema.column_owner(table);
    std::set<std::string> pk_seen;
    for (size_t i = 0; i < table.primary_key.size(); ++i) {
      const auto& name = table.primary_key[i];
      const auto& where = mark_or(marks ? &marks->primary_key : nullptr, i, table.location);
      if (owner != nullptr && owner->find_column(name) == nullptr) {
        report(where, context, fmt::format("primary key: unknown column \"{}\"", name));
      } else if (!pk_seen.insert(name).second) {
        report(where, context, fmt::format("primary key: column \"{}\" listed twice", name));
      }
    }
    // Index names are unique per table here, what every engine requires; the engine's own scope
    // (SQLite and PostgreSQL: per schema) is checked once the engine is known (index_names.hpp).
    m_index_names.clear();
    for (size_t i = 0; i < table.indexes.size(); ++i) {
      check_index(table, owner, context, i, marks);
    }
    std::map<std::string, SourceLocation> fk_names;
    for (size_t i = 0; i < table.foreign_keys.size(); ++i) {
      const auto& fk = table.foreign_keys[i];
      const std::string inner = entry_context(context, "foreign key", "", fk.name, i);
      if (const auto [it, inserted] = fk_names.emplace(fk.name, fk.location); !inserted) {
        report(fk.location, inner, fmt::format("duplicate foreign key name{}", first_defined(it->second)));
      }
      check_foreign_key(owner, fk, inner, marks != nullptr && i < marks->foreign_keys.size() ? &marks->foreign_keys[i]
                                                                                             : nullptr);
    }
    check_named(table.checks, context, "check");
    check_named(table.triggers, context, "trigger");
    check_named(table.policies, context, "policy");
    check_named(table.rules, context, "rule");
    check_partitions(table, context);
    check_partition_key(table, context, marks);
  }

  // A partition's own primary key only where no table above it has one (PostgreSQL takes one
  // per table, and a partition has its parent's).
  void check_partition_key(const Table& table, const std::string& context, const TableMarks* marks)
  {
    if (table.partition_of->empty() || table.primary_key.empty() || m_schema.column_owner(table) == nullptr) {
      return;
    }
    for (const Table* at : m_schema.partition_parents(table)) {
      if (!at->primary_key.empty()) {
        report(mark_or(marks ? &marks->primary_key : nullptr, 0, table.location), context,
               fmt::format("primary key on a partition: partition {} has the primary key of {} already (a table "
                           "takes one; declare a unique key instead)",
                           table.qualified().str(), at->qualified().str()));
        return;
      }
    }
  }

  // `partition_of` names an existing partitioned table, not a cycle; a key's columns exist.
  void check_partitions(const Table& table, const std::string& context)
  {
    if (!table.partition_of->empty()) {
      const std::string inner = nested(context, "partition_of");
      const Table* parent = m_tables.find(table.partition_of->table);
      if (parent == nullptr) {
        report(table.partition_of->location, inner,
               fmt::format("unknown table \"{}\" (the parent of a partition)", table.partition_of->table.str()));
      } else if (parent->partitioning->empty()) {
        report(table.partition_of->location, inner,
               fmt::format("table \"{}\" is not partitioned (give it \"partition: {{by, columns | expression}}\")",
                           table.partition_of->table.str()));
      } else if (m_schema.column_owner(table) == nullptr) {
        report(table.partition_of->location, inner, "the chain of \"partition_of\" parents loops back to this table");
      }
    }
    const Table* owner = m_schema.column_owner(table);
    if (owner == nullptr) {
      return;
    }
    for (const auto& column : table.partitioning->columns) {
      if (owner->find_column(column) == nullptr) {
        report(table.partitioning->location, nested(context, "partition"),
               fmt::format("unknown column \"{}\" in the partition key", column));
      }
    }
  }

  template <typename T>
  void check_named(const std::vector<T>& items, const std::string& context, std::string_view kind)
  {
    std::map<std::string, SourceLocation> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      if (const auto [it, inserted] = seen.emplace(items[i].name, items[i].location); !inserted) {
        report(items[i].location, entry_context(context, kind, "", items[i].name, i),
               fmt::format("duplicate {} name{}", kind, first_defined(it->second)));
      }
    }
  }

  void check_columns(const Table& table, const std::string& context)
  {
    std::map<std::string, SourceLocation> seen;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const auto& column = table.columns[i];
      // Made only for a message: a schema of 5,000 tables has some 80,000 columns.
      const auto inner = [&] { return entry_context(context, "column", "", column.name, i); };
      if (const auto [it, inserted] = seen.emplace(column.name, column.location); !inserted && !column.name.empty()) {
        report(column.location, inner(), fmt::format("duplicate column name{}", first_defined(it->second)));
      }
      if (!column.renamed_from.empty() && column.renamed_from == column.name) {
        report(column.location, inner(), "\"renamed_from\" names the column itself");
      }
      if (m_marks == nullptr) {
        if (column.name.empty()) {
          report(column.location, inner(), "column has no name");
        }
        for (const auto& problem : type_problems(column.type)) {
          report(column.location, inner(), problem);
        }
      }
    }
  }

  // `owner`: the table whose columns `table` has (itself, or a partition's root); null: unknown.
  void check_index(const Table& table, const Table* owner, const std::string& context, size_t i,
                   const TableMarks* marks)
  {
    const auto& index = table.indexes[i];
    const std::string inner = entry_context(context, "index", "", index.name, i);
    const auto [it, inserted] = m_index_names.emplace(index.name, index.location);
    if (!inserted) {
      report(index.location, inner, fmt::format("duplicate index name{}", first_defined(it->second)));
    }
    if (index.keys.empty() && m_marks == nullptr) {
      report(index.location, inner, "an index needs at least one column or expression");
    }
    const auto* key_marks = marks != nullptr && i < marks->index_keys.size() ? &marks->index_keys[i] : nullptr;
    for (size_t k = 0; k < index.keys.size(); ++k) {
      const auto& key = index.keys[k];
      if (owner != nullptr && !key.is_expression() && owner->find_column(key.column) == nullptr) {
        report(mark_or(key_marks, k, index.location), inner, fmt::format("unknown column \"{}\"", key.column));
      }
    }
    const auto* include_marks = marks != nullptr && i < marks->index_include.size() ? &marks->index_include[i] : nullptr;
    for (size_t k = 0; k < index.include.size(); ++k) {
      if (owner != nullptr && owner->find_column(index.include[k]) == nullptr) {
        report(mark_or(include_marks, k, index.location), inner,
               fmt::format("include: unknown column \"{}\"", index.include[k]));
      }
    }
  }

  // `owner`: the table whose columns the foreign key's table has; null: unknown.
  void check_foreign_key(const Table* owner, const ForeignKey& fk, const std::string& inner,
                         const ForeignKeyMarks* marks)
  {
    for (size_t k = 0; k < fk.columns.size(); ++k) {
      if (owner != nullptr && owner->find_column(fk.columns[k]) == nullptr) {
        report(mark_or(marks ? &marks->columns : nullptr, k, fk.location), inner,
               fmt::format("unknown column \"{}\"", fk.columns[k]));
      }
    }
    if (m_marks == nullptr) {
      std::string action;
      for (const auto* value : {&fk.on_delete, &fk.on_update}) {
        if (!normalize_action(*value, action) || action != *value) {
          report(fk.location, inner, fmt::format("unknown action \"{}\"", *value));
        }
      }
    }
    const auto& table_mark = marks != nullptr && !marks->table.file.empty() ? marks->table : fk.location;
    const Table* referenced = m_tables.find(fk.references);
    const Table* target = referenced == nullptr ? nullptr : m_schema.column_owner(*referenced);
    if (referenced != nullptr && target == nullptr) {
      return; // a partition whose parent is unknown: reported there
    }
    if (target == nullptr) {
      if (!fk.references.name.empty()) {
        report(table_mark, inner, fmt::format("references unknown table \"{}\"", fk.references.str()));
      }
      return;
    }
    if (fk.ref_columns.empty()) {
      report(table_mark, inner,
             fmt::format("references table \"{}\" without columns, and that table has no primary key",
                         fk.references.str()));
      return;
    }
    for (size_t k = 0; k < fk.ref_columns.size(); ++k) {
      if (target->find_column(fk.ref_columns[k]) == nullptr) {
        report(mark_or(marks ? &marks->ref_columns : nullptr, k, table_mark), inner,
               fmt::format("referenced table \"{}\" has no column \"{}\"", fk.references.str(), fk.ref_columns[k]));
      }
    }
    if (!fk.columns.empty() && fk.columns.size() != fk.ref_columns.size()) {
      report(fk.location, inner,
             fmt::format("has {} column(s) but references {} column(s)", fk.columns.size(), fk.ref_columns.size()));
    }
  }

  void check_table_alone(const Table& table, const std::string& context)
  {
    if (table.name.empty()) {
      report(table.location, context, "table has no name");
    }
    if (table.columns.empty() && table.partition_of->empty()) {
      report(table.location, context, "table has no columns");
    }
  }

  void check_enums()
  {
    for (size_t i = 0; i < m_schema.enums.size(); ++i) {
      const auto& item = m_schema.enums[i];
      const std::string context = object_context("enum", item.schema, item.name, i);
      if (item.values.empty()) {
        report(item.location, context, "enum has no values");
      }
      std::set<std::string> seen;
      for (const auto& value : item.values) {
        if (!seen.insert(value).second) {
          report(item.location, context, fmt::format("duplicate value \"{}\"", value));
        }
      }
    }
  }

  const Schema& m_schema;
  TableIndex m_tables; // by name: each foreign key looks its table up
  const SchemaMarks* m_marks;
  std::map<std::string, SourceLocation> m_index_names; // of the table being checked
  std::vector<Diagnostic> m_out;
};

} // namespace

std::vector<Diagnostic> validate_schema(const Schema& schema, const SchemaMarks* marks)
{
  return Validator(schema, marks).run();
}

} // namespace detail

std::vector<Diagnostic> validate(const Schema& schema)
{
  return detail::validate_schema(schema, nullptr);
}

} // namespace strata::schemas
