#pragma once
// Work over the objects of a large schema split in two halves that run at once: the second half
// on a thread of its own, the first on the caller's. For steps whose work on one object reads
// what it was given and writes only that object's own place (a table's normal form, a table made
// from its CREATE text), so that the halves share nothing they write.

#include <cstddef>
#include <exception>
#include <future>

namespace strata::schemas {

// From how many objects a step is worth splitting: below it the second thread's start costs
// more than it saves.
inline constexpr size_t k_two_halves_from = 1000;

// Calls work(i) for each i in [0, count): in order on the calling thread below `from` objects
// (k_two_halves_from for the product's steps), else in two halves at once. The first failure in the order of i is thrown, as one pass in
// order would throw it (a half stops at its first failure); the second half's thread is joined
// before anything leaves.
template <typename Work>
void each_in_two_halves(size_t count, size_t from, Work&& work)
{
  if (count < from) {
    for (size_t i = 0; i < count; ++i) {
      work(i);
    }
    return;
  }
  const size_t half = count / 2;
  auto second = std::async(std::launch::async, [&] {
    for (size_t i = half; i < count; ++i) {
      work(i);
    }
  });
  std::exception_ptr first_failure;
  try {
    for (size_t i = 0; i < half; ++i) {
      work(i);
    }
  } catch (...) {
    first_failure = std::current_exception();
  }
  second.wait();
  if (first_failure) {
    std::rethrow_exception(first_failure);
  }
  second.get(); // the second half's failure, if any
}

} // namespace strata::schemas
