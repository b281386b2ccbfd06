#include "schemas/model.hpp"

#include "schemas/text.hpp"

#include <algorithm>
#include <cctype>

namespace strata::schemas {

namespace {
template <typename T, typename Pred>
const T* find_in(const std::vector<T>& items, Pred pred)
{
  const auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}
} // namespace

bool Column::same_definition(const Column& o) const
{
  return name == o.name && type == o.type && nullable == o.nullable && default_value == o.default_value &&
         identity == o.identity && identity_always == o.identity_always && generated == o.generated && collation == o.collation && comment == o.comment &&
         on_update == o.on_update && sequence_type == o.sequence_type && identity_options == o.identity_options &&
         without_versioning == o.without_versioning;
}

std::vector<std::string> Index::column_names() const
{
  std::vector<std::string> names;
  for (const auto& key : keys) {
    if (key.is_expression() || key.descending || !key.collation.empty() || key.length != 0 || !key.nulls.empty() ||
        !key.opclass.empty()) {
      return {};
    }
    names.push_back(key.column);
  }
  return names;
}

bool Index::same_definition(const Index& o) const
{
  return name == o.name && keys == o.keys && unique == o.unique && constraint == o.constraint &&
         where == o.where && method == o.method && include == o.include &&
         nulls_not_distinct == o.nulls_not_distinct && deferrable == o.deferrable &&
         initially_deferred == o.initially_deferred;
}

bool ForeignKey::same_definition(const ForeignKey& o) const
{
  return name == o.name && columns == o.columns && references == o.references && ref_columns == o.ref_columns &&
         on_delete == o.on_delete && on_update == o.on_update && deferrable == o.deferrable &&
         initially_deferred == o.initially_deferred && match == o.match && not_valid == o.not_valid;
}

const Column* Table::find_column(const std::string& column) const
{
  return find_in(columns, [&](const Column& c) { return c.name == column; });
}

const Index* Table::find_index(const std::string& index) const
{
  return find_in(indexes, [&](const Index& i) { return i.name == index; });
}

const Index* View::find_index(const std::string& index) const
{
  return find_in(indexes, [&](const Index& i) { return i.name == index; });
}

const ForeignKey* Table::find_foreign_key(const std::string& fk) const
{
  return find_in(foreign_keys, [&](const ForeignKey& f) { return f.name == fk; });
}

const Check* Table::find_check(const std::string& check) const
{
  return find_in(checks, [&](const Check& c) { return c.name == check; });
}

bool Table::same_definition(const Table& o) const
{
  return schema == o.schema && name == o.name && comment == o.comment && columns == o.columns &&
         primary_key == o.primary_key && primary_key_name == o.primary_key_name &&
         primary_key_deferrable == o.primary_key_deferrable &&
         primary_key_initially_deferred == o.primary_key_initially_deferred &&
         primary_key_comment == o.primary_key_comment && indexes == o.indexes &&
         foreign_keys == o.foreign_keys && checks == o.checks && triggers == o.triggers && options == o.options &&
         partitioning == o.partitioning && row_security == o.row_security && policies == o.policies && rules == o.rules &&
         partition_of == o.partition_of && versioning == o.versioning;
}

const Table* Schema::column_owner(const Table& table) const
{
  if (table.partition_of->empty()) {
    return &table;
  }
  const auto parents = partition_parents(table);
  return parents.empty() || !parents.back()->partition_of->empty() ? nullptr : parents.back();
}

std::vector<const Table*> Schema::partition_parents(const Table& table) const
{
  std::vector<const Table*> out;
  for (const Table* at = &table; !at->partition_of->empty();) {
    at = find_table(at->partition_of->table);
    if (at == nullptr || at == &table || std::find(out.begin(), out.end(), at) != out.end()) {
      break;
    }
    out.push_back(at);
  }
  return out;
}

const Table* Schema::find_table(const QualifiedName& n) const
{
  return find_in(tables, [&](const Table& t) { return t.schema == n.schema && t.name == n.name; });
}

const View* Schema::find_view(const QualifiedName& n) const
{
  return find_in(views, [&](const View& v) { return v.schema == n.schema && v.name == n.name; });
}

const Enum* Schema::find_enum(const QualifiedName& n) const
{
  return find_in(enums, [&](const Enum& e) { return e.schema == n.schema && e.name == n.name; });
}

const Sequence* Schema::find_sequence(const QualifiedName& n) const
{
  return find_in(sequences, [&](const Sequence& s) { return s.schema == n.schema && s.name == n.name; });
}

std::string partition_definition(const Partition& partition, TextQuote identifier, TextQuote literal)
{
  std::string out = "PARTITION " + identifier(partition.name);
  if (!partition.values.empty()) {
    out += " VALUES " + partition.values;
  }
  if (!partition.comment.empty()) {
    out += " COMMENT = " + literal(partition.comment);
  }
  return out;
}

std::string partitioning_clause(const Partitioning& p, TextQuote identifier, TextQuote literal)
{
  if (p.empty()) {
    return {};
  }
  auto upper = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return text;
  };
  std::string key = p.expression;
  for (const auto& column : p.columns) { // PostgreSQL: a key of plain columns
    key += (key.empty() ? "" : ", ") + identifier(column);
  }
  std::string out = "PARTITION BY " + upper(p.method) + " (" + key + ")";
  if (p.count > 0) {
    out += " PARTITIONS " + std::to_string(p.count);
  }
  if (!p.sub_method.empty()) {
    out += " SUBPARTITION BY " + upper(p.sub_method) + " (" + p.sub_expression + ")";
    if (p.sub_count > 0) {
      out += " SUBPARTITIONS " + std::to_string(p.sub_count);
    }
  }
  if (!p.partitions.empty()) {
    std::string list;
    for (const auto& partition : p.partitions) {
      list += (list.empty() ? "" : ", ") + partition_definition(partition, identifier, literal);
    }
    out += " (" + list + ")";
  }
  return out;
}

const Function* Schema::find_function(const Function& f) const
{
  return find_in(functions, [&](const Function& g) { return g.same_identity(f); });
}

const Domain* Schema::find_domain(const QualifiedName& name) const
{
  return find_in(domains, [&](const Domain& d) { return d.qualified() == name; });
}

const CompositeType* Schema::find_composite_type(const QualifiedName& name) const
{
  return find_in(composite_types, [&](const CompositeType& t) { return t.qualified() == name; });
}

const CompositeAttribute* CompositeType::find_attribute(const std::string& attribute) const
{
  return find_in(attributes, [&](const CompositeAttribute& a) { return a.name == attribute; });
}

const VirtualTable* Schema::find_virtual_table(const std::string& name) const
{
  return find_in(virtual_tables, [&](const VirtualTable& v) { return ascii_lower(v.name) == ascii_lower(name); });
}

const Extension* Schema::find_extension(const std::string& name) const
{
  return find_in(extensions, [&](const Extension& e) { return e.name == name; });
}

const Namespace* Schema::find_namespace(const std::string& name) const
{
  return find_in(namespaces, [&](const Namespace& n) { return n.name == name; });
}

std::vector<std::string> Schema::object_namespaces() const
{
  std::vector<std::string> out;
  const auto note = [&](const auto& objects) {
    for (const auto& object : objects) {
      if (!object.schema.empty() && std::find(out.begin(), out.end(), object.schema) == out.end()) {
        out.push_back(object.schema);
      }
    }
  };
  note(tables);
  note(views);
  note(enums);
  note(sequences);
  note(functions);
  note(extensions);
  note(domains);
  note(composite_types);
  return out;
}

void shrink_to_fit(Schema& schema)
{
  for (auto& table : schema.tables) {
    table.columns.shrink_to_fit();
    table.indexes.shrink_to_fit();
    table.foreign_keys.shrink_to_fit();
    table.checks.shrink_to_fit();
  }
  schema.tables.shrink_to_fit();
  schema.views.shrink_to_fit();
}

} // namespace strata::schemas
