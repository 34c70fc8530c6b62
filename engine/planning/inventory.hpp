#pragma once
// What an instance (or an export file) holds, per kind: the input of a plan.

#include <cstdint>
#include <map>
#include <utility>
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

// Each connector of `inv` that has an id, by (kind, id).
using connectors_by_id = std::map<std::pair<connector_kind, std::int64_t>, const connector*>;
inline connectors_by_id index_by_id(const inventory& inv) {
  connectors_by_id out;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : inv.of(kind))
      if (c.id) out[{kind, *c.id}] = &c;
  }
  return out;
}

}  // namespace sdemig::engine
