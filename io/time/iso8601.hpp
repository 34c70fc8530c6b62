#pragma once
// UTC timestamps as the outputs write them: "2026-11-29T06:41:34Z".

#include <string>

namespace sdemig::time {

std::string iso8601_now();

}  // namespace sdemig::time
