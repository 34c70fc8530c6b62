#include "io/json/connector_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/json/json_writer.hpp"
#include "support/files.hpp"
#include "support/json_equal.hpp"

namespace sdemig::json {
namespace {

using testing::HasSubstr;

using test::json_difference;
using test::seed_example;

std::string page_round_trip(const std::string& body) {
  connector_parser parser;
  connector_page page;
  auto err = parser.parse(body, page);
  EXPECT_FALSE(err) << err->text();
  std::string out;
  append_page(out, page);
  return out;
}

std::string connector_round_trip(const std::string& body) {
  connector_parser parser;
  connector c;
  auto err = parser.parse(body, c);
  EXPECT_FALSE(err) << err->text();
  return to_json(c);
}

class seed_pages : public testing::TestWithParam<const char*> {};
TEST_P(seed_pages, parse_and_round_trip_to_equal_json) {
  const std::string body = seed_example(GetParam());
  EXPECT_EQ(json_difference(body, page_round_trip(body)), "");
}
INSTANTIATE_TEST_SUITE_P(seed, seed_pages,
                         testing::Values("alm_list_response", "analysis_list_response"));

class seed_connectors : public testing::TestWithParam<const char*> {};
TEST_P(seed_connectors, parse_and_round_trip_to_equal_json) {
  const std::string body = seed_example(GetParam());
  EXPECT_EQ(json_difference(body, connector_round_trip(body)), "");
}
INSTANTIATE_TEST_SUITE_P(seed, seed_connectors,
                         testing::Values("alm_get_response", "alm_create_request",
                                         "alm_create_response", "alm_put_request",
                                         "alm_put_response", "analysis_get_response"));

TEST(connector_parser, reads_the_seed_list_into_the_model) {
  connector_parser parser;
  connector_page page;
  ASSERT_FALSE(parser.parse(seed_example("alm_list_response"), page));
  ASSERT_EQ(page.results.size(), 2u);
  EXPECT_FALSE(page.paginated);
  const connector& jira = page.results[1];
  EXPECT_EQ(jira.id, 2);
  EXPECT_EQ(jira.name, "JIRA Example Connector");
  EXPECT_EQ(jira.system.id, "jira");
  EXPECT_EQ(jira.system.short_name, "JIRA");
  EXPECT_EQ(jira.inaccessible, false);
  ASSERT_TRUE(jira.params);
  EXPECT_EQ(jira.params->size(), 11u);
  EXPECT_EQ(jira.params->front().key, "sde_verification_filter");  // order kept
  EXPECT_EQ(*jira.find_param("sde_min_priority"), scalar::string("7"));
}

TEST(connector_parser, analysis_connectors_have_no_params_and_no_short_name) {
  connector_parser parser;
  connector c;
  ASSERT_FALSE(parser.parse(seed_example("analysis_get_response"), c));
  EXPECT_FALSE(c.params);
  EXPECT_FALSE(c.system.short_name);
  EXPECT_EQ(c.system.name, "Fortify");
}

TEST(connector_parser, param_values_keep_their_json_type_and_text) {
  const std::string body =
      R"({"name":"n","system":{"id":"jira"},"params":{"a":"7","b":7,"c":7.50,"d":-1e3,"e":true,"f":null,"g":""}})";
  connector_parser parser;
  connector c;
  ASSERT_FALSE(parser.parse(body, c));
  EXPECT_EQ(*c.find_param("a"), scalar::string("7"));
  EXPECT_EQ(*c.find_param("b"), scalar::integer(7));
  EXPECT_EQ(*c.find_param("c"), (scalar{json_type::number, "7.50"}));
  EXPECT_EQ(*c.find_param("d"), (scalar{json_type::number, "-1e3"}));
  EXPECT_EQ(*c.find_param("e"), scalar::boolean(true));
  EXPECT_EQ(*c.find_param("f"), scalar::null());
  EXPECT_EQ(*c.find_param("g"), scalar::string(""));
  EXPECT_NE(*c.find_param("a"), *c.find_param("b"));
  EXPECT_EQ(to_json(c), body);  // byte for byte
}

TEST(connector_parser, non_ascii_and_quoted_secrets_round_trip_byte_faithfully) {
  const std::string name = "Équipe \"Sécurité\" 東京 \\ Zürich";
  const std::string secret = "p\"a\\ss\twörd\x01";
  connector c;
  c.id = 42;
  c.name = name;
  c.system = {"jira", "JIRA", "JIRA"};
  c.inaccessible = true;
  c.set_param("alm_pass", scalar::string(secret));
  const std::string json = to_json(c);
  EXPECT_THAT(json, HasSubstr("Équipe \\\"Sécurité\\\" 東京 \\\\ Zürich")) << json;
  EXPECT_THAT(json, HasSubstr("p\\\"a\\\\ss\\twörd\\u0001")) << json;

  connector_parser parser;
  connector back;
  ASSERT_FALSE(parser.parse(json, back));
  EXPECT_EQ(back.name, name);
  EXPECT_EQ(back.find_param("alm_pass")->text, secret);
  EXPECT_EQ(back, c);
  EXPECT_EQ(to_json(back), json);
}

TEST(connector_parser, escaped_unicode_in_input_becomes_utf8) {
  connector_parser parser;
  connector c;
  ASSERT_FALSE(
      parser.parse(std::string(R"({"name":"\u00c9t\u00e9 \ud83d\ude00","system":{"id":"x"}})"), c));
  EXPECT_EQ(c.name, "Été 😀");
}

// Strings without escapes are copied straight from the input; those with a
// backslash anywhere (also at each position of the eight-byte scan and in
// keys) are unescaped.
TEST(connector_parser, escapes_are_found_wherever_they_are_in_keys_and_values) {
  connector_parser parser;
  for (std::size_t len = 0; len <= 20; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      std::string plain(len, 'a');
      std::string escaped = plain;
      escaped.insert(at, "\\n");
      std::string expected = plain;
      expected.insert(at, "\n");
      const std::string body = R"({"na\u006de" : "x" , "system":{"id":"j"},"params":{")" + escaped +
                               R"(":")" + escaped + R"(","p)" + plain + R"(" :  ")" + plain +
                               R"("  }})";
      connector c;
      ASSERT_FALSE(parser.parse(body, c)) << body;
      EXPECT_EQ(c.name, "x");
      ASSERT_EQ(c.params->size(), 2u) << body;
      EXPECT_EQ((*c.params)[0].key, expected) << body;
      EXPECT_EQ((*c.params)[0].value.text, expected) << body;
      EXPECT_EQ((*c.params)[1].key, "p" + plain) << body;
      EXPECT_EQ((*c.params)[1].value.text, plain) << body;
    }
  }
}

TEST(connector_parser, unknown_fields_are_kept) {
  const std::string body =
      R"({"id":3,"name":"n","system":{"id":"jira"},"created":"2024-01-01","tags":["a",{"b":1}],"n":null})";
  EXPECT_EQ(json_difference(body, connector_round_trip(body)), "");
}

TEST(connector_parser, paginated_page_keeps_count_and_links) {
  const std::string body =
      R"({"count":3,"next":"https://sde.example.com/api/v2/connectors/alm/?page=2","previous":null,"results":[]})";
  connector_parser parser;
  connector_page page;
  ASSERT_FALSE(parser.parse(body, page));
  EXPECT_TRUE(page.paginated);
  EXPECT_EQ(page.count, 3);
  EXPECT_EQ(page.next, "https://sde.example.com/api/v2/connectors/alm/?page=2");
  EXPECT_FALSE(page.previous);
  EXPECT_EQ(json_difference(body, page_round_trip(body)), "");
}

TEST(connector_parser, reads_unpadded_buffers_by_copying_and_padded_ones_in_place) {
  std::string body = seed_example("alm_get_response");
  body.shrink_to_fit();
  connector_parser parser;
  connector a, b;
  ASSERT_FALSE(parser.parse_connector(body, body.size(), a));
  body.reserve(body.size() + 64);
  ASSERT_FALSE(parser.parse(body, b));
  EXPECT_EQ(a, b);
}

struct bad_case {
  const char* name;
  std::string body;
  std::string expected;  // the whole message
};

class bad_pages : public testing::TestWithParam<bad_case> {};
TEST_P(bad_pages, give_one_clear_line) {
  connector_parser parser;
  connector_page page;
  auto err = parser.parse(GetParam().body, page);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), GetParam().expected);
}
INSTANTIATE_TEST_SUITE_P(
    malformed, bad_pages,
    testing::Values(
        bad_case{"empty", "", "empty body, expected JSON"},
        bad_case{"truncated", R"({"results":[{"id":1,"name":"a","system":{"id":"jira"})",
                 "results[0]: truncated JSON"},
        bad_case{"missing_results", R"({"count":0})", "missing \"results\""},
        bad_case{"results_not_array", R"({"results":{"id":1}})",
                 "results: expected array, got object"},
        bad_case{"top_level_array", R"([{"id":1}])",
                 "expected an object with \"results\", got array"},
        bad_case{"name_not_string", R"({"results":[{"id":1,"name":5,"system":{"id":"jira"}}]})",
                 "results[0].name: expected string, got number"},
        bad_case{
            "missing_name",
            R"({"results":[{"id":1,"name":"a","system":{"id":"j"}},{"id":2,"system":{"id":"j"}}]})",
            "results[1]: missing \"name\""},
        bad_case{"id_not_integer", R"({"results":[{"id":"1","name":"a","system":{"id":"jira"}}]})",
                 "results[0].id: expected an integer id"},
        bad_case{"nested_param",
                 R"({"results":[{"name":"a","system":{"id":"j"},"params":{"x":{"y":1}}}]})",
                 "results[0].params.x: expected a string, number, boolean or null, got object"},
        bad_case{"params_array", R"({"results":[{"name":"a","system":{"id":"j"},"params":[]}]})",
                 "results[0].params: expected object, got array"},
        bad_case{"system_without_id", R"({"results":[{"name":"a","system":{"name":"J"}}]})",
                 "results[0].system: missing \"id\""},
        bad_case{"inaccessible_string",
                 R"({"results":[{"name":"a","system":{"id":"j"},"inaccessible":"no"}]})",
                 "results[0].inaccessible: expected boolean, got string"},
        bad_case{"next_number", R"({"next":5,"results":[]})", "next: expected string, got number"},
        bad_case{"trailing_garbage", R"({"results":[]} x)",
                 "unexpected content after the JSON value at line 1, column 16"},
        bad_case{"bad_literal",
                 R"({"results":[{"name":"a","system":{"id":"j"},"params":{"p":nulx}}]})",
                 "results[0]: invalid JSON (The JSON element does not have the requested type.) at "
                 "line 1, column 59"},
        bad_case{"html", "<html><body>Bad gateway</body></html>",
                 "invalid JSON (The JSON document has an improper structure: missing or "
                 "superfluous commas, braces, missing keys, etc.) at line 1, column 1"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(connector_parser, every_truncation_of_a_page_is_an_error_not_a_crash) {
  const std::string body = seed_example("alm_list_response");
  connector_parser parser;
  connector_page page;
  std::size_t last_non_space = body.find_last_not_of(" \n");
  for (std::size_t n = 0; n < last_non_space; ++n) {
    const std::string cut = body.substr(0, n);
    EXPECT_TRUE(parser.parse(cut, page)) << "prefix of " << n << " bytes parsed";
  }
}

TEST(connector_parser, invalid_utf8_is_an_error) {
  connector_parser parser;
  connector c;
  auto err = parser.parse(std::string("{\"name\":\"\xff\xfe\",\"system\":{\"id\":\"j\"}}"), c);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text().substr(0, 20), "invalid UTF-8 in JSO");
}

std::string big_page(std::size_t min_bytes) {
  std::string body = R"({"results":[)";
  const std::string one = seed_example("alm_get_response");
  while (body.size() < min_bytes) {
    body += one;
    body += ',';
  }
  body.back() = ']';
  body += '}';
  return body;
}

TEST(connector_parser, a_50_mb_page_is_refused_over_the_limit_and_parsed_under_it) {
  const std::string body = big_page(50u << 20);
  connector_parser parser;
  connector_page page;
  auto err = parser.parse(body, page);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), "document is 50.0 MB, over the 32.0 MB limit");

  connector_parser roomy(64u << 20);
  ASSERT_FALSE(roomy.parse(body, page));
  EXPECT_GT(page.results.size(), 50000u);
}

TEST(connector_parser, parser_is_reusable_after_an_error) {
  connector_parser parser;
  connector_page page;
  EXPECT_TRUE(parser.parse(std::string("{\"results\":[1"), page));
  EXPECT_FALSE(parser.parse(seed_example("alm_list_response"), page));
  EXPECT_EQ(page.results.size(), 2u);
}

}  // namespace
}  // namespace sdemig::json
