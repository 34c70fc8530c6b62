#pragma once
// Test helpers that look at JSON as values: equality (object key order does
// not matter, "7" and 7 differ) and shape (keys and types, not values).

#include <string>
#include <string_view>

namespace sdemig::test {

// Empty when equal, else the JSON pointer of the first difference and why.
std::string json_difference(std::string_view a, std::string_view b);

// "{id:number,name:string,system:{id:string,...}}" with keys sorted; an
// array shows the distinct shapes of its elements.
std::string json_shape(std::string_view json);

}  // namespace sdemig::test
