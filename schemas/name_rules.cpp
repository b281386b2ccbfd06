#include "schemas/name_rules.hpp"

#include "schemas/naming.hpp"

#include <fmt/format.h>

namespace strata::schemas {

namespace {

// The name as a message shows it: control characters escaped, so that one diagnostic stays one line.
std::string shown(const std::string& name)
{
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r")
           : byte < 0x20 || byte == 0x7F ? fmt::format("\\x{:02x}", static_cast<unsigned>(byte)) : std::string(1, c);
  }
  return out;
}

std::string quoted(const std::string& kind, const std::string& schema, const std::string& name)
{
  return fmt::format("{} \"{}\"", kind, shown(schema.empty() ? name : schema + "." + name));
}

std::string inner(const std::string& outer, const std::string& kind, const std::string& name)
{
  return outer + ": " + quoted(kind, "", name);
}

// Bytes of a valid UTF-8 sequence starting at text[i] (0 when invalid).
size_t utf8_length(const std::string& text, size_t i)
{
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size() || (n == 2 && lead < 0xC2) || (n == 4 && lead > 0xF4)) {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) >> 6) != 0x2) {
      return 0;
    }
  }
  const unsigned char second = n > 1 ? byte(i + 1) : 0;
  if ((n == 3 && lead == 0xE0 && second < 0xA0) || (n == 3 && lead == 0xED && second > 0x9F) ||
      (n == 4 && lead == 0xF0 && second < 0x90) || (n == 4 && lead == 0xF4 && second > 0x8F)) {
    return 0; // overlong forms and UTF-16 surrogates
  }
  return n;
}

// The names the loader gives unnamed indexes, unique constraints, foreign keys and checks.
bool generated_index_name(const Table& table, const Index& index)
{
  std::vector<std::string> parts;
  for (const auto& key : index.keys) {
    parts.push_back(key.is_expression() ? "expr" : key.column);
  }
  return index.name == default_index_name(table.name, parts) || index.name == default_unique_name(table.name, parts);
}

bool generated_check_name(const Table& table, const Check& check)
{
  for (size_t ordinal = 0; ordinal < table.checks.size(); ++ordinal) {
    if (check.name == default_check_name(table.name, static_cast<int>(ordinal))) {
      return true;
    }
  }
  return false;
}

} // namespace

void each_name(const Schema& schema, const std::function<void(const NameUse&)>& each)
{
  const auto add = [&](std::string what, const std::string& name, const SourceLocation& location, bool label = false,
                       bool generated = false) {
    if (!name.empty()) {
      each(NameUse{std::move(what), name, location, label, generated});
    }
  };
  const auto add_schema = [&](const std::string& kind, const std::string& schema_name, const std::string& name,
                              const SourceLocation& location) {
    add(quoted(kind, schema_name, name) + ": schema", schema_name, location);
  };
  for (const auto& table : schema.tables) {
    const std::string what = quoted("table", table.schema, table.name);
    add(what, table.name, table.location);
    add_schema("table", table.schema, table.name, table.location);
    add(what + ": primary key", table.primary_key_name, table.location);
    for (const auto& column : table.columns) {
      add(inner(what, "column", column.name), column.name, column.location);
    }
    for (const auto& index : table.indexes) {
      add(inner(what, "index", index.name), index.name, index.location, false, generated_index_name(table, index));
    }
    for (const auto& fk : table.foreign_keys) {
      add(inner(what, "foreign key", fk.name), fk.name, fk.location, false,
          fk.name == default_foreign_key_name(table.name, fk.columns));
    }
    for (const auto& check : table.checks) {
      add(inner(what, "check", check.name), check.name, check.location, false, generated_check_name(table, check));
    }
    for (const auto& trigger : table.triggers) {
      add(inner(what, "trigger", trigger.name), trigger.name, trigger.location);
    }
    for (const auto& policy : table.policies) {
      add(inner(what, "policy", policy.name), policy.name, policy.location);
    }
    for (const auto& rule : table.rules) {
      add(inner(what, "rule", rule.name), rule.name, rule.location);
    }
  }
  for (const auto& view : schema.views) {
    const std::string what = quoted(view.kind(), view.schema, view.name);
    add(what, view.name, view.location);
    add_schema(view.kind(), view.schema, view.name, view.location);
    for (const auto& column : view.columns) {
      add(inner(what, "column", column), column, view.location);
    }
    for (const auto& index : view.indexes) {
      add(inner(what, "index", index.name), index.name, index.location);
    }
    for (const auto& rule : view.rules) {
      add(inner(what, "rule", rule.name), rule.name, rule.location);
    }
  }
  for (const auto& e : schema.enums) {
    const std::string what = quoted("enum", e.schema, e.name);
    add(what, e.name, e.location);
    add_schema("enum", e.schema, e.name, e.location);
    for (const auto& value : e.values) {
      add(inner(what, "value", value), value, e.location, true);
    }
  }
  for (const auto& sequence : schema.sequences) {
    add(quoted("sequence", sequence.schema, sequence.name), sequence.name, sequence.location);
    add_schema("sequence", sequence.schema, sequence.name, sequence.location);
  }
  for (const auto& table : schema.virtual_tables) {
    add(quoted("virtual table", "", table.name), table.name, table.location);
  }
}

std::vector<char32_t> code_points(const std::string& text)
{
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_length(text, i);
    if (n == 0) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    const auto byte = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k])); };
    char32_t c = n == 1 ? byte(0) : n == 2 ? byte(0) & 0x1F : n == 3 ? byte(0) & 0x0F : byte(0) & 0x07;
    for (size_t k = 1; k < n; ++k) {
      c = (c << 6) | (byte(k) & 0x3F);
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

std::string portable_name_problem(const std::string& name)
{
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == '\n' || c == '\r') {
      return "holds a line break";
    }
    if (c == 0) {
      return "holds a NUL byte";
    }
    const size_t n = utf8_length(name, i);
    if (n == 0) {
      return "is not valid UTF-8";
    }
    i += n;
  }
  return {};
}

} // namespace strata::schemas
