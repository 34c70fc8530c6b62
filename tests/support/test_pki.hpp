#pragma once
// Certificates the tests make for themselves (OpenSSL, EC P-256): a CA and a
// server certificate it signs, written as PEM files into a fresh directory.

#include <string>
#include <vector>

#include "support/temp_dir.hpp"  // the PKI is written into one

namespace sdemig::test {

struct test_pki {
  std::string dir;
  std::string ca_cert;      // PEM paths
  std::string server_cert;  // leaf only
  std::string server_key;
};

// `names`: DNS names and IP addresses for the server certificate's SAN.
test_pki make_test_pki(const std::string& dir,
                       const std::vector<std::string>& names = {"localhost", "127.0.0.1"});

}  // namespace sdemig::test
