// The names --misbehave takes (router.hpp's list_misbehaviour).
#include "sim/named.hpp"
#include "sim/router.hpp"

namespace sdemig::sim {

list_misbehaviour parse_list_misbehaviour(std::string_view text) {
  static constexpr std::pair<std::string_view, list_misbehaviour> names[] = {
      {"none", list_misbehaviour::none},
      {"malformed", list_misbehaviour::malformed},
      {"truncated", list_misbehaviour::truncated},
      {"results-object", list_misbehaviour::results_object},
      {"nameless", list_misbehaviour::nameless},
      {"html", list_misbehaviour::html},
      {"huge", list_misbehaviour::huge},
      {"next-loop", list_misbehaviour::next_loop},
      {"error-html", list_misbehaviour::error_html},
      {"schema-html", list_misbehaviour::schema_html},
      {"schema-garbage", list_misbehaviour::schema_garbage},
      {"lone-surrogate", list_misbehaviour::lone_surrogate}};
  return named(names, text, "misbehaviour");
}

}  // namespace sdemig::sim
