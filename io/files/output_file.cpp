#include "io/files/output_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "io/files/paths.hpp"

namespace sdemig::files {
namespace {

// Follows symlinks to the path that is to be replaced; a link whose target
// does not exist yet resolves to that target.
std::string resolve_links(std::string path) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    char target[PATH_MAX];
    const ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
    if (n < 0) return path;
    std::string next(target, static_cast<std::size_t>(n));
    path = next.starts_with('/') ? next : folder_of(path) + "/" + next;
  }
  return path;
}

}  // namespace

void write_all(int fd, std::string_view bytes, const std::string& name) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write to " + name);
    }
    if (n == 0) throw std::system_error(EIO, std::generic_category(), "cannot write to " + name);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void write_stdout(std::string_view bytes) {
  write_all(STDOUT_FILENO, bytes, "standard output");
}

output_file::output_file(const std::string& path, file_access access, const std::string& flag)
    : path_(path) {
  if (path == "-") {
    stdout_ = true;
    return;
  }
  const std::string where = flag + " " + path;
  if (path.empty()) throw output_path_error(flag + ": empty path");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw output_path_error(where + ": is a folder, not a file");
    if (!S_ISREG(st.st_mode)) {  // a device, FIFO, socket or pipe: written in place
      fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (fd_ < 0) throw output_path_error(where + ": cannot open: " + std::strerror(errno));
      return;
    }
  }
  const std::string real = resolve_links(path);
  struct stat folder {};
  const std::string dir = folder_of(real);
  if (::stat(dir.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) {
    throw output_path_error(where + ": the folder " + dir + " does not exist");
  }
  try {
    atomic_ = std::make_unique<atomic_file>(real, access);
  } catch (const std::system_error& e) {
    throw output_path_error(where + ": the folder " + dir + " is not writable (" +
                            e.code().message() + ")");
  }
}

output_file::~output_file() {
  if (fd_ >= 0) ::close(fd_);
}

void output_file::write(std::string_view bytes) {
  if (stdout_) return write_stdout(bytes);
  if (atomic_) return atomic_->write(bytes);
  write_all(fd_, bytes, path_);
}

void output_file::commit() {
  if (atomic_) atomic_->commit();
}

}  // namespace sdemig::files
