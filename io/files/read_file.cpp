#include "io/files/read_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sdemig::files {

std::string read_file(const std::string& path) {
  const bool stdin_ = path == "-";
  const int fd = stdin_ ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const std::string name = stdin_ ? "standard input" : path;
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + name);
  std::string out;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      if (!stdin_) ::close(fd);
      throw std::system_error(saved, std::generic_category(), "cannot read " + name);
    }
    if (n == 0) break;
    out.append(chunk, static_cast<std::size_t>(n));
  }
  if (!stdin_) ::close(fd);
  return out;
}

void strip_bom(std::string& text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
}

}  // namespace sdemig::files
