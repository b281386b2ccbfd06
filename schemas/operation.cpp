#include "schemas/operation.hpp"

#include "schemas/privileges.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace strata::schemas {

namespace {

std::string dotted(const QualifiedName& table, const std::string& member)
{
  return table.str() + "." + member;
}

std::string key_text(const PrimaryKey& key)
{
  std::string out = key.name.empty() ? std::string() : key.name + " ";
  out += "(";
  for (size_t i = 0; i < key.columns.size(); ++i) {
    out += (i == 0 ? "" : ", ") + key.columns[i];
  }
  return out + ")";
}

std::string describe_primary_key(const SetPrimaryKey& o)
{
  if (o.before.columns.empty()) {
    return fmt::format("add primary key {} on {}", key_text(o.after), o.table.str());
  }
  if (o.after.columns.empty()) {
    return fmt::format("drop primary key {} on {}", key_text(o.before), o.table.str());
  }
  return fmt::format("change primary key of {} from {} to {}", o.table.str(), key_text(o.before), key_text(o.after));
}

// "set options of t (engine InnoDB -> MyISAM, charset utf8mb4 -> latin1)"
std::string describe_options(const SetTableOptions& o)
{
  std::string changes;
  const auto value = [](const std::map<std::string, std::string>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? std::string("default") : it->second;
  };
  std::map<std::string, bool> keys;
  for (const auto& [key, v] : o.before) {
    keys[key] = true;
  }
  for (const auto& [key, v] : o.after) {
    keys[key] = true;
  }
  for (const auto& [key, unused] : keys) {
    if (value(o.before, key) != value(o.after, key)) {
      changes += fmt::format("{}{} {} -> {}", changes.empty() ? "" : ", ", key, value(o.before, key),
                             value(o.after, key));
    }
  }
  return fmt::format("set options of table {} ({})", o.table.str(), changes);
}

std::string describe_extension_change(const AlterExtension& o)
{
  std::string out = "alter extension " + o.after.name;
  if (o.before.schema != o.after.schema) {
    out += fmt::format(" (schema {} → {})", o.before.schema.empty() ? "default" : o.before.schema,
                       o.after.schema.empty() ? "default" : o.after.schema);
  }
  if (o.before.version != o.after.version) {
    out += fmt::format(" (version {} → {})", o.before.version, o.after.version);
  }
  return out;
}

std::string describe_partition_of(const SetPartitionOf& o)
{
  if (o.after.empty()) {
    return fmt::format("detach partition {} from {}", o.table.str(), o.before.table.str());
  }
  if (o.before.empty()) {
    return fmt::format("attach {} as a partition of {} ({})", o.table.str(), o.after.table.str(), o.after.clause());
  }
  if (o.before.table != o.after.table) {
    return fmt::format("move partition {} from {} to {} ({})", o.table.str(), o.before.table.str(),
                       o.after.table.str(), o.after.clause());
  }
  return fmt::format("change the bound of partition {} of {} to {}", o.table.str(), o.after.table.str(),
                     o.after.clause());
}

std::string describe_partitioning(const SetPartitioning& o)
{
  if (o.after.empty()) {
    return fmt::format("remove the partitioning of table {}", o.table.str());
  }
  if (!o.in_place()) {
    return fmt::format("partition table {} by {}", o.table.str(), o.after.method);
  }
  std::string changes;
  for (const auto& partition : o.after.partitions) {
    if (std::none_of(o.before.partitions.begin(), o.before.partitions.end(),
                     [&](const Partition& p) { return p.name == partition.name; })) {
      changes += (changes.empty() ? "add " : ", add ") + partition.name;
    }
  }
  for (const auto& name : o.dropped()) {
    changes += (changes.empty() ? "drop " : ", drop ") + name;
  }
  return fmt::format("change the partitions of table {} ({})", o.table.str(), changes);
}

std::string versioning_form(const SystemVersioning& v)
{
  return v.explicit_period() ? fmt::format("period {}, {}", v.row_start, v.row_end) : std::string("implicit");
}

std::string describe_versioning(const SetSystemVersioning& o)
{
  if (!o.after.enabled) {
    return fmt::format("remove system versioning from table {} (its history rows are deleted)", o.table.str());
  }
  if (!o.before.enabled) {
    return fmt::format("add system versioning to table {} ({})", o.table.str(), versioning_form(o.after));
  }
  return fmt::format("change the system versioning of table {} ({} -> {}; its history rows are deleted)",
                     o.table.str(), versioning_form(o.before), versioning_form(o.after));
}

} // namespace

std::vector<std::string> SetPartitioning::dropped() const
{
  std::vector<std::string> out;
  if (before.empty() || after.empty() || !before.same_scheme(after)) {
    return out;
  }
  for (const auto& partition : before.partitions) {
    if (std::none_of(after.partitions.begin(), after.partitions.end(),
                     [&](const Partition& p) { return p.name == partition.name; })) {
      out.push_back(partition.name);
    }
  }
  return out;
}

bool SetPartitioning::in_place() const
{
  if (before.empty() || after.empty() || !before.same_scheme(after) || before.count != 0) {
    return false;
  }
  // The partitions both keep are unchanged and in the same order; the new ones follow them (RANGE
  // adds only above the highest bound, which the server checks).
  std::vector<Partition> kept;
  for (const auto& partition : before.partitions) {
    if (std::any_of(after.partitions.begin(), after.partitions.end(),
                    [&](const Partition& p) { return p.name == partition.name; })) {
      kept.push_back(partition);
    }
  }
  if (kept.size() > after.partitions.size() ||
      !std::equal(kept.begin(), kept.end(), after.partitions.begin())) {
    return false;
  }
  return true;
}

CompositeAttributeSteps composite_attribute_steps(const CompositeType& before, const CompositeType& after)
{
  std::vector<const CompositeAttribute*> kept; // before's attributes after still has, in before's order
  for (const auto& attribute : before.attributes) {
    if (after.find_attribute(attribute.name) != nullptr) {
      kept.push_back(&attribute);
    }
  }
  size_t stay = 0;
  while (stay < kept.size() && stay < after.attributes.size() && kept[stay]->name == after.attributes[stay].name) {
    ++stay;
  }
  CompositeAttributeSteps steps;
  for (size_t i = 0; i < stay; ++i) {
    if (!(*kept[i] == after.attributes[i])) {
      steps.retyped.emplace_back(*kept[i], after.attributes[i]);
    }
  }
  for (const auto& attribute : before.attributes) {
    const bool stays = std::any_of(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(stay),
                                   [&](const CompositeAttribute* k) { return k->name == attribute.name; });
    if (!stays) {
      steps.dropped.push_back(attribute);
      if (after.find_attribute(attribute.name) != nullptr) {
        steps.moved.push_back(attribute.name);
      }
    }
  }
  steps.added.assign(after.attributes.begin() + static_cast<std::ptrdiff_t>(stay), after.attributes.end());
  return steps;
}

// "function f(integer)", or "procedure p()" for a MySQL/MariaDB procedure.
std::string routine_shown(const Function& f)
{
  return f.kind.empty() ? "function " + f.signature() : f.identity();
}

std::string shown_namespace(const std::string& name)
{
  return name.empty() ? std::string("(default)") : name;
}

std::pair<std::string, std::string> commented_object(const SetObjectComment& o)
{
  switch (o.kind) {
  case CommentedObject::enum_type:
    return {"enum", o.object.str()};
  case CommentedObject::domain:
    return {"domain", o.object.str()};
  case CommentedObject::sequence:
    return {"sequence", o.object.str()};
  case CommentedObject::function:
    return {"function", o.function.signature()};
  case CommentedObject::trigger:
    return {"trigger", o.member};
  case CommentedObject::rule:
    return {"rule", o.member};
  case CommentedObject::composite_type:
    return {"type", o.object.str()};
  case CommentedObject::view_column:
    return {"column", o.member};
  case CommentedObject::composite_attribute:
    return {"attribute", o.member};
  case CommentedObject::schema:
    return {"schema", shown_namespace(o.object.name)};
  }
  return {"object", o.object.str()};
}

std::string shown_commented_object(const SetObjectComment& o)
{
  const auto [kind, name] = commented_object(o);
  const bool member = o.kind == CommentedObject::trigger || o.kind == CommentedObject::rule ||
                      o.kind == CommentedObject::view_column || o.kind == CommentedObject::composite_attribute;
  return kind + " " + name + (member ? " on " + o.object.str() : std::string());
}

namespace {

// The name of the object a SetPrivileges names: a function's signature, a schema's namespace.
std::string privilege_object_name(const SetPrivileges& o)
{
  return o.target == GrantTarget::function ? o.function.signature()
         : o.target == GrantTarget::schema ? shown_namespace(o.object.name)
                                            : o.object.str();
}

} // namespace

std::string shown_privilege_object(const SetPrivileges& o)
{
  return std::string(grant_target_name(o.target)) + " " + privilege_object_name(o);
}

std::string operation_kind(const Operation& op)
{
  static constexpr const char* k_names[] = {
    "AddTable", "DropTable", "RenameTable", "SetTableComment", "AddColumn", "DropColumn",
    "AlterColumn", "RenameColumn", "AddIndex", "DropIndex", "AddForeignKey", "DropForeignKey",
    "AddCheck", "DropCheck", "CreateView", "DropView", "CreateEnum", "AddEnumValue", "DropEnum",
    "CreateSequence", "DropSequence", "CreateTrigger", "DropTrigger", "RebuildTable", "SetPrimaryKey", "SetTableOptions",
    "ValidateConstraint", "SetPartitioning", "CreateFunction", "DropFunction", "ReplaceFunction",
    "CreateExtension", "DropExtension", "AlterExtension", "CreateDomain", "DropDomain", "AlterDomain",
    "SetIndexStorage", "SetConstraintComment",
    "CreatePolicy", "DropPolicy", "SetRowSecurity", "SetPartitionOf", "SetObjectComment", "CreateRule", "DropRule", "AlterSequence",
    "CreateVirtualTable", "DropVirtualTable", "SetIndexVisibility", "CreateCompositeType", "DropCompositeType",
    "AlterCompositeType", "BackfillColumn", "CreateSchema", "DropSchema", "SetSystemVersioning", "SetPrivileges",
  };
  static_assert(std::size(k_names) == std::variant_size_v<Operation>);
  return k_names[op.index()];
}

std::string operation_target(const Operation& op)
{
  return std::visit(
    Overloaded{
      [](const AddTable& o) { return o.table.qualified().str(); },
      [](const DropTable& o) { return o.table.qualified().str(); },
      [](const RenameTable& o) { return o.to.str(); },
      [](const SetTableComment& o) { return o.table.str(); },
      [](const AddColumn& o) { return dotted(o.table, o.column.name); },
      [](const DropColumn& o) { return dotted(o.table, o.column.name); },
      [](const AlterColumn& o) { return dotted(o.table, o.after.name); },
      [](const RenameColumn& o) { return dotted(o.table, o.to); },
      [](const AddIndex& o) { return o.index.name; },
      [](const DropIndex& o) { return o.index.name; },
      [](const AddForeignKey& o) { return dotted(o.table, o.foreign_key.name); },
      [](const DropForeignKey& o) { return dotted(o.table, o.foreign_key.name); },
      [](const AddCheck& o) { return dotted(o.table, o.check.name); },
      [](const DropCheck& o) { return dotted(o.table, o.check.name); },
      [](const CreateView& o) { return o.view.qualified().str(); },
      [](const DropView& o) { return o.view.qualified().str(); },
      [](const CreateEnum& o) { return o.enum_type.qualified().str(); },
      [](const AddEnumValue& o) { return o.enum_name.str(); },
      [](const DropEnum& o) { return o.enum_type.qualified().str(); },
      [](const CreateSequence& o) { return o.sequence.qualified().str(); },
      [](const DropSequence& o) { return o.sequence.qualified().str(); },
      [](const CreateTrigger& o) { return o.trigger.name; },
      [](const DropTrigger& o) { return o.trigger.name; },
      [](const RebuildTable& o) { return o.after.qualified().str(); },
      [](const SetPrimaryKey& o) { return o.table.str(); },
      [](const SetTableOptions& o) { return o.table.str(); },
      [](const ValidateConstraint& o) { return dotted(o.table, o.name()); },
      [](const SetPartitioning& o) { return o.table.str(); },
      [](const SetSystemVersioning& o) { return o.table.str(); },
      [](const CreateFunction& o) { return o.function.signature(); },
      [](const DropFunction& o) { return o.function.signature(); },
      [](const ReplaceFunction& o) { return o.after.signature(); },
      [](const CreateExtension& o) { return o.extension.name; },
      [](const DropExtension& o) { return o.extension.name; },
      [](const AlterExtension& o) { return o.after.name; },
      [](const CreateDomain& o) { return o.domain.qualified().str(); },
      [](const DropDomain& o) { return o.domain.qualified().str(); },
      [](const AlterDomain& o) { return o.after.qualified().str(); },
      [](const SetIndexStorage& o) { return o.index; },
      [](const SetConstraintComment& o) {
        return o.index ? o.name : dotted(o.table, o.name.empty() ? std::string("primary key") : o.name);
      },
      [](const CreatePolicy& o) { return o.policy.name; },
      [](const DropPolicy& o) { return o.policy.name; },
      [](const SetRowSecurity& o) { return o.table.str(); },
      [](const SetPartitionOf& o) { return o.table.str(); },
      [](const SetObjectComment& o) { return commented_object(o).second; },
      [](const CreateRule& o) { return o.rule.name; },
      [](const DropRule& o) { return o.rule.name; },
      [](const AlterSequence& o) { return o.after.qualified().str(); },
      [](const CreateSchema& o) { return shown_namespace(o.schema.name); },
      [](const DropSchema& o) { return shown_namespace(o.schema.name); },
      [](const CreateVirtualTable& o) { return o.table.name; },
      [](const DropVirtualTable& o) { return o.table.name; },
      [](const SetIndexVisibility& o) { return o.index; },
      [](const CreateCompositeType& o) { return o.type.qualified().str(); },
      [](const DropCompositeType& o) { return o.type.qualified().str(); },
      [](const AlterCompositeType& o) { return o.after.qualified().str(); },
      [](const BackfillColumn& o) { return dotted(o.table, o.column); },
      [](const SetPrivileges& o) { return privilege_object_name(o); },
    },
    op);
}

std::string describe(const Operation& op)
{
  return std::visit(
    Overloaded{
      [](const AddTable& o) { return fmt::format("create table {}", o.table.qualified().str()); },
      [](const DropTable& o) { return fmt::format("drop table {}", o.table.qualified().str()); },
      [](const RenameTable& o) { return fmt::format("rename table {} to {}", o.from.str(), o.to.str()); },
      [](const SetTableComment& o) { return fmt::format("set comment on table {}", o.table.str()); },
      [](const AddColumn& o) { return fmt::format("add column {}", dotted(o.table, o.column.name)); },
      [](const DropColumn& o) { return fmt::format("drop column {}", dotted(o.table, o.column.name)); },
      [](const AlterColumn& o) { return fmt::format("alter column {}", dotted(o.table, o.after.name)); },
      [](const RenameColumn& o) {
        return fmt::format("rename column {} to {}", dotted(o.table, o.from), o.to);
      },
      [](const AddIndex& o) {
        return fmt::format("{} {} on {}", o.index.exclusion() ? "add exclude constraint" : "create index", o.index.name,
                           o.table.str());
      },
      [](const DropIndex& o) {
        return fmt::format("{} {} on {}", o.index.exclusion() ? "drop exclude constraint" : "drop index", o.index.name,
                           o.table.str());
      },
      [](const AddForeignKey& o) {
        return fmt::format("add foreign key {} on {}", o.foreign_key.name, o.table.str());
      },
      [](const DropForeignKey& o) {
        return fmt::format("drop foreign key {} on {}", o.foreign_key.name, o.table.str());
      },
      [](const AddCheck& o) { return fmt::format("add check {} on {}", o.check.name, o.table.str()); },
      [](const DropCheck& o) { return fmt::format("drop check {} on {}", o.check.name, o.table.str()); },
      [](const CreateView& o) { return fmt::format("create {} {}", o.view.kind(), o.view.qualified().str()); },
      [](const DropView& o) { return fmt::format("drop {} {}", o.view.kind(), o.view.qualified().str()); },
      [](const CreateEnum& o) { return fmt::format("create enum {}", o.enum_type.qualified().str()); },
      [](const AddEnumValue& o) { return fmt::format("add value '{}' to enum {}", o.value, o.enum_name.str()); },
      [](const DropEnum& o) { return fmt::format("drop enum {}", o.enum_type.qualified().str()); },
      [](const CreateSequence& o) { return fmt::format("create sequence {}", o.sequence.qualified().str()); },
      [](const DropSequence& o) { return fmt::format("drop sequence {}", o.sequence.qualified().str()); },
      [](const CreateTrigger& o) { return fmt::format("create trigger {} on {}", o.trigger.name, o.table.str()); },
      [](const DropTrigger& o) { return fmt::format("drop trigger {} on {}", o.trigger.name, o.table.str()); },
      [](const RebuildTable& o) { return fmt::format("rebuild table {}", o.after.qualified().str()); },
      [](const SetPrimaryKey& o) { return describe_primary_key(o); },
      [](const SetTableOptions& o) { return describe_options(o); },
      [](const ValidateConstraint& o) { return fmt::format("validate {} {} on {}", o.kind(), o.name(), o.table.str()); },
      [](const SetPartitioning& o) { return describe_partitioning(o); },
      [](const SetSystemVersioning& o) { return describe_versioning(o); },
      [](const CreateFunction& o) { return fmt::format("create {}", routine_shown(o.function)); },
      [](const DropFunction& o) { return fmt::format("drop {}", routine_shown(o.function)); },
      [](const ReplaceFunction& o) { return fmt::format("replace {}", routine_shown(o.after)); },
      [](const CreateExtension& o) { return fmt::format("create extension {}", o.extension.name); },
      [](const DropExtension& o) { return fmt::format("drop extension {}", o.extension.name); },
      [](const AlterExtension& o) { return describe_extension_change(o); },
      [](const CreateDomain& o) { return fmt::format("create domain {}", o.domain.qualified().str()); },
      [](const DropDomain& o) { return fmt::format("drop domain {}", o.domain.qualified().str()); },
      [](const AlterDomain& o) { return fmt::format("alter domain {}", o.after.qualified().str()); },
      [](const SetIndexStorage& o) {
        return fmt::format("set storage parameters of index {} on {}", o.index, o.table.str());
      },
      [](const SetConstraintComment& o) {
        if (o.name.empty()) {
          return fmt::format("set comment on the primary key of {}", o.table.str());
        }
        return fmt::format("set comment on {} {} on {}", o.index ? "index" : "constraint", o.name, o.table.str());
      },
      [](const CreatePolicy& o) { return fmt::format("create policy {} on {}", o.policy.name, o.table.str()); },
      [](const DropPolicy& o) { return fmt::format("drop policy {} on {}", o.policy.name, o.table.str()); },
      [](const SetRowSecurity& o) {
        return fmt::format("{} row-level security on {}",
                           o.after.empty() ? "disable" : (o.after == "forced" ? "force" : "enable"), o.table.str());
      },
      [](const SetPartitionOf& o) { return describe_partition_of(o); },
      [](const SetObjectComment& o) { return "set comment on " + shown_commented_object(o); },
      [](const CreateRule& o) { return fmt::format("create rule {} on {}", o.rule.name, o.relation.str()); },
      [](const DropRule& o) { return fmt::format("drop rule {} on {}", o.rule.name, o.relation.str()); },
      [](const AlterSequence& o) { return fmt::format("alter sequence {}", o.after.qualified().str()); },
      [](const CreateSchema& o) { return fmt::format("create schema {}", shown_namespace(o.schema.name)); },
      [](const DropSchema& o) { return fmt::format("drop schema {}", shown_namespace(o.schema.name)); },
      [](const CreateVirtualTable& o) {
        return fmt::format("create virtual table {} using {}", o.table.name, o.table.module);
      },
      [](const DropVirtualTable& o) { return fmt::format("drop virtual table {}", o.table.name); },
      [](const SetIndexVisibility& o) {
        return fmt::format("make index {} on {} {}", o.index, o.table.str(), o.invisible ? "invisible" : "visible");
      },
      [](const CreateCompositeType& o) { return fmt::format("create type {}", o.type.qualified().str()); },
      [](const DropCompositeType& o) { return fmt::format("drop type {}", o.type.qualified().str()); },
      [](const AlterCompositeType& o) { return fmt::format("alter type {}", o.after.qualified().str()); },
      [](const BackfillColumn& o) {
        std::string keys;
        for (const auto& key : o.keys) {
          keys += (keys.empty() ? "" : ", ") + key;
        }
        return fmt::format("backfill column {} in batches of {} keys of {}", dotted(o.table, o.column), o.batch,
                           o.keys.size() == 1 ? keys : "(" + keys + ")");
      },
      [](const SetPrivileges& o) { return "change privileges on " + shown_privilege_object(o); },
    },
    op);
}

} // namespace strata::schemas
