#include "schemas/two_halves.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using strata::schemas::each_in_two_halves;

TEST_CASE("each_in_two_halves calls the work once for each object, in order below the threshold", "[schemas]")
{
  std::vector<int> calls(1501, 0);
  std::vector<std::thread::id> threads(1501);
  each_in_two_halves(calls.size(), 1000, [&](size_t i) {
    ++calls[i];
    threads[i] = std::this_thread::get_id();
  });
  CHECK(std::count(calls.begin(), calls.end(), 1) == 1501);
  CHECK(threads.front() == std::this_thread::get_id()); // the first half on the caller's thread
  CHECK(threads.back() != std::this_thread::get_id());  // the second on its own

  std::vector<size_t> order;
  each_in_two_halves(999, 1000, [&](size_t i) { order.push_back(i); });
  REQUIRE(order.size() == 999);
  CHECK(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("each_in_two_halves throws the first failure in order", "[schemas]")
{
  const auto failing_at = [](std::set<size_t> failing) {
    std::atomic<size_t> done{0};
    try {
      each_in_two_halves(2000, 1000, [&](size_t i) {
        if (failing.contains(i)) {
          throw std::runtime_error(std::to_string(i));
        }
        ++done;
      });
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("none");
  };
  CHECK(failing_at({}) == "none");
  CHECK(failing_at({1500}) == "1500");     // the second half's
  CHECK(failing_at({10, 1500}) == "10");    // the first half's, though the second's may have failed first
  CHECK(failing_at({999, 1000}) == "999");  // the last of the first half before the first of the second
  CHECK(failing_at({1200, 1100}) == "1100"); // within a half, the earlier
}
