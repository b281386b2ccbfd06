// SHA-256 for strata.sum and history checksums, from libcrypto: libpq and libmariadb load it
// already, so it adds no runtime dependency, and it is vetted and faster than a digest of our own.
#include "migrations/directory.hpp"
#include "schemas/error.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace strata::migrations {

std::array<unsigned char, 32> sha256_digest(const std::string& bytes)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // One-shot digest: EVP_Digest creates, uses and frees its own EVP_MD_CTX.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != 32) {
    throw Error(ErrorKind::internal, "libcrypto could not compute a SHA-256 digest");
  }
  std::array<unsigned char, 32> out{};
  std::copy(digest.begin(), digest.begin() + 32, out.begin());
  return out;
}

std::string sha256_hex(const std::string& bytes)
{
  const auto digest = sha256_digest(bytes);
  // Lower-case hex, as strata.sum files and history rows have always held.
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (size_t i = 0; i < digest.size(); ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 0xF];
  }
  return out;
}

} // namespace strata::migrations
