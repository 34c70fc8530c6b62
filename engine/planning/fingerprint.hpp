#pragma once
// What a saved plan records of each target item it was made against: the
// item with its secret values left out (a plan file holds none), and a
// fingerprint of that, so that `apply` can tell an item changed since the
// plan (drift) from one as planned. No I/O.

#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"
#include "model/project.hpp"

namespace sdemig::engine {

// The fingerprint of an item a plan expects not to be there (a create's).
inline constexpr std::string_view absent_fingerprint = "absent";

// The item with every secret param's value null (what a plan file holds).
connector without_secrets(connector c);
connection without_secrets(connection c);

// "sha256:" and the digest of the item's canonical JSON (members sdemig
// reads, params in key order, secret values left out, ids included: an item
// deleted and made again is not the one planned against).
std::string fingerprint(const connector& c);
// A connection's: a read merges its connector's params in, so only the
// params named `keys` (the ones the plan sends) count: a connector updated
// by the same run changes no connection's fingerprint.
std::string fingerprint(const connection& c, const std::vector<std::string>& keys);

}  // namespace sdemig::engine
