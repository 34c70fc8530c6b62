#pragma once
// Certificates the tests make for themselves (OpenSSL, EC P-256): a CA and a
// server certificate it signs, written as PEM files into a fresh directory.

#include <string>
#include <vector>

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

// A fresh, unique temporary directory (removed by remove_tree).
std::string make_temp_dir(const std::string& prefix);
void remove_tree(const std::string& dir);

}  // namespace sdemig::test
