#pragma once
// Writes a file all-or-nothing: the bytes go to a temporary file beside the
// target, which replaces the target only on commit() (fsync + rename). A
// file that is never committed is removed: no half-written output, and an
// earlier file of the same name stays untouched.

#include <string>
#include <string_view>
#include <system_error>
#include <sys/types.h>

namespace sdemig::files {

class atomic_file {
 public:
  // Throws std::system_error naming the path when the temp file cannot be made.
  atomic_file(std::string path, mode_t mode = 0644);
  ~atomic_file();
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  void write(std::string_view bytes);  // buffered; throws std::system_error
  void commit();                       // flush, fsync, rename; throws std::system_error

  const std::string& path() const noexcept { return path_; }

 private:
  void flush();

  std::string path_;
  std::string temp_path_;
  std::string buffer_;
  int fd_ = -1;
  bool committed_ = false;
};

// Reads a whole file; throws std::system_error naming the path.
std::string read_file(const std::string& path);

// Reads a file the user named; a failure becomes `Error("<what>: cannot open <path>: <reason>")`.
template <class Error>
std::string read_user_file(const std::string& path, std::string_view what) {
  try {
    return read_file(path);
  } catch (const std::system_error& e) {
    throw Error(std::string(what) + ": " + e.what());
  }
}

}  // namespace sdemig::files
