#pragma once
// A value that is usually its type's default: one pointer in place, the value on the heap only once
// it is set. For the parts of the model types a large schema holds by the thousand that few of them
// use (a table's partitioning, the partition it is, its system versioning: 400 bytes a table in
// place). Reads as a `const T&`, `->` included (a default T when unset); edit() gives the value to
// change in place, setting it first. A copy copies the value (Boxed's value semantics); equality
// compares values, so an unset one equals one set to the default.

#include "schemas/boxed.hpp"

#include <utility>

namespace strata::schemas {

template <typename T>
class RareValue {
public:
  RareValue() = default;
  RareValue(T value) : m_value(std::move(value)) {}

  const T& get() const { return m_value ? *m_value : unset(); }
  const T& operator*() const { return get(); }
  const T* operator->() const { return &get(); }
  operator const T&() const { return get(); }
  T& edit() { return m_value ? *m_value : m_value.emplace(); }
  void reset() { m_value.reset(); }
  bool is_set() const { return m_value.has_value(); }

  friend bool operator==(const RareValue& a, const RareValue& b) { return a.get() == b.get(); }
  friend bool operator==(const RareValue& a, const T& b) { return a.get() == b; }

private:
  static const T& unset()
  {
    static const T none{};
    return none;
  }
  Boxed<T> m_value;
};

} // namespace strata::schemas
