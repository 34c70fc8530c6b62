#pragma once
// What an instance (or an export file) holds, per kind: the input of a plan.

#include <vector>

#include "model/connector.hpp"

namespace sdemig::engine {

// Every connector of an instance (or an export file), per kind.
struct inventory {
  std::vector<connector> alm;
  std::vector<connector> analysis;

  std::vector<connector>& of(connector_kind k) { return k == connector_kind::alm ? alm : analysis; }
  const std::vector<connector>& of(connector_kind k) const {
    return k == connector_kind::alm ? alm : analysis;
  }
};

}  // namespace sdemig::engine
