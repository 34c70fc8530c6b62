#include "io/json/drf_error.hpp"

namespace sdemig {

std::string drf_error::summary() const {
  if (!detail.empty()) return detail;
  std::string out;
  for (const field_error& f : fields) {
    if (!out.empty()) out += "; ";
    out += f.field;
    out += ": ";
    for (std::size_t i = 0; i < f.messages.size(); ++i) {
      if (i) out += ' ';
      out += f.messages[i];
    }
  }
  return out;
}

}  // namespace sdemig
