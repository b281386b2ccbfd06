#include "cli/fleet.hpp"

#include "cli/context.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output/fleet_render.hpp"
#include "cli/output/text_parts.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace strata::cli {

void add_fleet_options(CLI::App& command, FleetFlags& flags, bool apply)
{
  command.add_option("--targets", flags.targets,
                     "a file of database URLs, one per line (# comments, ${env:NAME}): run on each (README \"Fleets\")");
  command.add_option("--parallel", flags.parallel, "fleets: at most N databases at once (default: 1)")
    ->check(CLI::Range(1, 256));
  if (!apply) {
    return;
  }
  command.add_option("--canary", flags.canary,
                     "fleets: apply to the first N databases alone, then to the rest only if all of them succeeded");
  command.add_option("--on-error", flags.on_error,
                     "fleets: after a database fails, stop (start no other; default) or continue with the others")
    ->check(CLI::IsMember({"stop", "continue"}));
}

namespace {

bool has_pattern(const std::vector<workflows::UrlSetting>& named, const std::string& schema_names)
{
  if (schema_names.find('*') != std::string::npos) {
    return true;
  }
  return std::any_of(named.begin(), named.end(), [](const workflows::UrlSetting& setting) {
    const auto& url = setting.url;
    const auto search_path = url.params.find("search_path");
    return url.database.find('*') != std::string::npos ||
           (url.scheme == "sqlite" && url.path.find('*') != std::string::npos) ||
           (search_path != url.params.end() && search_path->second.find('*') != std::string::npos);
  });
}

} // namespace

std::vector<workflows::FleetTarget> fleet_of(const std::string& db_flag, const FleetFlags& flags)
{
  std::vector<workflows::UrlSetting> named;
  if (!flags.targets.empty()) {
    if (!db_flag.empty()) {
      throw Error(ErrorKind::usage, "--targets and --db both name the databases: give one of them");
    }
    named = settings().target_list(flags.targets);
  } else {
    named = settings().databases(db_flag);
  }
  const auto& schema_names = schema_name_flag();
  if (flags.targets.empty() && named.size() <= 1 && !has_pattern(named, schema_names)) {
    return {};
  }
  return workflows::expand_targets(named, schema_names);
}

std::vector<workflows::FleetTarget> fleet_of(const std::string& db_flag, const FleetFlags& flags, bool as_fleet)
{
  auto fleet = fleet_of(db_flag, flags);
  if (!fleet.empty() || !as_fleet) {
    return fleet;
  }
  auto target = target_of(db_flag);
  if (!target.url) {
    return {workflows::FleetTarget{std::move(target), "(none)", "none"}}; // the run says none was given
  }
  const auto label = target.url->redacted();
  auto source = settings().databases(db_flag).front().source;
  return {workflows::FleetTarget{std::move(target), label, source.empty() ? "--db" : std::move(source)}};
}

workflows::TargetResult failure_of(const std::exception_ptr& error)
{
  workflows::TargetResult result;
  result.outcome = workflows::Outcome::failed;
  result.exit_code = exit_codes::error;
  try {
    std::rethrow_exception(error);
  } catch (const SchemaError& e) {
    for (const auto& diagnostic : e.diagnostics()) {
      result.detail += (result.detail.empty() ? "" : "; ") + diagnostic.str();
    }
  } catch (const Error& e) {
    result.detail = e.what();
    if (e.kind() == ErrorKind::safety) {
      result.outcome = workflows::Outcome::refused;
      result.exit_code = exit_codes::refused;
    }
  } catch (const std::exception& e) {
    result.detail = e.what();
  }
  result.detail = (result.outcome == workflows::Outcome::refused ? "refused: " : "failed: ") + result.detail;
  return result;
}

namespace {

// SIGINT and SIGTERM while a fleet runs: blocked in every thread (so no statement of a target is
// interrupted) and taken by a thread of its own. The first sets `stop`; a second ends the
// process as the signal does.
class SignalWatch {
public:
  SignalWatch()
  {
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGINT);
    sigaddset(&m_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_set, &m_old); // inherited by the threads started after this
    m_thread = std::thread([this] { watch(); });
  }
  ~SignalWatch()
  {
    m_done = true;
    m_thread.join();
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
  }
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  const std::atomic<bool>& stop() const { return m_stop; }
  int signal() const { return m_signal; }

private:
  void watch()
  {
    const timespec wait{0, 100'000'000};
    while (!m_done) {
      const int sig = sigtimedwait(&m_set, nullptr, &wait);
      if (sig <= 0) {
        continue;
      }
      if (m_stop) { // the second: end now, as the signal would have
        ::signal(sig, SIG_DFL);
        pthread_sigmask(SIG_UNBLOCK, &m_set, nullptr);
        ::raise(sig);
        continue;
      }
      m_signal = sig;
      m_stop = true;
      spdlog::warn("{}: the running databases finish their current file, no other starts (send it again to stop at "
                   "once)",
                   sig == SIGINT ? "interrupted" : "terminated");
    }
  }

  sigset_t m_set{};
  sigset_t m_old{};
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_done{false};
  std::atomic<int> m_signal{0};
  std::thread m_thread;
};

int exit_code_of(const std::vector<workflows::TargetResult>& results, int signal)
{
  if (signal != 0) {
    return 128 + signal;
  }
  const auto any = [&](workflows::Outcome outcome) {
    return std::any_of(results.begin(), results.end(), [&](const auto& r) { return r.outcome == outcome; });
  };
  if (any(workflows::Outcome::failed)) {
    return exit_codes::error;
  }
  if (any(workflows::Outcome::refused)) {
    return exit_codes::refused;
  }
  if (any(workflows::Outcome::drifted)) {
    return exit_codes::changes;
  }
  const bool behind = std::any_of(results.begin(), results.end(),
                                  [](const auto& r) { return r.exit_code == exit_codes::replicas_behind; });
  return behind ? exit_codes::replicas_behind : exit_codes::ok;
}

} // namespace

int run_fleet_report(const std::string& command, const std::vector<workflows::FleetTarget>& targets,
                     const FleetFlags& flags, const std::string& format, const FleetRun& run)
{
  if (format != "text" && format != "json" && format != "markdown") {
    throw Error(ErrorKind::usage, fmt::format("--format {} does not apply to a run over several databases (text, json "
                                              "or markdown)", format));
  }
  SignalWatch signals;
  workflows::FleetOptions options;
  options.parallel = flags.parallel;
  options.canary = flags.canary;
  options.on_error = flags.on_error == "continue" ? workflows::OnError::proceed : workflows::OnError::stop;
  options.interrupted = &signals.stop();
  if (options.canary >= targets.size() && options.canary > 0) {
    spdlog::warn("--canary {} covers all {} databases: they run as one group", options.canary, targets.size());
  }
  spdlog::info("{} on {} ({} at a time{})", command, count_of(targets.size(), "database"), options.parallel,
               options.canary > 0 ? fmt::format(", the first {} as a canary", options.canary) : std::string{});
  const auto results = workflows::run_fleet(
    targets, options,
    [&](const workflows::FleetTarget& target, std::size_t index) {
      try {
        return run(target, index, signals.stop());
      } catch (...) {
        return failure_of(std::current_exception());
      }
    },
    [&](std::size_t index, const workflows::TargetResult& result) {
      if (format == "text") {
        print_out(render_fleet_line(index, targets, result));
      }
    });
  const int code = exit_code_of(results, signals.signal());
  const bool interrupted = signals.signal() != 0;
  if (format == "json") {
    print_out(render_fleet_json(command, targets, results, interrupted, code));
  } else if (format == "markdown") {
    print_out(render_fleet_markdown(command, targets, results, interrupted));
  } else {
    print_out(render_fleet_summary(command, results, interrupted));
  }
  return code;
}

} // namespace strata::cli
