// The shared SQL tokenizer (sql_tokenizer.hpp). One pass, one token per call of next(); every
// engine difference is read from the Syntax, never from an engine name.
#include "dialects/sql_tokenizer.hpp"
#include "schemas/text.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace strata::dialects::lex {

namespace {

// ASCII classes, as the C locale's isspace, isdigit and isalpha have them (bytes from 0x80 on are
// in none; a name may hold them, see Lexer::ident_start).
constexpr bool is_space(char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

constexpr bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

constexpr bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What the lexer asks of a byte, each the membership of one of the syntax's character sets,
// looked up in one table built per tokenize call (a set's find() per byte cost more than the rest).
enum CharClass : unsigned char {
  k_identifier_quote = 1,
  k_string_quote = 2,
  k_operator_run = 4,
  k_string_prefix = 8,
  k_ident_start = 16,
  k_ident_char = 32,
};

// The classes no syntax changes: letters, '_' and bytes from 0x80 on start and continue a name,
// digits and '$' continue one.
constexpr std::array<unsigned char, 256> k_base_classes = [] {
  std::array<unsigned char, 256> table{};
  for (size_t c = 0; c < table.size(); ++c) {
    const char ch = static_cast<char>(c);
    if (is_alpha(ch) || ch == '_' || c >= 0x80) {
      table[c] |= k_ident_start | k_ident_char;
    }
    if (is_digit(ch) || ch == '$') {
      table[c] |= k_ident_char;
    }
  }
  return table;
}();

std::array<unsigned char, 256> classes(const Syntax& syntax)
{
  std::array<unsigned char, 256> table = k_base_classes;
  const auto mark = [&](std::string_view set, unsigned char bit) {
    for (const char c : set) {
      if (c != '\0') {
        table[static_cast<unsigned char>(c)] |= bit;
      }
    }
  };
  mark(syntax.identifier_quotes, k_identifier_quote);
  mark(syntax.string_quotes, k_string_quote);
  mark(syntax.operator_run_chars, k_operator_run);
  mark(syntax.string_prefixes, k_string_prefix);
  if (syntax.dollar_starts_identifier) {
    table[static_cast<unsigned char>('$')] |= k_ident_start;
  }
  return table;
}

class Lexer {
public:
  Lexer(std::string_view sql, const Syntax& syntax, const Options& options)
    : m_sql(sql), m_syntax(syntax), m_options(options), m_class(classes(syntax))
  {
  }

  Tokens run()
  {
    m_out.tokens.reserve(m_sql.size() / 6 + 4); // about one token in six bytes of SQL (whitespace not kept)
    while (m_pos < m_sql.size()) {
      const size_t begin = m_pos;
      const int line = m_line;
      const TokenKind kind = next();
      const bool trivia = kind == TokenKind::comment || kind == TokenKind::whitespace;
      if (!trivia || m_options.trivia) {
        m_out.tokens.push_back({kind, m_sql.substr(begin, m_pos - begin), begin, line});
      }
    }
    if (m_version_comment && !m_out.error) {
      m_out.error = TokenError{m_version_comment->first, m_version_comment->second, "unterminated comment"};
    }
    return std::move(m_out);
  }

private:
  char at(size_t i) const { return i < m_sql.size() ? m_sql[i] : '\0'; }
  bool starts(std::string_view text) const
  {
    // The first byte compared alone first: most calls (each operator tried at a punctuation
    // mark) end there.
    if (text.empty()) {
      return true;
    }
    return m_pos < m_sql.size() && m_sql[m_pos] == text[0] && m_sql.substr(m_pos, text.size()) == text;
  }

  bool in(char c, CharClass set) const { return (m_class[static_cast<unsigned char>(c)] & set) != 0; }
  bool ident_start(char c) const { return in(c, k_ident_start); }
  bool ident_char(char c) const { return in(c, k_ident_char); }

  // Moves to `end` (clamped), counting newlines on the way.
  void move_to(size_t end)
  {
    end = std::min(end, m_sql.size());
    for (; m_pos < end; ++m_pos) {
      m_line += m_sql[m_pos] == '\n' ? 1 : 0;
    }
  }

  void unterminated(size_t begin, int line, const char* what)
  {
    if (!m_out.error) {
      m_out.error = TokenError{begin, line, std::string("unterminated ") + what};
    }
    move_to(m_sql.size());
  }

  TokenKind next()
  {
    const char c = m_sql[m_pos];
    // The most frequent tokens first, where no rule below could read them otherwise: a name (the
    // checks below look at no byte a name starts with, but a DELIMITER line, a delimiter other
    // than ';' and '$'), a bracket and a comma (no operator starts with one).
    if (!m_syntax.delimiter_lines && in(c, k_ident_start) && c != '$') {
      return word();
    }
    if ((c == '(' || c == ')' || c == ',') && m_semicolon) {
      ++m_pos;
      return TokenKind::punct;
    }
    const char n = at(m_pos + 1);
    if (m_syntax.delimiter_lines && at_line_start() && delimiter_line()) {
      return TokenKind::directive;
    }
    if (is_space(c)) {
      for (; m_pos < m_sql.size() && is_space(m_sql[m_pos]); ++m_pos) {
        m_line += m_sql[m_pos] == '\n' ? 1 : 0;
      }
      return TokenKind::whitespace;
    }
    const bool dash = c == '-' && n == '-' && m_syntax.dash_comments &&
                      (!m_syntax.dash_comment_needs_space || m_pos + 2 >= m_sql.size() || is_space(at(m_pos + 2)) ||
                       std::iscntrl(static_cast<unsigned char>(at(m_pos + 2))) != 0);
    if (dash || (c == '#' && m_syntax.hash_comments)) {
      const size_t nl = m_sql.find('\n', m_pos);
      move_to(nl == std::string_view::npos ? m_sql.size() : nl);
      return TokenKind::comment;
    }
    if (m_version_comment && c == '*' && n == '/') {
      m_version_comment.reset();
      move_to(m_pos + 2);
      return TokenKind::comment;
    }
    if (c == '/' && n == '*' && m_syntax.block_comments) {
      if (!version_comment_start()) {
        block_comment();
      }
      return TokenKind::comment;
    }
    if (!m_semicolon && starts(m_delimiter)) {
      move_to(m_pos + m_delimiter.size());
      return TokenKind::terminator;
    }
    if (c == ';' && m_semicolon) {
      move_to(m_pos + 1);
      return TokenKind::terminator;
    }
    if (in(c, k_identifier_quote)) {
      quoted(c == '[' ? ']' : c, c != '[', false, "quoted identifier");
      return TokenKind::quoted_identifier;
    }
    if (in(c, k_string_quote)) {
      quoted(c, true, m_syntax.backslash_escapes, "string");
      return TokenKind::string;
    }
    if (c == '$' && m_syntax.dollar_quotes && dollar_quote()) {
      return TokenKind::string;
    }
    if (is_digit(c) || (c == '.' && is_digit(n))) {
      return number();
    }
    if (ident_start(c)) {
      return word();
    }
    if (c == '@' && m_syntax.at_variables) {
      size_t end = m_pos + 1;
      while (end < m_sql.size() && (ident_char(m_sql[end]) || m_sql[end] == '@' || m_sql[end] == '.')) {
        ++end;
      }
      move_to(end);
      return TokenKind::variable;
    }
    operator_token();
    return TokenKind::punct;
  }

  bool at_line_start() const
  {
    size_t i = m_pos;
    while (i > 0 && (m_sql[i - 1] == ' ' || m_sql[i - 1] == '\t')) {
      --i;
    }
    return i == 0 || m_sql[i - 1] == '\n';
  }

  // `DELIMITER x` as the mysql client reads it: the rest of the line's first word is the new
  // statement terminator until the next DELIMITER line.
  bool delimiter_line()
  {
    constexpr std::string_view keyword = "DELIMITER";
    if (!schemas::ascii_iequal(m_sql.substr(m_pos, keyword.size()), keyword) || !is_space(at(m_pos + keyword.size()))) {
      return false;
    }
    size_t i = m_pos + keyword.size();
    while (i < m_sql.size() && (m_sql[i] == ' ' || m_sql[i] == '\t')) {
      ++i;
    }
    size_t end = i;
    while (end < m_sql.size() && !is_space(m_sql[end])) {
      ++end;
    }
    if (end == i) {
      return false;
    }
    m_delimiter = m_sql.substr(i, end - i);
    m_semicolon = m_delimiter == ";";
    const size_t nl = m_sql.find('\n', end);
    move_to(nl == std::string_view::npos ? m_sql.size() : nl);
    return true;
  }

  // `/*!` or `/*M!` and its version digits at m_pos (where the syntax has version comments and
  // none is open already): consumed as one marker; its content follows as code.
  bool version_comment_start()
  {
    if (!m_syntax.version_comments || m_version_comment) {
      return false;
    }
    const size_t bang = at(m_pos + 2) == 'M' ? m_pos + 3 : m_pos + 2;
    if (at(bang) != '!') {
      return false;
    }
    size_t end = bang + 1;
    while (end < m_sql.size() && end < bang + 7 && is_digit(m_sql[end])) {
      ++end;
    }
    if (end - bang - 1 != 5 && end - bang - 1 != 6) {
      end = bang + 1; // a version is 5 or 6 digits; anything else is the content's first characters
    }
    m_version_comment.emplace(m_pos, m_line);
    move_to(end);
    return true;
  }

  void block_comment()
  {
    const size_t begin = m_pos;
    const int line = m_line;
    int depth = 0;
    size_t i = m_pos;
    while (i < m_sql.size()) {
      if (m_sql.substr(i, 2) == "/*" && (depth == 0 || m_syntax.nested_block_comments)) {
        ++depth;
        i += 2;
      } else if (m_sql.substr(i, 2) == "*/") {
        i += 2;
        if (--depth == 0) {
          move_to(i);
          return;
        }
      } else {
        ++i;
      }
    }
    m_pos = begin;
    unterminated(begin, line, "comment");
  }

  // A quoted run from the opening quote at m_pos to its `close`; `doubling`: a doubled close is
  // one character; `backslash`: a backslash escapes the next character.
  void quoted(char close, bool doubling, bool backslash, const char* what)
  {
    const size_t begin = m_pos;
    const int line = m_line;
    size_t i = m_pos + 1;
    while (i < m_sql.size()) {
      if (backslash && m_sql[i] == '\\') {
        i += 2;
      } else if (m_sql[i] == close && doubling && at(i + 1) == close) {
        i += 2;
      } else if (m_sql[i] == close) {
        move_to(i + 1);
        return;
      } else {
        ++i;
      }
    }
    unterminated(begin, line, what);
  }

  // $tag$ ... $tag$ at m_pos; false (nothing consumed) when the '$' opens none ($1 parameters).
  bool dollar_quote()
  {
    size_t end = m_pos + 1;
    if (is_digit(at(end))) {
      return false;
    }
    while (end < m_sql.size() && m_sql[end] != '$' && ident_char(m_sql[end])) {
      ++end;
    }
    if (at(end) != '$') {
      return false;
    }
    const std::string_view tag = m_sql.substr(m_pos, end - m_pos + 1);
    const size_t close = m_sql.find(tag, end + 1);
    if (close == std::string_view::npos) {
      unterminated(m_pos, m_line, "dollar-quoted string");
    } else {
      move_to(close + tag.size());
    }
    return true;
  }

  size_t digits(size_t i) const
  {
    while (i < m_sql.size() && (is_digit(m_sql[i]) || (m_syntax.digit_separators && m_sql[i] == '_'))) {
      ++i;
    }
    return i;
  }

  TokenKind number()
  {
    const char c = m_sql[m_pos];
    const char n = at(m_pos + 1);
    size_t i = m_pos;
    if (m_syntax.hex_numbers && c == '0' &&
        (n == 'x' || n == 'X' || (m_syntax.digits_start_identifiers && (n == 'b' || n == 'B')))) {
      i += 2;
      while (i < m_sql.size() && std::isxdigit(static_cast<unsigned char>(m_sql[i])) != 0) {
        ++i;
      }
    } else {
      i = digits(i);
      if (at(i) == '.' && at(i + 1) != '.') {
        i = digits(i + 1);
      }
      if (at(i) == 'e' || at(i) == 'E') {
        size_t j = i + 1;
        j += at(j) == '+' || at(j) == '-' ? 1 : 0;
        if (is_digit(at(j))) {
          i = digits(j);
        }
      }
    }
    if (m_syntax.digits_start_identifiers && c != '.' && i < m_sql.size() && ident_char(m_sql[i])) {
      while (i < m_sql.size() && ident_char(m_sql[i])) {
        ++i;
      }
      move_to(i);
      return TokenKind::word;
    }
    move_to(i);
    return TokenKind::number;
  }

  TokenKind word()
  {
    size_t end = m_pos;
    while (end < m_sql.size() && ident_char(m_sql[end])) {
      ++end;
    }
    if (end - m_pos > 1 && !m_syntax.charset_introducers) {
      m_pos = end; // a name holds no newline; only a one-letter word can prefix a string
      return TokenKind::word;
    }
    const std::string_view text = m_sql.substr(m_pos, end - m_pos);
    const bool prefix = (text.size() == 1 && (in(text[0], k_string_prefix) ||
                                              std::toupper(static_cast<unsigned char>(text[0])) ==
                                                std::toupper(static_cast<unsigned char>(m_syntax.escape_string_prefix)))) ||
                        (m_syntax.charset_introducers && text[0] == '_');
    if (prefix && at(end) == '\'' && in('\'', k_string_quote)) {
      const bool escapes = m_syntax.backslash_escapes ||
                           (m_syntax.escape_string_prefix != '\0' &&
                            std::toupper(static_cast<unsigned char>(text[0])) ==
                              std::toupper(static_cast<unsigned char>(m_syntax.escape_string_prefix)));
      const size_t begin = m_pos;
      const int line = m_line;
      m_pos = end;
      quoted('\'', true, escapes, "string");
      if (m_out.error && m_out.error->offset == end) {
        m_out.error->offset = begin;
        m_out.error->line = line;
      }
      return TokenKind::string;
    }
    move_to(end);
    return TokenKind::word;
  }

  void operator_token()
  {
    for (const auto op : m_syntax.operators) {
      if (starts(op)) {
        move_to(m_pos + op.size());
        return;
      }
    }
    if (in(m_sql[m_pos], k_operator_run)) {
      size_t end = m_pos + 1;
      while (end < m_sql.size() && in(m_sql[end], k_operator_run) &&
             m_sql.substr(end, 2) != "--" && m_sql.substr(end, 2) != "/*") {
        ++end;
      }
      move_to(end);
      return;
    }
    move_to(m_pos + 1);
  }

  std::string_view m_sql;
  const Syntax& m_syntax;
  const Options& m_options;
  std::array<unsigned char, 256> m_class;
  size_t m_pos = 0;
  int m_line = 1;
  std::string_view m_delimiter = ";";
  bool m_semicolon = true; // the terminator is ';' (no DELIMITER line changed it)
  std::optional<std::pair<size_t, int>> m_version_comment; // offset and line of an open `/*!`
  Tokens m_out;
};

} // namespace

const Syntax& portable_syntax()
{
  static const Syntax syntax{.identifier_quotes = "\"`", .escape_string_prefix = 'E', .dollar_quotes = true};
  return syntax;
}

Tokens tokenize(std::string_view sql, const Syntax& syntax, const Options& options)
{
  return Lexer(sql, syntax, options).run();
}

} // namespace strata::dialects::lex
