#pragma once
// Temporary folders for tests: device nodes, FIFOs, links and files are
// made there, never in shared paths.

#include <string>

namespace sdemig::test {

// A fresh, unique temporary directory (removed by remove_tree).
std::string make_temp_dir(const std::string& prefix);
void remove_tree(const std::string& dir);

}  // namespace sdemig::test
