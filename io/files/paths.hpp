#pragma once
// Path helpers the file writers share (the outputs, the journal).

#include <string>

namespace sdemig::files {

// The folder a path names a file in: "." for a bare name, "/" at the root.
inline std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace sdemig::files
