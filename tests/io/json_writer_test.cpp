#include "io/json/json_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sdemig::json {
namespace {

using testing::HasSubstr;
using testing::Not;

std::string json_quoted(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

TEST(json_writer, escapes_quotes_backslashes_and_control_characters) {
  EXPECT_EQ(json_quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(json_quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(json_quoted(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(json_quoted("\x7f"), "\"\x7f\"");
}

TEST(json_writer, writes_non_ascii_utf8_as_is) {
  EXPECT_EQ(json_quoted("Équipe 東京 😀"), "\"Équipe 東京 😀\"");
}

connector sample() {
  connector c;
  c.id = 7;
  c.name = "n";
  c.system = {"jira", "JIRA", "JIRA"};
  c.inaccessible = false;
  c.set_param("alm_server", scalar::string("s"));
  c.set_param("alm_pass", scalar::string("hunter2"));
  c.set_param("alm_api_token", scalar::null());
  return c;
}

TEST(json_writer, full_connector) {
  EXPECT_EQ(
      to_json(sample()),
      R"({"id":7,"name":"n","system":{"id":"jira","short_name":"JIRA","name":"JIRA"},"inaccessible":false,"params":{"alm_server":"s","alm_pass":"hunter2","alm_api_token":null}})");
}

TEST(json_writer, write_request_form_has_no_id_and_only_the_system_id) {
  write_options o;
  o.include_id = false;
  o.system_id_only = true;
  EXPECT_EQ(
      to_json(sample(), o),
      R"({"name":"n","system":{"id":"jira"},"inaccessible":false,"params":{"alm_server":"s","alm_pass":"hunter2","alm_api_token":null}})");
}

TEST(json_writer, redacted_secrets_are_null) {
  write_options o;
  o.redact_secrets = true;
  const std::string json = to_json(sample(), o);
  EXPECT_THAT(json, Not(HasSubstr("hunter2")));
  EXPECT_THAT(json, HasSubstr(R"("alm_pass":null)"));
}

TEST(json_writer, masked_secrets_show_the_mask_but_nulls_stay_null) {
  write_options o;
  o.mask_secrets = true;
  const std::string json = to_json(sample(), o);
  EXPECT_THAT(json, HasSubstr(R"("alm_pass":"********")"));
  EXPECT_THAT(json, HasSubstr(R"("alm_api_token":null)"));
}

TEST(json_writer, page_without_links_is_the_seed_shape) {
  connector_page page;
  page.results.push_back(sample());
  std::string out;
  append_page(out, page);
  EXPECT_EQ(out.substr(0, 13), R"({"results":[{)");
}

TEST(json_writer, documents_with_optional_ids_string_lists_and_raw_values) {
  writer w;
  w.begin_object();
  w.member("source_id", std::optional<std::int64_t>{7});
  w.member("target_id", std::optional<std::int64_t>{});
  w.member("kept", std::vector<std::string>{"a", "b\"c"});
  w.key("results");
  w.begin_array();
  w.raw_values() += R"({"id":1},{"id":2})";  // a stored page, already serialized
  w.end_array();
  w.member("count", 2);
  w.key("line");
  w.connector_value(sample(), {.include_id = false, .kind_member = "alm", .api_member = "current"});
  w.end_object();
  const std::string json = w.take();
  EXPECT_TRUE(json.starts_with(
      R"({"source_id":7,"target_id":null,"kept":["a","b\"c"],"results":[{"id":1},{"id":2}],"count":2,)"))
      << json;
  EXPECT_THAT(json, HasSubstr(R"("line":{"kind":"alm","api":"current","name":)"));
  EXPECT_TRUE(json.ends_with("}}")) << json;
}

}  // namespace
}  // namespace sdemig::json

#include "io/json/detail/wobbly_string.hpp"

namespace sdemig::json {
namespace {

TEST(wobbly_string, a_lone_surrogate_goes_through_byte_for_byte) {
  // "\ud800" alone: its three WTF-8 bytes, written back as the same escape.
  const auto lone = detail::unescape_wobbly(R"("a\ud800b")");
  ASSERT_TRUE(lone);
  EXPECT_EQ(*lone,
            "a\xED\xA0\x80"
            "b");
  std::string out;
  append_string(out, *lone);
  EXPECT_EQ(out, R"("a\ud800b")");
  // A pair is one character (4 bytes of UTF-8); other escapes as JSON says.
  EXPECT_EQ(detail::unescape_wobbly(R"("\ud83d\ude00 \"\\\/\n\u00e9")"),
            "\xF0\x9F\x98\x80 \"\\/\n\xC3\xA9");
  // U+D7FF (ED 9F BF) is an ordinary character: no escape.
  out.clear();
  append_string(out, "\xED\x9F\xBF");
  EXPECT_EQ(out, "\"\xED\x9F\xBF\"");
  // Not a string token, or a bad escape.
  EXPECT_FALSE(detail::unescape_wobbly("42"));
  EXPECT_FALSE(detail::unescape_wobbly(R"("\x")"));
  EXPECT_FALSE(detail::unescape_wobbly(R"("\u12")"));
}

}  // namespace
}  // namespace sdemig::json
