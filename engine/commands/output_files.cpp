// The output files every command that compares or writes opens before its
// first request (sync_run.hpp): a bad path is exit 2 with nothing sent.
#include <sys/stat.h>

#include <iostream>

#include "engine/commands/sync_run.hpp"

namespace sdemig::engine {

std::unique_ptr<files::output_file> open_output(const std::string& path, const std::string& flag) {
  if (path.empty()) return nullptr;
  try {
    return std::make_unique<files::output_file>(path, files::file_access::shared, flag);
  } catch (const files::output_path_error& e) {
    throw usage_error(e.what());
  }
}

std::unique_ptr<journal> open_journal(const sync_settings& settings) {
  if (settings.journal_file.empty() || settings.dry_run) return nullptr;
  struct stat st {};
  if (::stat(settings.journal_file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    throw usage_error("--journal " + settings.journal_file + ": is a folder, not a file");
  }
  std::string notice;
  std::unique_ptr<journal> log;
  try {
    log = std::make_unique<journal>(settings.journal_file, &notice);
  } catch (const std::system_error& e) {
    throw usage_error(e.what());
  }
  if (!notice.empty()) std::cerr << "sdemig: notice: " << notice << '\n';
  return log;
}

void write_page(files::output_file* out, const std::string& page) {
  if (!out) return;
  out->write(page);
  out->commit();
}

}  // namespace sdemig::engine
