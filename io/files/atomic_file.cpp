#include "io/files/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace sdemig::files {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path);
}

constexpr std::size_t flush_threshold = 1 << 20;

}  // namespace

atomic_file::atomic_file(std::string path, mode_t mode) : path_(std::move(path)) {
  temp_path_ = path_ + ".tmp-XXXXXX";
  fd_ = ::mkstemp(temp_path_.data());
  if (fd_ < 0) fail("cannot create a temporary file for", path_);
  if (::fchmod(fd_, mode) != 0) {
    const int saved = errno;
    ::close(fd_);
    ::unlink(temp_path_.c_str());
    errno = saved;
    fail("cannot set the mode of", temp_path_);
  }
}

atomic_file::~atomic_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void atomic_file::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= flush_threshold) flush();
}

void atomic_file::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", temp_path_);
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void atomic_file::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot sync", temp_path_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("cannot close", temp_path_);
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("cannot rename a temporary file to", path_);
  committed_ = true;
}

std::string read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open", path);
  std::string out;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail("cannot read", path);
    }
    if (n == 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace sdemig::files
