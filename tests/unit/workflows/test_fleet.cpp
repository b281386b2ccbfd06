// The fleet runner's rules on their own (workflows/fleet.hpp): the glob of patterns, the bound on
// concurrency, the canary, --on-error stop and continue, and an interruption. The work each
// target does here is a plain function; the end-to-end tests run it on real databases.

#include "workflows/fleet.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

using namespace strata::workflows;

namespace {

std::vector<FleetTarget> targets(std::size_t count)
{
  std::vector<FleetTarget> out;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(FleetTarget{Target{}, "t" + std::to_string(i), "test"});
  }
  return out;
}

TargetResult result(Outcome outcome)
{
  TargetResult out;
  out.outcome = outcome;
  out.exit_code = outcome == Outcome::failed ? 1 : 0;
  return out;
}

std::vector<Outcome> outcomes(const std::vector<TargetResult>& results)
{
  std::vector<Outcome> out;
  for (const auto& r : results) {
    out.push_back(r.outcome);
  }
  return out;
}

} // namespace

TEST_CASE("fleet patterns: * stands for any run of characters, everything else for itself", "[fleet]")
{
  CHECK(glob_match("tenant_*", "tenant_1"));
  CHECK(glob_match("tenant_*", "tenant_"));
  CHECK_FALSE(glob_match("tenant_*", "tenantx1")); // `_` is no wildcard (unlike LIKE)
  CHECK_FALSE(glob_match("tenant_*", "my_tenant_1"));
  CHECK(glob_match("*_eu_*", "shop_eu_3"));
  CHECK(glob_match("a*b*c", "aXXbYYbc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYYb"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("x%", "x%"));
  CHECK_FALSE(glob_match("x%", "xy"));
}

TEST_CASE("a fleet runs every target, at most --parallel at once, and keeps list order in its results", "[fleet]")
{
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  FleetOptions options;
  options.parallel = 3;
  std::vector<std::size_t> order;
  const auto results = run_fleet(
    targets(10), options,
    [&](const FleetTarget&, std::size_t index) {
      const int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      --running;
      return result(index % 2 == 0 ? Outcome::applied : Outcome::current);
    },
    [&](std::size_t index, const TargetResult&) { order.push_back(index); });
  CHECK(most.load() >= 2);
  CHECK(most.load() <= 3);
  REQUIRE(results.size() == 10);
  CHECK(results[0].outcome == Outcome::applied);
  CHECK(results[1].outcome == Outcome::current);
  CHECK(order.size() == 10);
  CHECK(std::set<std::size_t>(order.begin(), order.end()).size() == 10);
}

TEST_CASE("a failed canary keeps the rest from starting", "[fleet]")
{
  FleetOptions options;
  options.parallel = 4;
  options.canary = 2;
  std::atomic<int> calls{0};
  const auto results = run_fleet(
    targets(6), options,
    [&](const FleetTarget&, std::size_t index) {
      ++calls;
      return result(index == 1 ? Outcome::failed : Outcome::applied);
    },
    [](std::size_t, const TargetResult&) {});
  CHECK(calls.load() == 2);
  CHECK(outcomes(results) == std::vector<Outcome>{Outcome::applied, Outcome::failed, Outcome::not_run, Outcome::not_run,
                                                  Outcome::not_run, Outcome::not_run});
  CHECK(results[2].detail == "not run: the canary (targets 1-2) did not succeed");

  // A canary that succeeds lets the others run.
  const auto all = run_fleet(
    targets(4), options, [&](const FleetTarget&, std::size_t) { return result(Outcome::applied); },
    [](std::size_t, const TargetResult&) {});
  CHECK(std::all_of(all.begin(), all.end(), [](const TargetResult& r) { return r.outcome == Outcome::applied; }));
}

TEST_CASE("on-error stop starts nothing after a failure, continue runs every target", "[fleet]")
{
  FleetOptions options; // one at a time, so the order is the list's
  const auto run = [](const FleetTarget&, std::size_t index) {
    return result(index == 1 ? Outcome::failed : Outcome::applied);
  };
  const auto stopped = run_fleet(targets(4), options, run, [](std::size_t, const TargetResult&) {});
  CHECK(outcomes(stopped) ==
        std::vector<Outcome>{Outcome::applied, Outcome::failed, Outcome::not_run, Outcome::not_run});
  CHECK(stopped[3].detail == "not run: an earlier target failed (--on-error stop)");
  options.on_error = OnError::proceed;
  const auto all = run_fleet(targets(4), options, run, [](std::size_t, const TargetResult&) {});
  CHECK(outcomes(all) == std::vector<Outcome>{Outcome::applied, Outcome::failed, Outcome::applied, Outcome::applied});
}

TEST_CASE("an interrupted fleet starts no new target", "[fleet]")
{
  std::atomic<bool> interrupted{false};
  FleetOptions options;
  options.interrupted = &interrupted;
  const auto results = run_fleet(
    targets(3), options,
    [&](const FleetTarget&, std::size_t) {
      interrupted = true;
      return result(Outcome::applied);
    },
    [](std::size_t, const TargetResult&) {});
  CHECK(outcomes(results) == std::vector<Outcome>{Outcome::applied, Outcome::not_run, Outcome::not_run});
  CHECK(results[1].detail == "not run: interrupted before it started");
}
