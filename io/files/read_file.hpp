#pragma once
// Reading the files a user names: "-" is standard input where a command
// allows it, and a UTF-8 byte order mark at the start is skipped (editors on
// Windows write one).

#include <string>
#include <string_view>
#include <system_error>

namespace sdemig::files {

// Reads a whole file ("-": standard input); throws std::system_error naming the path.
std::string read_file(const std::string& path);

// `text` without a leading UTF-8 byte order mark.
void strip_bom(std::string& text);

// Reads a file the user named, without its BOM; a failure becomes
// `Error("<what>: cannot open <path>: <reason>")`.
template <class Error>
std::string read_user_file(const std::string& path, std::string_view what) {
  try {
    std::string text = read_file(path);
    strip_bom(text);
    return text;
  } catch (const std::system_error& e) {
    throw Error(std::string(what) + ": " + e.what());
  }
}

}  // namespace sdemig::files
