#include "introspect/sqlite/create_scanner.hpp"

#include "dialects/sqlite/sql_text.hpp"
#include "schemas/text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace strata::introspect::sqlite {

using dialects::sqlite::identifier_text;
using dialects::sqlite::TokenKind;
using Token = dialects::sqlite::TokenView;

namespace {

// The tokens of one statement with helpers to look at them.
struct Scan {
  std::string_view sql;
  std::vector<Token> tokens;

  explicit Scan(std::string_view text) : sql(text), tokens(dialects::sqlite::token_views(text)) {}

  bool word(size_t i, std::string_view upper) const
  {
    return i < tokens.size() && tokens[i].kind == TokenKind::word && tokens[i].text.size() == upper.size() &&
           same_identifier(tokens[i].text, upper);
  }
  bool kind(size_t i, TokenKind k) const { return i < tokens.size() && tokens[i].kind == k; }
  // The first index from `from` on holding the word `upper` (or a token of kind `k`); tokens.size()
  // when there is none.
  size_t find_word(size_t from, std::string_view upper) const
  {
    while (from < tokens.size() && !word(from, upper)) {
      ++from;
    }
    return from;
  }
  size_t find_kind(size_t from, TokenKind k) const
  {
    while (from < tokens.size() && !kind(from, k)) {
      ++from;
    }
    return from;
  }

  // Index of the ')' matching the '(' at `open`; tokens.size() when unbalanced.
  size_t match(size_t open) const
  {
    const size_t close = dialects::lex::matching_close(tokens, open);
    return close == std::string::npos ? tokens.size() : close;
  }

  // The source text of tokens [begin, end), as written.
  std::string source(size_t begin, size_t end) const
  {
    end = std::min(end, tokens.size());
    if (begin >= end) {
      return {};
    }
    return std::string(sql.substr(tokens[begin].offset, tokens[end - 1].end() - tokens[begin].offset));
  }

  // [begin, end) split at top-level commas.
  std::vector<std::pair<size_t, size_t>> split(size_t begin, size_t end) const
  {
    std::vector<std::pair<size_t, size_t>> items;
    size_t start = begin;
    for (size_t i = begin; i < end; ++i) {
      if (tokens[i].kind == TokenKind::open) {
        i = match(i);
      } else if (tokens[i].kind == TokenKind::comma) {
        items.emplace_back(start, i);
        start = i + 1;
      }
    }
    if (start < end) {
      items.emplace_back(start, end);
    }
    return items;
  }

  // The first identifier of each item of the parenthesised list at `open`.
  std::vector<std::string> names(size_t open) const
  {
    std::vector<std::string> out;
    for (const auto& [b, e] : split(open + 1, match(open))) {
      out.push_back(identifier_text(tokens[b]));
    }
    return out;
  }

  // End of the statement: the last index before trailing semicolons, plus one.
  size_t statement_end() const
  {
    size_t end = tokens.size();
    while (end > 0 && tokens[end - 1].kind == TokenKind::semicolon) {
      --end;
    }
    return end;
  }
};

constexpr std::array<std::string_view, 11> k_column_constraint_starts{
  "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
};

bool constraint_start(const Scan& s, size_t i)
{
  return std::any_of(k_column_constraint_starts.begin(), k_column_constraint_starts.end(),
                     [&](std::string_view w) { return s.word(i, w); });
}

// Next index after the token at i, jumping over a parenthesised group.
size_t step(const Scan& s, size_t i)
{
  return s.kind(i, TokenKind::open) ? s.match(i) + 1 : i + 1;
}

// Parses "REFERENCES t (cols) [ON DELETE|UPDATE action] [MATCH x] [[NOT] DEFERRABLE [INITIALLY ...]]"
// starting at the REFERENCES token; returns the index after the clause.
size_t parse_references(const Scan& s, size_t i, size_t end, ForeignKeyDefinition& fk)
{
  ++i;
  if (i < end) {
    fk.table = identifier_text(s.tokens[i++]);
  }
  if (s.kind(i, TokenKind::open) && i < end) {
    fk.ref_columns = s.names(i);
    i = s.match(i) + 1;
  }
  while (i < end) {
    if (s.word(i, "ON")) {
      // ON DELETE | ON UPDATE | ON INSERT (which SQLite accepts and ignores) with its action.
      const size_t action = i + 2;
      const size_t after = action + (s.word(action, "SET") || s.word(action, "NO") ? 2 : 1);
      std::string* target = s.word(i + 1, "DELETE") ? &fk.on_delete : s.word(i + 1, "UPDATE") ? &fk.on_update : nullptr;
      if (target != nullptr && after <= end) {
        *target = dialects::sqlite::ascii_upper(s.tokens[action].text);
        if (after == action + 2) {
          *target += " " + dialects::sqlite::ascii_upper(s.tokens[action + 1].text);
        }
      }
      i = after;
    } else if (s.word(i, "MATCH")) {
      i += 2;
    } else if (s.word(i, "NOT") && s.word(i + 1, "DEFERRABLE")) {
      i += 2;
      i += s.word(i, "INITIALLY") ? 2 : 0;
    } else if (s.word(i, "DEFERRABLE")) {
      fk.deferrable = true;
      ++i;
      if (s.word(i, "INITIALLY")) {
        fk.initially_deferred = s.word(i + 1, "DEFERRED");
        i += 2;
      }
    } else {
      break;
    }
  }
  return i;
}

bool identifier_token(const Scan& s, size_t i)
{
  return s.kind(i, TokenKind::word) || s.kind(i, TokenKind::quoted_identifier) || s.kind(i, TokenKind::string);
}

// The text SQLite keeps of a DEFAULT whose value starts at `i`: its span without outer whitespace,
// inside the parentheses of DEFAULT (expr). Sets `open` on a form that is no literal, name, signed
// literal or parenthesised expression; returns the index after the value.
size_t scan_default(const Scan& s, size_t i, size_t end, ColumnDefinition& column, bool& open)
{
  if (s.kind(i, TokenKind::open) && i < end) {
    const size_t close = s.match(i);
    if (close >= end) {
      open = true;
      return end;
    }
    const size_t from = s.tokens[i].end();
    column.default_value = std::string(schemas::trim_space(s.sql.substr(from, s.tokens[close].offset - from)));
    return close + 1;
  }
  const bool sign = s.kind(i, TokenKind::op) && (s.tokens[i].text == "+" || s.tokens[i].text == "-");
  const size_t value = sign ? i + 1 : i;
  const bool literal = s.kind(value, TokenKind::string) || s.kind(value, TokenKind::number) ||
                       s.kind(value, TokenKind::blob) || s.kind(value, TokenKind::word) ||
                       (!sign && s.kind(value, TokenKind::quoted_identifier));
  if (value >= end || !literal) {
    open = true;
    return end;
  }
  column.default_value = s.source(i, value + 1);
  return value + 1;
}

// Words a column definition may hold outside its named constraints: NULL, the GENERATED ALWAYS of
// a generated column and its STORED or VIRTUAL, ON CONFLICT clauses and the order of a column
// PRIMARY KEY.
constexpr std::array<std::string_view, 14> k_column_words{
  "NULL", "ALWAYS", "STORED", "VIRTUAL", "ON", "CONFLICT", "ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE", "ASC", "DESC", "AUTOINCREMENT",
};

void scan_column(const Scan& s, size_t begin, size_t end, TableDefinition& table)
{
  ColumnDefinition column;
  column.name = identifier_text(s.tokens[begin]);
  table.open = table.open || !identifier_token(s, begin);
  size_t i = begin + 1;
  // The declared type: names (words or strings), then at most one parenthesised group, as in
  // "numeric(10, 2)"; HIDDEN means a hidden column in some builds of SQLite.
  while (i < end && !constraint_start(s, i)) {
    const bool group = s.kind(i, TokenKind::open);
    table.open = table.open || (!group && !identifier_token(s, i)) || s.word(i, "HIDDEN") ||
                 (group && !constraint_start(s, s.match(i) + 1) && s.match(i) + 1 < end);
    i = step(s, i);
  }
  column.declared_type = s.source(begin + 1, i);
  std::string pending; // CONSTRAINT name for the next constraint
  while (i < end) {
    if (s.word(i, "CONSTRAINT")) {
      pending = i + 1 < end ? identifier_text(s.tokens[i + 1]) : std::string();
      i += 2;
      continue;
    }
    if (s.word(i, "CHECK") && s.kind(i + 1, TokenKind::open)) {
      const size_t close = s.match(i + 1);
      table.checks.push_back({pending, s.source(i + 2, close)});
      i = close + 1;
    } else if (s.word(i, "UNIQUE")) {
      table.uniques.push_back({pending, {column.name}});
      ++i;
    } else if (s.word(i, "REFERENCES")) {
      ForeignKeyDefinition fk;
      fk.name = pending;
      fk.columns = {column.name};
      i = parse_references(s, i, end, fk);
      table.foreign_keys.push_back(std::move(fk));
    } else if (s.word(i, "COLLATE") && i + 1 < end) {
      column.collation = identifier_text(s.tokens[i + 1]);
      i += 2;
    } else if (s.word(i, "AS") && s.kind(i + 1, TokenKind::open)) {
      const size_t close = s.match(i + 1);
      column.generated = s.source(i + 2, close);
      i = close + 1;
      column.stored = s.word(i, "STORED");
    } else if (s.word(i, "DEFAULT")) {
      i = scan_default(s, i + 1, end, column, table.open);
    } else if (s.word(i, "NOT") && s.word(i + 1, "NULL")) {
      column.not_null = true;
      i += 2;
      continue;
    } else if (s.word(i, "PRIMARY") && s.word(i + 1, "KEY")) {
      table.open = table.open || !table.primary_key.empty();
      table.primary_key = {column.name};
      for (i += 2; i < end && !constraint_start(s, i); i = step(s, i)) {
        column.autoincrement = column.autoincrement || s.word(i, "AUTOINCREMENT");
        table.descending_key = table.descending_key || s.word(i, "DESC");
      }
      pending.clear();
      continue;
    } else if (s.word(i, "GENERATED") && s.word(i + 1, "ALWAYS")) {
      i += 2;
      continue;
    } else {
      // NULL, STORED, ON CONFLICT ...: anything else is a form this scan does not know.
      table.open = table.open || !std::any_of(k_column_words.begin(), k_column_words.end(),
                                              [&](std::string_view w) { return s.word(i, w); });
      i = step(s, i);
      continue;
    }
    pending.clear();
  }
  table.columns.push_back(std::move(column));
}

// The columns of a table PRIMARY KEY's list at `open`, each an identifier with at most a COLLATE
// name, an order and AUTOINCREMENT; `table.open` when an item has another form.
std::vector<std::string> key_columns(const Scan& s, size_t open, TableDefinition& table)
{
  std::vector<std::string> columns;
  for (auto [b, e] : s.split(open + 1, s.match(open))) {
    if (e > b && s.word(e - 1, "AUTOINCREMENT")) {
      --e;
    }
    if (e > b && (s.word(e - 1, "ASC") || s.word(e - 1, "DESC"))) {
      table.descending_key = table.descending_key || s.word(e - 1, "DESC");
      --e;
    }
    if (e > b + 2 && s.word(e - 2, "COLLATE")) {
      e -= 2;
    }
    table.open = table.open || e != b + 1 || !identifier_token(s, b);
    columns.push_back(b < e ? identifier_text(s.tokens[b]) : std::string());
  }
  return columns;
}

void scan_table_constraint(const Scan& s, size_t i, size_t end, TableDefinition& table)
{
  std::string name;
  if (s.word(i, "CONSTRAINT") && i + 1 < end) {
    name = identifier_text(s.tokens[i + 1]);
    i += 2;
  }
  const size_t open = s.find_kind(i, TokenKind::open);
  if (open >= end) {
    return;
  }
  const size_t close = s.match(open);
  if (s.word(i, "CHECK")) {
    table.checks.push_back({name, s.source(open + 1, close)});
  } else if (s.word(i, "UNIQUE")) {
    table.uniques.push_back({name, s.names(open)});
  } else if (s.word(i, "FOREIGN")) {
    ForeignKeyDefinition fk;
    fk.name = name;
    fk.columns = s.names(open);
    // A clause this scan stops inside leaves the key to the pragma.
    table.open = table.open || !s.word(close + 1, "REFERENCES") || parse_references(s, close + 1, end, fk) != end;
    table.foreign_keys.push_back(std::move(fk));
  } else if (s.word(i, "PRIMARY")) {
    bool autoincrement = false;
    for (size_t k = open; k < close; ++k) {
      autoincrement = autoincrement || s.word(k, "AUTOINCREMENT");
    }
    table.open = table.open || !table.primary_key.empty();
    table.primary_key = key_columns(s, open, table);
    for (auto& column : table.columns) {
      if (autoincrement && table.primary_key.size() == 1 && same_identifier(column.name, table.primary_key[0])) {
        column.autoincrement = true;
      }
    }
  }
}

} // namespace

bool same_identifier(std::string_view a, std::string_view b)
{
  return schemas::ascii_iequal(a, b);
}

const ColumnDefinition* TableDefinition::find_column(const std::string& name) const
{
  const auto it = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return same_identifier(c.name, name); });
  return it == columns.end() ? nullptr : &*it;
}

ColumnDefinition* TableDefinition::find_column(const std::string& name)
{
  return const_cast<ColumnDefinition*>(std::as_const(*this).find_column(name));
}

TableDefinition scan_create_table(std::string_view sql)
{
  const Scan s(sql);
  TableDefinition table;
  size_t open = 0;
  while (open < s.tokens.size() && !s.kind(open, TokenKind::open) && !s.word(open, "AS")) {
    ++open;
  }
  if (!s.kind(open, TokenKind::open)) {
    table.open = true; // CREATE TABLE ... AS SELECT (SQLite keeps a column list instead): nothing to scan
    return table;
  }
  const size_t close = s.match(open);
  static constexpr std::array<std::string_view, 5> table_constraints{"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"};
  const auto items = s.split(open + 1, close);
  table.columns.reserve(items.size());
  for (const auto& [b, e] : items) {
    const bool constraint = std::any_of(table_constraints.begin(), table_constraints.end(),
                                        [&, b = b](std::string_view w) { return s.word(b, w); });
    if (constraint) {
      scan_table_constraint(s, b, e, table);
    } else {
      scan_column(s, b, e, table);
    }
  }
  for (size_t i = close + 1; i < s.tokens.size(); ++i) {
    table.without_rowid = table.without_rowid || (s.word(i, "WITHOUT") && s.word(i + 1, "ROWID"));
    table.strict = table.strict || s.word(i, "STRICT");
  }
  // The key's columns by their declared names. A WITHOUT ROWID table's are NOT NULL, and so are a
  // STRICT table's but the rowid's alias (a key of one column declared INTEGER and not DESC, which
  // a key in descending order leaves to the pragma).
  table.open = table.open || (table.strict && table.descending_key);
  for (auto& name : table.primary_key) {
    ColumnDefinition* column = table.find_column(name);
    if (column == nullptr) {
      table.open = true;
      continue;
    }
    name = column->name;
    const bool rowid_alias = !table.without_rowid && table.primary_key.size() == 1 &&
                             reported_type(column->declared_type, true) == "INTEGER";
    column->not_null = column->not_null || table.without_rowid || (table.strict && !rowid_alias);
  }
  // Foreign keys' child columns by their declared names too.
  for (auto& fk : table.foreign_keys) {
    for (auto& name : fk.columns) {
      const ColumnDefinition* column = table.find_column(name);
      table.open = table.open || column == nullptr;
      name = column != nullptr ? column->name : name;
    }
  }
  return table;
}

std::string reported_type(std::string_view declared, bool standard_names)
{
  const auto quote = [](char c) { return c == '"' || c == '\'' || c == '`' || c == '['; };
  std::string_view type = declared;
  if (type.size() >= 3) {
    // A type quoted whole (no quote inside) is read without its quotes, then matched against the
    // standard names.
    if (quote(type.front()) && std::none_of(type.begin() + 1, type.end() - 1, quote)) {
      type = type.substr(1, type.size() - 2);
    }
    static constexpr std::array<std::string_view, 6> k_standard{"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
    for (const auto name : k_standard) {
      if (standard_names && same_identifier(type, name)) {
        return std::string(name);
      }
    }
  }
  if (type.empty() || !quote(type.front())) {
    return std::string(type);
  }
  // Quoted at the start: what the quotes hold (a doubled quote is one), up to the closing quote.
  const char close = type.front() == '[' ? ']' : type.front();
  std::string out;
  for (size_t i = 1; i < type.size(); ++i) {
    if (type[i] == close) {
      if (i + 1 < type.size() && type[i + 1] == close) {
        out += close;
        ++i;
        continue;
      }
      break;
    }
    out += type[i];
  }
  return out;
}

// Whether the key tokens [begin, end) cannot resolve to a column: an operator, a literal or a
// function call among them (a column key is an identifier, maybe parenthesised or with COLLATE,
// none of which has those). A string alone is not one: SQLite reads 'a' and ('a') as column a.
bool computed_key(const Scan& s, size_t begin, size_t end)
{
  const auto significant = std::count_if(s.tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                                         s.tokens.begin() + static_cast<std::ptrdiff_t>(end), [](const Token& t) {
                                           return t.kind != TokenKind::open && t.kind != TokenKind::close;
                                         });
  for (size_t i = begin; i < end; ++i) {
    if (significant == 1 && s.kind(i, TokenKind::string)) {
      return false;
    }
    switch (s.tokens[i].kind) {
    case TokenKind::word:
      if (s.kind(i + 1, TokenKind::open)) {
        return true; // a call: lower(a), CAST(a AS TEXT)
      }
      break;
    case TokenKind::quoted_identifier:
    case TokenKind::open:
    case TokenKind::close:
    case TokenKind::dot:
      break;
    default:
      return true;
    }
  }
  return false;
}

IndexDefinition scan_create_index(std::string_view sql)
{
  const Scan s(sql);
  IndexDefinition index;
  const size_t on = s.find_word(0, "ON");
  index.unique = s.find_word(0, "UNIQUE") < std::min(s.find_word(0, "INDEX"), on);
  const size_t open = s.find_kind(on, TokenKind::open);
  if (open >= s.tokens.size()) {
    return index;
  }
  const size_t close = s.match(open);
  for (auto [b, e] : s.split(open + 1, close)) {
    IndexKeyDefinition key;
    if (e > b + 1 && (s.word(e - 1, "ASC") || s.word(e - 1, "DESC"))) {
      key.descending = s.word(e - 1, "DESC");
      --e;
    }
    if (e > b + 2 && s.word(e - 2, "COLLATE")) {
      key.collation = identifier_text(s.tokens[e - 1]);
      e -= 2;
    }
    key.expression = s.source(b, e);
    if (e == b + 1 && (s.kind(b, TokenKind::word) || s.kind(b, TokenKind::quoted_identifier))) {
      key.column = identifier_text(s.tokens[b]);
    }
    key.computed = computed_key(s, b, e);
    index.keys.push_back(std::move(key));
  }
  if (s.word(close + 1, "WHERE")) {
    index.where = s.source(close + 2, s.statement_end());
  }
  return index;
}

VirtualTableDefinition scan_create_virtual_table(std::string_view sql)
{
  const Scan s(sql);
  VirtualTableDefinition table;
  const size_t using_at = s.find_word(0, "USING");
  if (using_at + 1 >= s.tokens.size()) {
    return table;
  }
  table.module = identifier_text(s.tokens[using_at + 1]);
  const size_t open = using_at + 2;
  if (s.kind(open, TokenKind::open)) {
    table.arguments = s.source(open + 1, s.match(open));
  }
  return table;
}

ViewDefinition scan_create_view(std::string_view sql)
{
  const Scan s(sql);
  ViewDefinition view;
  size_t i = s.find_word(0, "VIEW");
  for (++i; i < s.tokens.size() && !s.word(i, "AS"); ++i) {
    if (s.kind(i, TokenKind::open)) {
      view.columns = s.names(i);
      i = s.match(i);
    }
  }
  view.query = s.source(i + 1, s.statement_end());
  return view;
}

} // namespace strata::introspect::sqlite
