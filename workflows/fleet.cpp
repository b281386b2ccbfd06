#include "workflows/fleet.hpp"

#include "dialects/registry.hpp"
#include "dialects/scratch_common.hpp"
#include "schemas/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

namespace strata::workflows {

bool glob_match(const std::string& pattern, const std::string& name)
{
  // Iterative match with one backtrack point: the last '*' seen.
  size_t p = 0;
  size_t n = 0;
  size_t star = std::string::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

namespace {

bool is_pattern(const std::string& name)
{
  return name.find('*') != std::string::npos;
}

std::vector<std::string> matching(const std::vector<std::string>& names, const std::string& pattern)
{
  std::vector<std::string> out;
  std::copy_if(names.begin(), names.end(), std::back_inserter(out),
               [&](const std::string& name) { return glob_match(pattern, name); });
  return out;
}

// The SQLite files of the pattern's folder whose names match its last part.
std::vector<dialects::DbUrl> sqlite_files(const dialects::DbUrl& url)
{
  namespace fs = std::filesystem;
  const fs::path pattern(url.path);
  if (is_pattern(pattern.parent_path().string())) {
    throw Error(ErrorKind::usage, fmt::format("{}: only the file name of a SQLite path may hold `*`", url.redacted()));
  }
  const fs::path folder = pattern.parent_path().empty() ? fs::path(".") : pattern.parent_path();
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<dialects::DbUrl> out;
  for (const auto& name : matching(names, pattern.filename().string())) {
    auto file = url;
    file.path = (pattern.parent_path() / name).string();
    file.original = "sqlite:" + file.path;
    out.push_back(std::move(file));
  }
  return out;
}

// The databases a URL names: itself, or each database its pattern matches.
std::vector<dialects::DbUrl> databases_of(const dialects::DbUrl& url)
{
  const auto& dialect = dialects::dialect_for(url);
  if (dialect.capabilities.embedded) {
    return is_pattern(url.path) ? sqlite_files(url) : std::vector<dialects::DbUrl>{url};
  }
  if (!is_pattern(url.database)) {
    return {url};
  }
  if (dialect.list_databases == nullptr) {
    throw Error(ErrorKind::usage, fmt::format("{}: {} cannot list its databases for a pattern", url.redacted(), dialect.name));
  }
  std::vector<dialects::DbUrl> out;
  for (const auto& name : matching(dialect.list_databases(url), url.database)) {
    out.push_back(dialects::with_database(url, name));
  }
  return out;
}

} // namespace

std::vector<FleetTarget> expand_targets(const std::vector<UrlSetting>& named, const std::string& schema_names)
{
  std::vector<FleetTarget> out;
  for (const auto& setting : named) {
    auto url = setting.url;
    // The schema pattern: the URL's search_path, else --schema-name's first name.
    std::string schema_pattern;
    std::string extra_schemas; // --schema-name's further names, kept after each schema
    if (const auto found = url.params.find("search_path"); found != url.params.end() && is_pattern(found->second)) {
      schema_pattern = found->second;
      url.params.erase(found);
      url.original.clear(); // rebuilt from the fields when connecting
    } else if (is_pattern(schema_names)) {
      const auto comma = schema_names.find(',');
      schema_pattern = schema_names.substr(0, comma);
      extra_schemas = comma == std::string::npos ? std::string{} : schema_names.substr(comma);
    }
    const auto databases = databases_of(url);
    if (databases.empty()) {
      throw Error(ErrorKind::input, fmt::format("{} ({}) matches no database", url.redacted(), setting.source));
    }
    for (const auto& database : databases) {
      if (schema_pattern.empty()) {
        out.push_back(FleetTarget{Target{database, schema_names}, database.redacted(), setting.source});
        continue;
      }
      const auto& dialect = dialects::dialect_for(database);
      if (dialect.list_schemas == nullptr) {
        throw Error(ErrorKind::usage, fmt::format("schema pattern \"{}\": {} has no schemas", schema_pattern, dialect.name));
      }
      auto db = open_database(database, "", Access::read_only);
      const auto schemas = matching(dialect.list_schemas(*db.connection), schema_pattern);
      if (schemas.empty()) {
        throw Error(ErrorKind::input, fmt::format("schema pattern \"{}\" matches no schema of {} ({})", schema_pattern,
                                                  database.redacted(), setting.source));
      }
      for (const auto& schema : schemas) {
        out.push_back(FleetTarget{Target{database, schema + extra_schemas},
                                  fmt::format("{} schema {}", database.redacted(), schema), setting.source});
      }
    }
  }
  return out;
}

const char* outcome_name(Outcome outcome)
{
  switch (outcome) {
  case Outcome::applied:
    return "applied";
  case Outcome::current:
    return "current";
  case Outcome::pending:
    return "pending";
  case Outcome::in_sync:
    return "in_sync";
  case Outcome::drifted:
    return "drifted";
  case Outcome::ok:
    return "ok";
  case Outcome::failed:
    return "failed";
  case Outcome::refused:
    return "refused";
  case Outcome::not_run:
    break;
  }
  return "not_run";
}

bool is_failure(const TargetResult& result)
{
  return result.outcome == Outcome::failed || result.outcome == Outcome::refused;
}

std::vector<TargetResult> run_fleet(const std::vector<FleetTarget>& targets, const FleetOptions& options,
                                    const std::function<TargetResult(const FleetTarget& target, std::size_t index)>& run,
                                    const std::function<void(std::size_t index, const TargetResult& result)>& finished)
{
  const size_t count = targets.size();
  std::vector<TargetResult> results(count);
  std::vector<bool> started(count, false);
  std::mutex mutex; // guards results, started, failed and the calls of `finished`
  bool failed = false;
  const auto interrupted = [&] { return options.interrupted != nullptr && options.interrupted->load(); };

  // Runs targets [begin, end) on up to options.parallel threads.
  const auto run_range = [&](size_t begin, size_t end) {
    size_t next = begin;
    const auto worker = [&] {
      while (true) {
        size_t index = 0;
        {
          const std::lock_guard<std::mutex> guard(mutex);
          if (next >= end || interrupted() || (failed && options.on_error == OnError::stop)) {
            return;
          }
          index = next++;
          started[index] = true;
        }
        const auto start = std::chrono::steady_clock::now();
        TargetResult result;
        try {
          result = run(targets[index], index);
        } catch (const std::exception& e) { // `run` turns errors into results; this is the last resort
          result.outcome = Outcome::failed;
          result.detail = e.what();
          result.exit_code = 1;
        }
        if (result.duration_ms == 0) {
          result.duration_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        }
        const std::lock_guard<std::mutex> guard(mutex);
        failed = failed || is_failure(result);
        results[index] = std::move(result);
        finished(index, results[index]);
      }
    };
    const size_t threads = std::min(std::max<size_t>(options.parallel, 1), end - begin);
    if (threads <= 1) {
      worker();
      return;
    }
    std::vector<std::thread> pool;
    for (size_t i = 0; i < threads; ++i) {
      pool.emplace_back(worker);
    }
    for (auto& thread : pool) {
      thread.join();
    }
  };

  const size_t canary = std::min(options.canary, count);
  std::string reason;
  if (canary > 0 && canary < count) {
    run_range(0, canary);
    const bool canary_failed = std::any_of(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(canary),
                                           [](const TargetResult& r) { return is_failure(r) || r.outcome == Outcome::not_run; });
    if (canary_failed && !interrupted()) {
      reason = fmt::format("not run: the canary (target{} 1{}) did not succeed", canary > 1 ? "s" : "",
                           canary > 1 ? fmt::format("-{}", canary) : std::string{});
    } else if (!canary_failed) {
      run_range(canary, count);
    }
  } else if (count > 0) {
    run_range(0, count);
  }
  if (reason.empty()) {
    reason = interrupted() ? "not run: interrupted before it started"
                           : "not run: an earlier target failed (--on-error stop)";
  }
  for (size_t i = 0; i < count; ++i) {
    if (!started[i]) {
      results[i].outcome = Outcome::not_run;
      results[i].detail = reason;
      finished(i, results[i]);
    }
  }
  return results;
}

} // namespace strata::workflows
