#pragma once
#include <string>

#include "io/files/read_file.hpp"

namespace sdemig::test {

inline std::string seed_example(const std::string& name) {
  return files::read_file(std::string(SDEMIG_TEST_DATA) + "/seed/" + name + ".json");
}

}  // namespace sdemig::test
