// Executor: a file whose header asks for a rolling schema upgrade (`-- strata: galera-osu rsu`,
// dialects/rolling.hpp) runs on one node of the cluster after the other, each node desynced
// while it does, under the migration lock and behind its dirty history row (which names the
// nodes done so far, so a killed run says where it stopped). When a node fails, the nodes that
// have the change are undone with the file's other half (down for an apply, up for a rollback);
// only when that is impossible does the row stay dirty, naming each node's state.
#include "migrations/executor.hpp"
#include "migrations/executor_internal.hpp"

#include "dialects/rolling.hpp"
#include "dialects/statement_locks.hpp"
#include "migrations/history.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

namespace strata::migrations {

namespace fs = std::filesystem;
using detail::elapsed_ms;
using detail::format_duration;
using detail::join;

namespace {

// How long a node may take to be Synced again (before its turn, and after its DDL while it
// applies what the cluster committed meanwhile).
constexpr std::chrono::milliseconds k_sync_wait{std::chrono::minutes(10)};

// "CREATE INDEX accounts_email ON accounts (email)" cut at its first line or 70 characters.
std::string excerpt(const std::string& sql)
{
  auto text = sql.substr(0, sql.find('\n'));
  if (text.size() > 70) {
    text = text.substr(0, 67) + "...";
  }
  return text;
}

std::vector<std::string> names(const std::vector<dialects::RollingNode*>& nodes)
{
  std::vector<std::string> out;
  for (const auto* node : nodes) {
    out.push_back(node->describe());
  }
  return out;
}

// Where a node's run of a file stopped.
struct NodeFailure {
  dialects::RollingNode* node = nullptr;
  int ran = 0;         // statements of the file that took effect there
  int statement = 0;   // 1-based statement that failed; 0: the node's turn failed before or after them
  int line = 0;
  std::string message; // what failed
};

} // namespace

void Executor::check_rolling(const Migration& migration, bool down) const
{
  const auto& header = down ? migration.down_header : migration.up_header;
  if (!header.rolling()) {
    return;
  }
  const auto& path = down ? migration.down_path : migration.up_path;
  const auto at = fmt::format("{}:{}", path.string(), header.rolling_line);
  const auto* rolling = dialects::rolling_upgrade(m_dialect.name);
  if (rolling == nullptr) {
    throw Error(ErrorKind::input, fmt::format("{}: galera-osu rsu asks for a rolling schema upgrade of a MariaDB Galera "
                                              "Cluster, which {} databases are not; refusing to run the file as an "
                                              "ordinary one (leave the line out to run it so)",
                                              at, m_dialect.name));
  }
  if (const auto reason = rolling->unavailable(m_connection); !reason.empty()) {
    throw Error(ErrorKind::input, fmt::format("{}: galera-osu rsu asks to run the file node by node, but {} {}; "
                                              "refusing to run it as an ordinary file (leave the line out to run it so)",
                                              at, m_url.redacted(), reason));
  }
  const auto check = [&](const std::string& sql, const fs::path& file, const std::string& role) {
    for (const auto& statement : split_statements(sql, m_dialect)) {
      if (const auto reason = rolling->refuse_statement(statement.sql); !reason.empty()) {
        throw Error(ErrorKind::input, fmt::format("{}:{}: {}: {} (galera-osu rsu, {}): {}", file.string(),
                                                  statement.line, excerpt(statement.sql), role, at, reason));
      }
    }
  };
  check(down ? migration.down_sql : migration.up_sql, path, "cannot run node by node");
  const auto& undo_path = down ? migration.up_path : migration.down_path;
  if (!undo_path.empty()) {
    check(down ? migration.up_sql : migration.down_sql, undo_path,
          fmt::format("cannot run node by node, as it must to undo {} on the nodes done when a later node fails",
                      path.filename().string()));
  }
}

void Executor::run_rolling(History& history, HistoryRow& row, const Migration& migration, bool down,
                           std::chrono::steady_clock::time_point start)
{
  const auto* rolling = dialects::rolling_upgrade(m_dialect.name);
  const auto& path = down ? migration.down_path : migration.up_path;
  const auto& undo_path = down ? migration.up_path : migration.down_path;
  const auto file = path.filename().string();
  const auto statements = split_statements(down ? migration.down_sql : migration.up_sql, m_dialect);
  const auto undo = undo_path.empty() ? std::vector<SqlStatement>{}
                                      : split_statements(down ? migration.up_sql : migration.down_sql, m_dialect);
  // Every node answers and is Synced, or nothing runs.
  const auto cluster = rolling->cluster(m_connection, m_url);
  std::vector<dialects::RollingNode*> all;
  for (const auto& node : cluster->nodes) {
    all.push_back(node.get());
  }
  report(fmt::format("rolling {} through {} nodes one at a time (wsrep_OSU_method RSU): {}", file, all.size(),
                     join(names(all), ", ")));

  const HistoryRow before = row;
  row.status = "dirty";
  row.direction = down ? "down" : "up";
  bool recorded = down; // a rollback's row is there; an apply's is inserted by the first record
  const auto record = [&](const std::string& message) {
    row.message = message;
    if (recorded) {
      history.write_state(row);
    } else {
      history.insert(row);
      recorded = true;
    }
  };
  // A session of a node set up for the file's statements: the lock timeout (a DDL waiting for a
  // metadata lock keeps its node desynced) and the statement timeout, as on the main session.
  const auto open = [&](dialects::RollingNode& node) -> dialects::Connection& {
    auto& session = node.begin(k_sync_wait);
    if (const auto* locks = dialects::statement_locks(m_dialect.name);
        locks != nullptr && m_options.statement_lock_timeout.count() > 0) {
      locks->set(session, m_options.statement_lock_timeout, false);
    }
    if (m_statement_timeout.count() > 0) {
      dialects::batch_support(m_dialect.name).limit_time(session, m_statement_timeout, false);
    }
    return session;
  };

  std::vector<dialects::RollingNode*> done;
  std::optional<NodeFailure> failure;
  for (const auto& node : cluster->nodes) {
    const auto started = std::chrono::steady_clock::now();
    record(fmt::format("rolling schema upgrade (galera-osu rsu): {}; running on {}{}",
                       done.empty() ? std::string("no node done yet") : "done on " + join(names(done), ", "),
                       node->describe(),
                       done.size() + 1 < all.size() ? "; the other nodes are next" : ""));
    NodeFailure stop;
    stop.node = node.get();
    try {
      if (m_lock != nullptr) {
        if (const auto lost = m_lock->lost(); !lost.empty()) {
          throw Error(ErrorKind::database, "the migration lock was lost: " + lost);
        }
      }
      auto& session = open(*node);
      for (const auto& statement : statements) {
        stop.statement = stop.ran + 1;
        stop.line = statement.line;
        session.execute(statement.sql);
        ++stop.ran;
      }
      stop.statement = 0;
      stop.line = 0;
      const auto waited = node->end(k_sync_wait);
      report(fmt::format("  {}: {} statement{} in {}, Synced again {}", node->describe(), statements.size(),
                         statements.size() == 1 ? "" : "s", format_duration(elapsed_ms(started)),
                         waited < 1000 ? "at once" : "after " + format_duration(waited)));
      done.push_back(node.get());
    } catch (const Error& e) {
      stop.message = e.what();
      if (stop.statement > 0) {
        try {
          node->end(k_sync_wait); // back to total order, and in sync, before anything else runs there
        } catch (const Error&) { // the undo below reports the node again if it still fails
        }
      }
      failure = stop;
      break;
    }
  }
  if (!failure) {
    return;
  }

  // The nodes that have the file (all of it, or its first statements), newest first.
  std::vector<dialects::RollingNode*> changed;
  if (failure->ran > 0) {
    changed.push_back(failure->node);
  }
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    changed.push_back(*it);
  }
  const auto undo_file = undo_path.filename().string();
  std::vector<dialects::RollingNode*> undone;
  std::vector<std::string> undo_failures;
  if (!undo.empty()) {
    for (auto* node : changed) {
      const auto started = std::chrono::steady_clock::now();
      size_t number = 0;
      try {
        auto& session = open(*node);
        for (number = 1; number <= undo.size(); ++number) {
          session.execute(undo[number - 1].sql);
        }
        number = 0;
        node->end(k_sync_wait);
        undone.push_back(node);
        report(fmt::format("  {}: undone with {} in {}", node->describe(), undo_file,
                           format_duration(elapsed_ms(started))));
      } catch (const Error& e) {
        undo_failures.push_back(
          number > 0 ? fmt::format("{}: statement {} (line {}) of {} failed: {}", node->describe(), number,
                                   undo[number - 1].line, undo_file, e.what())
                     : fmt::format("{}: {}", node->describe(), e.what()));
        if (number > 0) {
          try {
            node->end(k_sync_wait);
          } catch (const Error&) { // named in the failure already
          }
        }
      }
    }
  }
  // A failed statement's error names the file, statement and line itself (StatementError).
  const auto what = failure->statement > 0
                      ? fmt::format("on {}: {}", failure->node->describe(), failure->message)
                      : fmt::format("{} failed on {}: {}", file, failure->node->describe(), failure->message);
  const auto throw_failure = [&](const std::string& text) {
    if (failure->statement > 0) {
      throw StatementError(path.string(), failure->statement, failure->line, text);
    }
    throw Error(ErrorKind::database, text);
  };
  if (undo_failures.empty() && (changed.empty() || !undo.empty())) {
    if (down) {
      history.write_state(before); // applied, as before the rollback
    } else {
      history.remove(row.version); // pending again
    }
    throw_failure(fmt::format("{}; {}", what,
                              changed.empty()
                                ? std::string("it had changed no node, so every node has the schema it had before")
                                : fmt::format("undone with {} on {}, so every node has the schema it had before; "
                                              "{}",
                                              undo_file, join(names(undone), ", "),
                                              down ? "the version stays applied" : "the version stays pending")));
  }

  // Some node keeps a state the others have not: said exactly, for `strata repair`.
  std::vector<std::string> states;
  std::vector<dialects::RollingNode*> with;
  for (auto* node : all) {
    const bool had = std::find(changed.begin(), changed.end(), node) != changed.end();
    const bool back = std::find(undone.begin(), undone.end(), node) != undone.end();
    if (!had || back) {
      states.push_back(fmt::format("{}: {}", node->describe(), back ? "undone" : "not run"));
    } else {
      with.push_back(node);
      states.push_back(fmt::format("{}: {}", node->describe(),
                                   node == failure->node
                                     ? fmt::format("statements 1 to {} of {} ran", failure->ran, statements.size())
                                     : std::string("all of it ran")));
    }
  }
  std::string why = undo.empty() ? fmt::format("{} has no {} file to undo it with", file, down ? "up" : "down")
                                 : "undoing it failed: " + join(undo_failures, "; ");
  std::vector<std::string> lacking;
  for (const auto* node : all) {
    if (std::find(with.begin(), with.end(), node) == with.end() || node == failure->node) {
      lacking.push_back(node->describe());
    }
  }
  const auto text = fmt::format(
    "{}; {}. The nodes differ now: {}. To finish it by hand: on {}, each in a session with SET SESSION "
    "wsrep_OSU_method = 'RSU', run what {} has not run there, then `strata repair --resolved`; to undo it instead: "
    "on {}, the same way, {}, then `strata repair --rolled-back`",
    what, why, join(states, "; "), join(lacking, ", "), file, join(names(with), ", "),
    undo.empty() ? std::string("reverse what it ran") : "run what " + undo_file + " undoes of it");
  row.failed_statement = failure->statement;
  row.failed_line = failure->line;
  if (!down) {
    row.duration_ms = elapsed_ms(start);
  }
  record(text);
  throw_failure(text);
}

} // namespace strata::migrations
