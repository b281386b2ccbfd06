// SHA-256 for strata.sum and history checksums, from libcrypto: libpq and libmariadb depend on it
// already, so it adds no package, and it is vetted and faster than a digest of our own. Loaded
// when a checksum is first needed (dialects/client_library.hpp): a command that computes none
// does not pay for loading and relocating it at start.
#include "migrations/directory.hpp"
#include "dialects/client_library.hpp"
#include "schemas/error.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace strata::migrations {

namespace {

#define STRATA_LIBCRYPTO_FUNCTIONS(X) X(EVP_Digest) X(EVP_sha256)

struct Libcrypto {
  STRATA_LIBCRYPTO_FUNCTIONS(STRATA_CLIENT_FUNCTION)
};

const Libcrypto& libcrypto()
{
  static const Libcrypto loaded = [] {
    static const dialects::ClientLibrary library("Computing a checksum", STRATA_LIBCRYPTO_SONAME);
    Libcrypto functions;
    STRATA_LIBCRYPTO_FUNCTIONS(STRATA_CLIENT_BIND)
    return functions;
  }();
  return loaded;
}

} // namespace

std::array<unsigned char, 32> sha256_digest(const std::string& bytes)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // One-shot digest: EVP_Digest creates, uses and frees its own EVP_MD_CTX.
  const Libcrypto& crypto = libcrypto();
  if (crypto.EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, crypto.EVP_sha256(), nullptr) != 1 ||
      size != 32) {
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
