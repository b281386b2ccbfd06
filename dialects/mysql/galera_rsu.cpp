// MariaDB Galera Cluster's rolling schema upgrade (dialects/rolling.hpp): a session with
// wsrep_OSU_method = RSU runs its DDL on its own node only, the node desynced from the cluster
// and paused while it runs (other nodes go on; what they commit meanwhile waits in the node's
// queue and is applied once the DDL is done). Only changes that rows replicated under the old
// schema and under the new one both survive may run so: index changes, OPTIMIZE and ANALYZE.
#include "dialects/rolling.hpp"

#include "dialects/mysql/connection.hpp"
#include "dialects/mysql/expr.hpp"
#include "dialects/mysql/galera.hpp"
#include "dialects/mysql/internal.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <set>
#include <thread>

namespace strata::dialects::mysql {

namespace {

using lex::ExprKind;

// The lock's lease while a rolling upgrade runs: the node strata connects through is paused
// while its own DDL runs, and the lock's heartbeats (commits there) wait that long.
constexpr std::chrono::milliseconds k_rolling_lease{std::chrono::hours(1)};
constexpr std::chrono::milliseconds k_rsu_poll{100};

const char* const k_columns = "it changes the table's columns: while the nodes differ, rows written through one node "
                              "replicate to nodes with another set of columns, which cannot apply them (replication "
                              "stops there and the node leaves the cluster)";
const char* const k_tables = "it creates, drops or renames a table: rows written to it replicate to nodes that do not "
                             "have it yet, or have it still";
const char* const k_rows = "it changes rows, which replicate to every node as usual: run on each node, it would "
                           "change them once per node";
const char* const k_primary = "it changes the primary key, by which Galera certifies and applies every replicated row";
const char* const k_constraint = "a foreign key or check constraint on some nodes only refuses rows that the other "
                                 "nodes accept and replicate";
const char* const k_other = "only index changes (CREATE/DROP INDEX, ALTER TABLE ... ADD/DROP INDEX with ALGORITHM and "
                            "LOCK) and OPTIMIZE/ANALYZE TABLE may run node by node; every other change runs in the "
                            "cluster's total order, so that each node has the new schema before rows written under "
                            "it arrive";

class Words {
public:
  explicit Words(const std::string& sql) : m_tokens(expr::tokenize(sql))
  {
    while (!m_tokens.empty() && m_tokens.back().kind == ExprKind::semicolon) {
      m_tokens.pop_back();
    }
  }
  size_t size() const { return m_tokens.size(); }
  bool is(size_t i, std::string_view word) const { return i < m_tokens.size() && lex::is_word(m_tokens[i], word); }
  bool any(size_t i, std::initializer_list<std::string_view> words) const
  {
    for (const auto word : words) {
      if (is(i, word)) {
        return true;
      }
    }
    return false;
  }
  ExprKind kind(size_t i) const { return m_tokens[i].kind; }
  // Past a (possibly qualified) name at `i`.
  size_t skip_name(size_t i) const
  {
    while (i < m_tokens.size() && (m_tokens[i].kind == ExprKind::word || m_tokens[i].kind == ExprKind::quoted_identifier)) {
      ++i;
      if (i + 1 < m_tokens.size() && m_tokens[i].kind == ExprKind::dot) {
        ++i;
        continue;
      }
      break;
    }
    return i;
  }
  // The ends of the comma-separated parts from `from` on, at the statement's own level.
  std::vector<std::pair<size_t, size_t>> parts(size_t from) const
  {
    std::vector<std::pair<size_t, size_t>> out;
    int depth = 0;
    size_t start = from;
    for (size_t i = from; i < m_tokens.size(); ++i) {
      if (m_tokens[i].kind == ExprKind::open) {
        ++depth;
      } else if (m_tokens[i].kind == ExprKind::close) {
        --depth;
      } else if (m_tokens[i].kind == ExprKind::comma && depth == 0) {
        out.emplace_back(start, i);
        start = i + 1;
      }
    }
    out.emplace_back(start, m_tokens.size());
    return out;
  }

private:
  std::vector<expr::Token> m_tokens;
};

// One clause of ALTER TABLE by its first words, tokens [i, end).
std::string refuse_clause_start(const Words& w, size_t i, size_t end)
{
  if (i == end) {
    return k_other;
  }
  if (w.any(i, {"algorithm", "lock"})) {
    return {};
  }
  if (w.is(i, "add")) {
    ++i;
    if (w.any(i, {"index", "key", "unique", "fulltext", "spatial"})) {
      return {};
    }
    if (w.is(i, "constraint")) {
      ++i;
      if (!w.any(i, {"unique", "primary", "foreign", "check"})) {
        i = w.skip_name(i);
      }
      if (w.is(i, "unique")) {
        return {};
      }
    }
    if (w.is(i, "primary")) {
      return k_primary;
    }
    if (w.any(i, {"foreign", "check"})) {
      return k_constraint;
    }
    if (w.any(i, {"partition", "period", "system"})) {
      return k_other;
    }
    return k_columns; // ADD [COLUMN] c ..., ADD (c ..., d ...)
  }
  if (w.is(i, "drop")) {
    ++i;
    if (w.any(i, {"index", "key"})) {
      return {};
    }
    if (w.is(i, "primary")) {
      return k_primary;
    }
    if (w.any(i, {"foreign", "constraint", "check"})) {
      return k_constraint;
    }
    if (w.any(i, {"partition", "period", "system"})) {
      return k_other;
    }
    return k_columns;
  }
  if (w.any(i, {"modify", "change"}) || (w.is(i, "alter") && !w.any(i + 1, {"index", "key"}))) {
    return k_columns;
  }
  if (w.is(i, "rename") && !w.any(i + 1, {"index", "key"})) {
    return w.is(i + 1, "column") ? k_columns : k_tables;
  }
  if (w.is(i, "convert") || w.any(i, {"character", "charset", "default", "collate"})) {
    return k_columns; // CONVERT TO CHARACTER SET changes every text column
  }
  return k_other;
}

// One clause of ALTER TABLE, tokens [i, end): its first words, then no partitioning or table
// option after it (they follow a clause without a comma).
std::string refuse_clause(const Words& w, size_t i, size_t end)
{
  if (auto reason = refuse_clause_start(w, i, end); !reason.empty()) {
    return reason;
  }
  int depth = 0;
  for (size_t j = i; j < end; ++j) {
    depth += w.kind(j) == ExprKind::open ? 1 : w.kind(j) == ExprKind::close ? -1 : 0;
    if (depth == 0 && w.any(j, {"partition", "partitions", "remove", "engine", "row_format", "auto_increment",
                                "force", "discard", "import", "coalesce", "reorganize", "exchange", "truncate",
                                "rebuild", "repair", "optimize", "analyze", "check"})) {
      return k_other;
    }
  }
  return {};
}

// A session of one node; `address` is where strata reaches it.
class GaleraRollingNode final : public RollingNode {
public:
  GaleraRollingNode(DbUrl url, std::string address, std::unique_ptr<MysqlConnection> session, std::string name)
    : m_url(std::move(url)), m_address(std::move(address)), m_session(std::move(session)), m_name(std::move(name))
  {
  }

  std::string describe() const override { return m_name + " (" + m_address + ")"; }

  Connection& begin(std::chrono::milliseconds timeout) override
  {
    try {
      if (!m_session) {
        m_session = std::make_unique<MysqlConnection>(m_url);
      }
      wait_synced(timeout);
      m_session->execute("SET SESSION wsrep_OSU_method = 'RSU'");
    } catch (const DatabaseError& e) {
      m_session.reset();
      throw Error(ErrorKind::database, fmt::format("{}: {}", describe(), e.what()));
    }
    return *m_session;
  }

  long long end(std::chrono::milliseconds timeout) override
  {
    const auto start = std::chrono::steady_clock::now();
    try {
      if (m_session) {
        m_session->execute("SET SESSION wsrep_OSU_method = 'TOI'");
      }
    } catch (const DatabaseError&) { // a lost session took its setting with it
      m_session.reset();
    }
    try {
      if (!m_session) {
        m_session = std::make_unique<MysqlConnection>(m_url);
      }
      wait_synced(timeout);
    } catch (const DatabaseError& e) {
      m_session.reset();
      throw Error(ErrorKind::database, fmt::format("{}: {}", describe(), e.what()));
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  }

private:
  void wait_synced(std::chrono::milliseconds timeout)
  {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto node = galera_node(*m_session);
      if (!node) {
        throw Error(ErrorKind::database, describe() + " no longer replicates (wsrep_on is OFF)");
      }
      if (node->synced()) {
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        throw Error(ErrorKind::database,
                    fmt::format("{} is {}, not Synced, after waiting {} s for it", describe(), node->sync_state(),
                                std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
      }
      std::this_thread::sleep_for(k_rsu_poll);
    }
  }

  DbUrl m_url;
  std::string m_address;
  std::unique_ptr<MysqlConnection> m_session;
  std::string m_name;
};

// The lock's lease raised for the run, its own lease again after it.
class GaleraRollingCluster final : public RollingCluster {
public:
  GaleraRollingCluster(Connection& connection, GaleraNode node, std::chrono::milliseconds lease)
    : m_connection(connection), m_node(std::move(node)), m_lease(lease)
  {
    set_cluster_lock_lease(m_connection, m_node, k_rolling_lease);
  }
  ~GaleraRollingCluster() override
  {
    try {
      set_cluster_lock_lease(m_connection, m_node, m_lease);
    } catch (...) { // a destructor must not throw; the lock row goes when the lock does
    }
  }
  GaleraRollingCluster(const GaleraRollingCluster&) = delete;
  GaleraRollingCluster& operator=(const GaleraRollingCluster&) = delete;

private:
  Connection& m_connection;
  GaleraNode m_node;
  std::chrono::milliseconds m_lease;
};

std::string unavailable(Connection& connection)
{
  const auto node = galera_node(connection);
  if (!node) {
    return "is not a node of a Galera cluster (wsrep_on is OFF or no wsrep provider is loaded)";
  }
  if (!node->ready) {
    return fmt::format("is a Galera node outside the primary component (wsrep_ready OFF, state {})",
                       node->state.empty() ? "unknown" : node->state);
  }
  return {};
}

std::unique_ptr<RollingCluster> cluster(Connection& connection, const DbUrl& url)
{
  const auto here = galera_node(connection);
  if (!here) {
    throw Error(ErrorKind::database, url.redacted() + " " + unavailable(connection));
  }
  const auto given = url.params.find("galera_nodes");
  const bool listed = given != url.params.end();
  const auto source = listed ? std::string("galera_nodes of ") + url.redacted()
                             : here->describe() + "'s wsrep_incoming_addresses";
  const auto addresses = parse_node_addresses(listed ? given->second : here->incoming, source);
  const auto hint = listed ? std::string{}
                           : std::string(" (when the addresses the nodes advertise are not reachable from here, give "
                                         "them with ?galera_nodes=host:port,host:port,... in the URL)");
  if (static_cast<int>(addresses.size()) != here->cluster_size) {
    throw Error(ErrorKind::database,
                fmt::format("{} names {} node(s), but the cluster has {} (wsrep_cluster_size): a rolling schema "
                            "upgrade must reach every node{}",
                            source, addresses.size(), here->cluster_size, hint));
  }
  auto out = std::make_unique<GaleraRollingCluster>(connection, *here, cluster_lock_lease(url));
  std::set<std::string> instances;
  for (const auto& [host, port] : addresses) {
    auto node_url = url;
    node_url.host = host;
    node_url.port = port;
    node_url.original.clear();
    node_url.read_only = false;
    node_url.params.erase("socket");
    const auto address = fmt::format("{}:{}", host, port);
    std::unique_ptr<MysqlConnection> session;
    try {
      session = std::make_unique<MysqlConnection>(node_url);
    } catch (const Error& e) {
      throw Error(ErrorKind::database,
                  fmt::format("the node at {} (from {}) does not answer: {}{}", address, source, e.what(), hint));
    }
    const auto node = galera_node(*session);
    if (!node) {
      throw Error(ErrorKind::database, fmt::format("the server at {} (from {}) is not a Galera node", address, source));
    }
    const auto shown = fmt::format("{} ({})", node->name, address);
    if (node->cluster != here->cluster) {
      throw Error(ErrorKind::database, fmt::format("{} belongs to another cluster (wsrep_cluster_state_uuid {}, {} "
                                                   "has {})",
                                                   shown, node->cluster, here->describe(), here->cluster));
    }
    if (!instances.insert(node->instance).second) {
      throw Error(ErrorKind::database, fmt::format("{} is named twice in {}", shown, source));
    }
    if (!node->synced()) {
      throw Error(ErrorKind::database, fmt::format("{} is {}, not Synced: a rolling schema upgrade starts only when "
                                                   "every node is",
                                                   shown, node->sync_state()));
    }
    out->nodes.push_back(std::make_unique<GaleraRollingNode>(node_url, address, std::move(session), node->name));
  }
  if (instances.count(here->instance) == 0) {
    throw Error(ErrorKind::database,
                fmt::format("{} does not name {}, the node strata connects through", source, here->describe()));
  }
  return out;
}

} // namespace

std::vector<std::pair<std::string, int>> parse_node_addresses(const std::string& list, const std::string& what)
{
  std::vector<std::pair<std::string, int>> out;
  size_t at = 0;
  while (at <= list.size()) {
    const auto comma = std::min(list.find(',', at), list.size());
    std::string entry = list.substr(at, comma - at);
    at = comma + 1;
    while (!entry.empty() && entry.front() == ' ') {
      entry.erase(0, 1);
    }
    while (!entry.empty() && entry.back() == ' ') {
      entry.pop_back();
    }
    const auto colon = entry.rfind(':');
    std::string host = colon == std::string::npos ? std::string{} : entry.substr(0, colon);
    const std::string port = colon == std::string::npos ? std::string{} : entry.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    if (host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) == 0 || std::stoi(port) > 65535) {
      throw Error(ErrorKind::usage, fmt::format("{}: '{}' is no host:port (the nodes are listed as host:port, "
                                                "comma-separated)",
                                                what, entry));
    }
    out.emplace_back(host, std::stoi(port));
  }
  return out;
}

std::string refuse_rolling_statement(const std::string& statement)
{
  const Words w(statement);
  if (w.size() == 0) {
    return {};
  }
  size_t i = 1;
  if (w.is(0, "create")) {
    if (w.is(i, "or") && w.is(i + 1, "replace")) {
      i += 2;
    }
    if (w.any(i, {"unique", "fulltext", "spatial"})) {
      ++i;
    }
    if (w.is(i, "index")) {
      return {};
    }
    return w.any(i, {"table", "temporary"}) ? k_tables : k_other;
  }
  if (w.is(0, "drop")) {
    if (w.is(1, "index")) {
      for (size_t j = 2; j < w.size(); ++j) {
        if (w.is(j, "on")) {
          return {};
        }
      }
      return k_other;
    }
    return w.any(1, {"table", "temporary"}) ? k_tables : k_other;
  }
  if (w.is(0, "alter")) {
    while (w.any(i, {"online", "ignore"})) {
      ++i;
    }
    if (!w.is(i, "table")) {
      return k_other;
    }
    ++i;
    if (w.is(i, "if") && w.is(i + 1, "exists")) {
      i += 2;
    }
    const auto clauses_from = w.skip_name(i);
    if (clauses_from == i || clauses_from >= w.size()) {
      return k_other; // no table, or ALTER TABLE t alone (a rebuild)
    }
    for (const auto& [from, to] : w.parts(clauses_from)) {
      if (auto reason = refuse_clause(w, from, to); !reason.empty()) {
        return reason;
      }
    }
    return {};
  }
  if (w.any(0, {"optimize", "analyze"})) {
    if (w.any(i, {"no_write_to_binlog", "local"})) {
      ++i;
    }
    return w.is(i, "table") ? std::string{} : k_other;
  }
  if (w.any(0, {"insert", "update", "delete", "replace", "load", "merge", "call", "do", "with"})) {
    return k_rows;
  }
  if (w.is(0, "rename")) {
    return k_tables;
  }
  return k_other;
}

const RollingUpgrade& rolling_upgrade()
{
  static const RollingUpgrade assembled{&refuse_rolling_statement, &unavailable, &cluster};
  return assembled;
}

} // namespace strata::dialects::mysql
