#pragma once
// Where a command's output goes (--out, --report):
// - "-" is standard output;
// - a character device, a FIFO, a socket or /dev/fd/N (a pipe from the
//   shell's `>(...)`) is written in place, never replaced;
// - a symlink is followed, and the file it points to is replaced;
// - a regular file (or a new one) is replaced all-or-nothing (atomic_file).
// Opening checks the path, so that a bad one is found before any request.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/files/atomic_file.hpp"

namespace sdemig::files {

// The path cannot be written: a folder, a missing or unwritable folder.
struct output_path_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class output_file {
 public:
  // Throws output_path_error naming `flag` and the path.
  output_file(const std::string& path, file_access access, const std::string& flag);
  ~output_file();
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  void write(std::string_view bytes);  // throws std::system_error
  void commit();                       // throws std::system_error
  bool is_stdout() const noexcept { return stdout_; }
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  bool stdout_ = false;
  std::unique_ptr<atomic_file> atomic_;
  int fd_ = -1;  // in place
};

// Writes all of `bytes` to `fd`, retrying short writes; throws
// std::system_error "cannot write to <name>: <reason>".
void write_all(int fd, std::string_view bytes, const std::string& name);

// Every write to standard output goes through here, so that a full disk or
// a closed pipe ends the run instead of passing unseen.
void write_stdout(std::string_view bytes);

}  // namespace sdemig::files
