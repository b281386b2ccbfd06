#pragma once
// An optional value kept on the heap: one pointer in place where std::optional<T> holds all of T.
// For the rarely set fields of the model types a large schema holds by the ten thousand (Column's
// generated expression, identity sequence options and progress, backfill). The interface is the
// part of std::optional the model's readers use, with its value semantics: a copy copies the
// value, equality compares values.

#include <memory>
#include <optional>
#include <utility>

namespace strata::schemas {

template <typename T>
class Boxed {
public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}
  Boxed(const T& value) : m_value(std::make_unique<T>(value)) {}
  Boxed(T&& value) : m_value(std::make_unique<T>(std::move(value))) {}
  Boxed(const std::optional<T>& value) : m_value(value ? std::make_unique<T>(*value) : nullptr) {}
  Boxed(const Boxed& other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  ~Boxed() = default;

  Boxed& operator=(const Boxed& other)
  {
    if (this != &other) {
      m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
    }
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(std::nullopt_t)
  {
    m_value.reset();
    return *this;
  }

  bool has_value() const { return m_value != nullptr; }
  explicit operator bool() const { return has_value(); }
  void reset() { m_value.reset(); }
  template <typename... Args>
  T& emplace(Args&&... args)
  {
    m_value = std::make_unique<T>(std::forward<Args>(args)...);
    return *m_value;
  }

  T& operator*() { return *m_value; }
  const T& operator*() const { return *m_value; }
  T* operator->() { return m_value.get(); }
  const T* operator->() const { return m_value.get(); }
  T& value()
  {
    if (!m_value) {
      throw std::bad_optional_access();
    }
    return *m_value;
  }
  const T& value() const
  {
    if (!m_value) {
      throw std::bad_optional_access();
    }
    return *m_value;
  }
  template <typename U>
  T value_or(U&& fallback) const
  {
    return m_value ? *m_value : static_cast<T>(std::forward<U>(fallback));
  }

  // For the functions that take the std::optional the field used to be.
  operator std::optional<T>() const { return m_value ? std::optional<T>(*m_value) : std::nullopt; }

  friend bool operator==(const Boxed& a, const Boxed& b)
  {
    return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
  }
  friend bool operator==(const Boxed& a, std::nullopt_t) { return !a.has_value(); }
  friend bool operator==(const Boxed& a, const T& b) { return a.has_value() && *a == b; }

private:
  std::unique_ptr<T> m_value;
};

} // namespace strata::schemas
