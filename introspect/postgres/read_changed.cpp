// Brings a PostgreSQL snapshot up to date after statements ran: only the relations whose catalog
// rows changed are read again (with what their normal forms look up); the rest of the schema,
// cheap beside them, is read whole.

#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/postgres_reader.hpp"

#include <algorithm>
#include <set>

namespace strata::introspect::postgres {

namespace {

bool is_oid(const std::string& key)
{
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The keys of the relations whose fingerprint text or stamp differs between `was` and `now`, or
// that only one of them has, and of those that depend on one whose stamp differs (a rule or a
// policy naming another table prints its columns).
std::set<std::string> changed_relations(const Fingerprint& was, const Fingerprint& now)
{
  std::set<std::string> out = differing_keys(was.objects, now.objects);
  out.erase(""); // the rest of the schema, read whole anyway
  std::set<std::string> oids; // whose stamp differs
  for (const auto& oid : differing_keys(was.stamps, now.stamps)) {
    if (!is_oid(oid)) {
      continue; // the scope and the default namespace, compared by read_changed
    }
    oids.insert(oid);
    for (const auto* print : {&was, &now}) { // a renamed one under both names
      if (const auto it = print->stamps.find(oid); it != print->stamps.end()) {
        out.insert(RelationStamp::parse(it->second).key);
      }
    }
  }
  if (oids.empty()) {
    return out;
  }
  for (const auto& [oid, text] : now.stamps) {
    if (is_oid(oid)) {
      auto stamp = RelationStamp::parse(text);
      if (stamp.refers_to_any(oids)) {
        out.insert(std::move(stamp.key));
      }
    }
  }
  return out;
}

class Keys {
public:
  explicit Keys(std::string default_namespace) : m_default(std::move(default_namespace)) {}
  std::string operator()(const schemas::QualifiedName& name) const
  {
    return relation_key(name.schema.empty() ? m_default : name.schema, name.name);
  }
  // The key of the table a sequence's owned_by ("table.column") names among `tables`; empty when
  // it names none (or the sequence is owned by nothing).
  std::string owner(const schemas::Sequence& sequence, const std::set<std::string>& tables) const
  {
    for (auto dot = sequence.owned_by.find('.'); dot != std::string::npos; dot = sequence.owned_by.find('.', dot + 1)) {
      const auto key = (*this)({sequence.schema, sequence.owned_by.substr(0, dot)});
      if (tables.contains(key)) {
        return key;
      }
    }
    return {};
  }

private:
  std::string m_default;
};

// Adds to `keys` the tables of `last` whose normal form looks one of them up: those whose foreign
// keys reference one, and the partitions below one.
void add_dependants(const schemas::Schema& last, const Keys& key_of, std::set<std::string>& keys)
{
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& table : last.tables) {
      const auto key = key_of(table.qualified());
      if (keys.contains(key)) {
        continue;
      }
      const bool looks_up =
        std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                    [&](const schemas::ForeignKey& fk) { return keys.contains(key_of(fk.references)); }) ||
        (!table.partition_of->empty() && keys.contains(key_of(table.partition_of->table)));
      if (looks_up) {
        keys.insert(key);
        grew = true;
      }
    }
  }
}

} // namespace

bool read_changed(dialects::Connection& connection, const dialects::Rendering& dialect, const ReadOptions& options,
                  schemas::Schema& last, const Fingerprint& was, const Fingerprint& now)
{
  const auto scope = now.stamps.find("");
  const auto default_namespace = now.stamps.find(k_default_namespace_stamp);
  if (options.privileges || scope == now.stamps.end() || default_namespace == now.stamps.end() ||
      !was.stamps.contains("") || was.stamps.at("") != scope->second) {
    return false; // grants are not stamped; another scope prints every relation's text anew
  }
  const Keys key_of(default_namespace->second);
  std::set<std::string> keys = changed_relations(was, now);
  add_dependants(last, key_of, keys);

  ReadOptions scoped = options;
  scoped.only = keys;
  schemas::Schema part = dialect.normalize(read_schema(connection, dialect, scoped));

  // Tables: those of the keys from the part read (the others it holds were only looked up).
  std::set<std::string> tables;
  for (const auto& table : last.tables) {
    tables.insert(key_of(table.qualified()));
  }
  std::erase_if(last.tables, [&](const schemas::Table& table) { return keys.contains(key_of(table.qualified())); });
  for (auto& table : part.tables) {
    tables.insert(key_of(table.qualified()));
    if (keys.contains(key_of(table.qualified()))) {
      last.tables.push_back(std::move(table));
    }
  }
  std::stable_sort(last.tables.begin(), last.tables.end(), schemas::QualifiedOrder{});

  // Views are read whole, but a materialized view's indexes only when it changed.
  for (auto& view : part.views) {
    if (view.materialized && !keys.contains(key_of(view.qualified()))) {
      if (const auto* before = last.find_view(view.qualified())) {
        view.indexes = before->indexes;
      }
    }
  }

  // A sequence owned by a table not read again is as it was (its owner's stamp covers it, and
  // whether it is a `serial` column's, which the part read cannot tell without the table).
  const auto kept = [&](const schemas::Sequence& sequence) {
    const auto owner = key_of.owner(sequence, tables);
    return !owner.empty() && !keys.contains(owner);
  };
  std::erase_if(last.sequences, [&](const schemas::Sequence& sequence) { return !kept(sequence); });
  for (auto& sequence : part.sequences) {
    if (!kept(sequence)) {
      last.sequences.push_back(std::move(sequence));
    }
  }
  std::stable_sort(last.sequences.begin(), last.sequences.end(), schemas::QualifiedOrder{});

  last.views = std::move(part.views);
  last.extensions = std::move(part.extensions);
  last.enums = std::move(part.enums);
  last.functions = std::move(part.functions);
  last.domains = std::move(part.domains);
  last.virtual_tables = std::move(part.virtual_tables);
  last.composite_types = std::move(part.composite_types);
  last.namespaces = std::move(part.namespaces);
  last.privileges_managed = part.privileges_managed;
  last.roles = std::move(part.roles);
  return true;
}

} // namespace strata::introspect::postgres
