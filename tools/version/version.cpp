#include "tools/version/version.hpp"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>
#include <simdjson.h>

#include <boost/version.hpp>

#include "git_revision.hpp"

namespace sdemig {

std::string version_text(std::string_view program) {
  std::string out = std::string(program) + " " + SDEMIG_VERSION;
  if (std::string_view(SDEMIG_GIT_REVISION).size() > 0)
    out += std::string(" (git ") + SDEMIG_GIT_REVISION + ")";
  out += "\nbuilt with Boost " + std::to_string(BOOST_VERSION / 100000) + "." +
         std::to_string(BOOST_VERSION / 100 % 1000) + "." + std::to_string(BOOST_VERSION % 100) +
         ", simdjson " + std::to_string(simdjson::SIMDJSON_VERSION_MAJOR) + "." +
         std::to_string(simdjson::SIMDJSON_VERSION_MINOR) + "." +
         std::to_string(simdjson::SIMDJSON_VERSION_REVISION) + ", OpenSSL " +
         std::to_string(OPENSSL_VERSION_MAJOR) + "." + std::to_string(OPENSSL_VERSION_MINOR) + "." +
         std::to_string(OPENSSL_VERSION_PATCH) + " (running " +
         OpenSSL_version(OPENSSL_VERSION_STRING) + ")";
  return out;
}

}  // namespace sdemig
