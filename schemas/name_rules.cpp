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

std::string table_what(const Table& table)
{
  return quoted("table", table.schema, table.name);
}

std::string view_what(const View& view)
{
  return quoted(view.kind(), view.schema, view.name);
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
  // Each description is a function of one or two objects: captured by reference, it fits in
  // std::function's own storage, and the text is made only when a message asks for it.
  const auto add = [&](const std::string& name, const SourceLocation& location, std::function<std::string()> what,
                       std::function<bool()> generated = {}, bool label = false) {
    if (!name.empty()) {
      each(NameUse{name, location, label, std::move(what), std::move(generated)});
    }
  };
  for (const auto& table : schema.tables) {
    add(table.name, table.location, [&table] { return table_what(table); });
    add(table.schema, table.location, [&table] { return table_what(table) + ": schema"; });
    add(table.primary_key_name, table.location, [&table] { return table_what(table) + ": primary key"; });
    for (const auto& column : table.columns) {
      add(column.name, column.location, [&table, &column] { return inner(table_what(table), "column", column.name); });
    }
    for (const auto& index : table.indexes) {
      add(index.name, index.location, [&table, &index] { return inner(table_what(table), "index", index.name); },
          [&table, &index] { return generated_index_name(table, index); });
    }
    for (const auto& fk : table.foreign_keys) {
      add(fk.name, fk.location, [&table, &fk] { return inner(table_what(table), "foreign key", fk.name); },
          [&table, &fk] { return fk.name == default_foreign_key_name(table.name, fk.columns); });
    }
    for (const auto& check : table.checks) {
      add(check.name, check.location, [&table, &check] { return inner(table_what(table), "check", check.name); },
          [&table, &check] { return generated_check_name(table, check); });
    }
    for (const auto& trigger : table.triggers) {
      add(trigger.name, trigger.location,
          [&table, &trigger] { return inner(table_what(table), "trigger", trigger.name); });
    }
    for (const auto& policy : table.policies) {
      add(policy.name, policy.location, [&table, &policy] { return inner(table_what(table), "policy", policy.name); });
    }
    for (const auto& rule : table.rules) {
      add(rule.name, rule.location, [&table, &rule] { return inner(table_what(table), "rule", rule.name); });
    }
  }
  for (const auto& view : schema.views) {
    add(view.name, view.location, [&view] { return view_what(view); });
    add(view.schema, view.location, [&view] { return view_what(view) + ": schema"; });
    for (const auto& column : view.columns) {
      add(column, view.location, [&view, &column] { return inner(view_what(view), "column", column); });
    }
    for (const auto& index : view.indexes) {
      add(index.name, index.location, [&view, &index] { return inner(view_what(view), "index", index.name); });
    }
    for (const auto& rule : view.rules) {
      add(rule.name, rule.location, [&view, &rule] { return inner(view_what(view), "rule", rule.name); });
    }
  }
  for (const auto& e : schema.enums) {
    add(e.name, e.location, [&e] { return quoted("enum", e.schema, e.name); });
    add(e.schema, e.location, [&e] { return quoted("enum", e.schema, e.name) + ": schema"; });
    for (const auto& value : e.values) {
      add(value, e.location, [&e, &value] { return inner(quoted("enum", e.schema, e.name), "value", value); }, {},
          true);
    }
  }
  for (const auto& sequence : schema.sequences) {
    add(sequence.name, sequence.location, [&sequence] { return quoted("sequence", sequence.schema, sequence.name); });
    add(sequence.schema, sequence.location,
        [&sequence] { return quoted("sequence", sequence.schema, sequence.name) + ": schema"; });
  }
  for (const auto& table : schema.virtual_tables) {
    add(table.name, table.location, [&table] { return quoted("virtual table", "", table.name); });
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
