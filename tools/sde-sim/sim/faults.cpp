#include "sim/faults.hpp"

#include <string>
#include <utility>

#include "sim/named.hpp"

namespace sdemig::sim {

fault_plan decide_fault(const fault_config& config, std::mt19937_64& rng, bool is_write,
                        std::uint64_t nth) {
  if (config.hang_after && nth > *config.hang_after) return {fault_kind::hang};
  if (!config.any()) return {};
  if (config.scope == fault_scope::reads && is_write) return {};
  if (config.scope == fault_scope::writes && !is_write) return {};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // One draw split into consecutive bands, so the probabilities add up.
  double x = uniform(rng);
  if ((x -= config.p429) < 0) return {fault_kind::throttle};
  if ((x -= config.p503) < 0) return {fault_kind::unavailable};
  if ((x -= config.reset) < 0) {
    return {fault_kind::reset, is_write && uniform(rng) < config.reset_after_apply};
  }
  if ((x -= config.delay) < 0) return {fault_kind::delay};
  if (is_write && (x -= config.empty_body) < 0) return {fault_kind::empty_body};
  return {};
}

fault_scope parse_fault_scope(std::string_view text) {
  static constexpr std::pair<std::string_view, fault_scope> names[] = {
      {"all", fault_scope::all}, {"reads", fault_scope::reads}, {"writes", fault_scope::writes}};
  return named(names, text, "fault scope");
}

}  // namespace sdemig::sim
