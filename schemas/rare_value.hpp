#pragma once
// A value that is usually its type's default: one pointer in place, the value on the heap only once
// it is set. For the parts of the model types a large schema holds by the thousand that few of them
// use (a table's partitioning, the partition it is, its system versioning: 400 bytes a table in
// place). Reads as a `const T&`, `->` included (a default T when unset); edit() gives the value to
// change in place, setting it first. A copy copies the value; equality compares values, so an unset
// one equals one set to the default.

#include <memory>
#include <utility>

namespace strata::schemas {

template <typename T>
class RareValue {
public:
  RareValue() = default;
  RareValue(T value) : m_value(std::make_unique<T>(std::move(value))) {}
  RareValue(const RareValue& other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
  RareValue(RareValue&&) noexcept = default;
  ~RareValue() = default;
  RareValue& operator=(const RareValue& other)
  {
    if (this != &other) {
      m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
    }
    return *this;
  }
  RareValue& operator=(RareValue&&) noexcept = default;

  const T& get() const { return m_value ? *m_value : unset(); }
  const T& operator*() const { return get(); }
  const T* operator->() const { return &get(); }
  operator const T&() const { return get(); }
  T& edit()
  {
    if (!m_value) {
      m_value = std::make_unique<T>();
    }
    return *m_value;
  }
  void reset() { m_value.reset(); }
  bool is_set() const { return m_value != nullptr; }

  friend bool operator==(const RareValue& a, const RareValue& b) { return a.get() == b.get(); }
  friend bool operator==(const RareValue& a, const T& b) { return a.get() == b; }

private:
  static const T& unset()
  {
    static const T none{};
    return none;
  }
  std::unique_ptr<T> m_value;
};

} // namespace strata::schemas
