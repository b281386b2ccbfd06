// The header reader and body form shared by triggers and routines (compound.hpp).
#include "dialects/mysql/compound.hpp"

#include "dialects/sql_tokenizer.hpp"

namespace strata::dialects::mysql {

bool StatementReader::at(std::string_view word, size_t ahead) const
{
  const size_t i = m_at + ahead;
  return i < m_tokens.size() && m_tokens[i].kind == expr::TokenKind::word && expr::ascii_upper(m_tokens[i].text) == word;
}

bool StatementReader::keyword(std::string_view word)
{
  if (at(word)) {
    ++m_at;
    return true;
  }
  return false;
}

std::string StatementReader::one_of(std::initializer_list<std::string_view> words)
{
  for (const auto word : words) {
    if (keyword(word)) {
      return std::string(word);
    }
  }
  return {};
}

std::string StatementReader::skip_to(std::initializer_list<std::string_view> words)
{
  for (size_t i = m_at; i < m_tokens.size(); ++i) {
    if (m_tokens[i].kind != expr::TokenKind::word) {
      continue;
    }
    const std::string upper = expr::ascii_upper(m_tokens[i].text);
    for (const auto word : words) {
      if (upper == word) {
        m_at = i;
        return upper;
      }
    }
  }
  return {};
}

std::string StatementReader::name()
{
  std::string out;
  while (!done() && (m_tokens[m_at].kind == expr::TokenKind::word ||
                     m_tokens[m_at].kind == expr::TokenKind::quoted_identifier)) {
    out = expr::identifier_text(m_tokens[m_at]);
    ++m_at;
    if (done() || m_tokens[m_at].kind != expr::TokenKind::dot) {
      break;
    }
    ++m_at;
  }
  return out;
}

bool StatementReader::group(std::string& inner)
{
  if (done() || m_tokens[m_at].kind != expr::TokenKind::open) {
    return false;
  }
  const size_t close = lex::matching_close(m_tokens, m_at);
  if (close == std::string::npos) {
    return false;
  }
  const size_t from = m_tokens[m_at].end();
  inner = std::string(m_text.substr(from, m_tokens[close].offset - from));
  m_at = close + 1;
  return true;
}

std::string StatementReader::rest() const
{
  return done() ? std::string() : trim_body(m_text.substr(m_tokens[m_at].offset));
}

std::string trim_body(std::string_view text)
{
  const auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ';' || blank(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string canonical_body(std::string_view body)
{
  static constexpr std::string_view k_statement_words[] = {
    "begin", "call", "close", "continue", "cursor", "declare", "do", "elseif", "exit", "fetch", "handler",
    "iterate", "leave", "loop", "message_text", "open", "resignal", "return", "signal", "sqlstate", "until",
    "value", "while",
    // Types of DECLAREd variables (a table named like one would lose its case: rare).
    "bigint", "binary", "bit", "blob", "bool", "boolean", "char", "character", "date", "datetime", "dec",
    "decimal", "double", "enum", "fixed", "float", "int", "integer", "json", "longblob", "longtext", "mediumblob",
    "mediumint", "mediumtext", "numeric", "precision", "real", "signed", "smallint", "text", "time", "timestamp",
    "tinyblob", "tinyint", "tinytext", "unsigned", "varbinary", "varchar", "varying", "year", "zerofill",
  };
  const auto tokens = expr::tokenize(body);
  std::string out;
  size_t at = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (token.kind != expr::TokenKind::word) {
      continue;
    }
    const std::string low = expr::ascii_lower(token.text);
    const bool record = (low == "new" || low == "old") && i + 1 < tokens.size() &&
                        tokens[i + 1].kind == expr::TokenKind::dot;
    if (record || expr::is_reserved(low) || expr::is_keyword(low) || lex::in_words(k_statement_words, low)) {
      out.append(body.substr(at, token.offset - at));
      out += low;
      at = token.end();
    }
  }
  out.append(body.substr(at));
  return expr::canonical(out);
}

} // namespace strata::dialects::mysql
