// Fuzzes the job-file parser: any input gives a job or a job_error, and a
// job's globs and transforms can be used.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/planning/job.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const sdemig::engine::job j = sdemig::engine::parse_job_text(
        std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    sdemig::connector c;
    c.name = "Équipe [prod] * connector?";
    c.system.id = "jira";
    (void)j.selects(sdemig::connector_kind::alm, c);
    for (const auto& t : j.transforms) (void)t.where.matches(sdemig::connector_kind::alm, c);
  } catch (const sdemig::engine::job_error&) {
  }
  return 0;
}
