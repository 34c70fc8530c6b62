// Bad answers from the server: each gives one clear line naming the request
// and the problem, exit 1, and no output file.
#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

struct bad_answer {
  sim::list_misbehaviour mode;
  const char* name;
  const char* expected;  // after "sdemig: export failed: "; {url} is the instance
};

class bad_server : public testing::TestWithParam<bad_answer> {};

TEST_P(bad_server, gives_one_clear_line_and_leaves_no_file) {
  sim::server_config c = sim_config(source_token);
  c.routing.misbehave = GetParam().mode;
  sim_instance source(c, 3, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--kind", "alm", "--out", env.path("out.json")}, env.from(source)));
  EXPECT_EQ(r.code, 1);
  std::string expected = std::string("sdemig: export failed: ") + GetParam().expected + "\n";
  for (auto pos = expected.find("{url}"); pos != std::string::npos; pos = expected.find("{url}")) {
    expected.replace(pos, 5, source.url());
  }
  EXPECT_EQ(r.err, expected);
  EXPECT_NE(::access(env.path("out.json").c_str(), F_OK), 0);
}

using m = sim::list_misbehaviour;
INSTANTIATE_TEST_SUITE_P(
    answers, bad_server,
    testing::Values(
        bad_answer{m::malformed, "malformed",
                   "GET {url}/api/v2/connectors/alm/?page_size=500: invalid answer: results[0]: "
                   "invalid JSON (The JSON document has an improper structure: missing or "
                   "superfluous commas, braces, missing keys, etc.) at line 1, column 32"},
        bad_answer{
            m::truncated, "truncated",
            "GET {url}/api/v2/connectors/alm/?page_size=500: invalid answer: truncated JSON"},
        bad_answer{m::results_object, "results_not_an_array",
                   "GET {url}/api/v2/connectors/alm/?page_size=500: invalid answer: results: "
                   "expected array, got object"},
        bad_answer{m::nameless, "connector_without_name",
                   "GET {url}/api/v2/connectors/alm/?page_size=500: invalid answer: results[0]: "
                   "missing \"name\""},
        bad_answer{m::html, "html_with_200",
                   "GET {url}/api/v2/connectors/alm/?page_size=500: invalid answer: an HTML page, "
                   "not JSON (<html><body>Welcome to SD Elements</body></html>)"},
        bad_answer{
            m::huge, "100_mb_body",
            "GET {url}/api/v2/connectors/alm/?page_size=500: answer larger than the 64 MiB limit"},
        bad_answer{m::next_loop, "endless_next",
                   "GET {url}/api/v2/connectors/alm/?page=1: invalid answer: pagination loops: "
                   "\"next\" points to a page already read ({url}/api/v2/connectors/alm/?page=1)"},
        bad_answer{m::error_html, "non_json_error_body",
                   "GET {url}/api/v2/connectors/alm/?page_size=500: HTTP 502 (not JSON: "
                   "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>)"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace sdemig::test
