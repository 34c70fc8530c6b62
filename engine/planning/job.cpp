#include "engine/planning/job.hpp"

#include <simdjson.h>

#include <algorithm>
#include <initializer_list>

#include "io/files/read_file.hpp"
#include "io/json/strict_check.hpp"

namespace sdemig::engine {
namespace dom = simdjson::dom;

bool where_clause::matches(connector_kind k, const connector& c) const {
  if (kind && *kind != k) return false;
  if (connection) return false;  // a connector transform never reaches connections' rules
  if (system && *system != c.system.id) return false;
  if (name && !name->matches(c.name)) return false;
  return true;
}

bool job::selects_project(const std::string& path) const {
  return projects.empty() || std::any_of(projects.begin(), projects.end(),
                                         [&](const glob& g) { return g.matches(path); });
}

bool job::wants(connector_kind kind) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool job::selects(connector_kind kind, const connector& c) const {
  if (!wants(kind)) return false;
  if (!systems.empty() && std::find(systems.begin(), systems.end(), c.system.id) == systems.end())
    return false;
  auto any = [&](const std::vector<glob>& globs) {
    return std::any_of(globs.begin(), globs.end(),
                       [&](const glob& g) { return g.matches(c.name); });
  };
  if (!names.empty() && !any(names)) return false;
  return !any(exclude_names);
}

namespace {

std::string_view type_name(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY:
      return "array";
    case dom::element_type::OBJECT:
      return "object";
    case dom::element_type::STRING:
      return "string";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      return "number";
    case dom::element_type::BOOL:
      return "boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

class job_reader {
 public:
  explicit job_reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw job_error(file_ + ": " + (where.empty() ? what : where + ": " + what));
  }

  dom::object object(dom::element e, const std::string& where,
                     std::initializer_list<std::string_view> known) const {
    if (e.type() != dom::element_type::OBJECT)
      fail(where, "expected an object, got " + std::string(type_name(e.type())));
    dom::object o = e;
    for (auto [key, value] : o) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(where, "unknown key \"" + std::string(key) + "\" (known: " + list + ")");
      }
    }
    return o;
  }

  std::string string(dom::element e, const std::string& where) const {
    if (e.type() != dom::element_type::STRING)
      fail(where, "expected a string, got " + std::string(type_name(e.type())));
    return std::string(std::string_view(e));
  }

  bool boolean(dom::element e, const std::string& where) const {
    if (e.type() != dom::element_type::BOOL)
      fail(where, "expected true or false, got " + std::string(type_name(e.type())));
    return bool(e);
  }

  std::vector<std::string> strings(dom::element e, const std::string& where) const {
    if (e.type() != dom::element_type::ARRAY)
      fail(where, "expected an array of strings, got " + std::string(type_name(e.type())));
    std::vector<std::string> out;
    std::size_t i = 0;
    for (dom::element item : dom::array(e))
      out.push_back(string(item, where + "[" + std::to_string(i++) + "]"));
    return out;
  }

  std::vector<glob> globs(dom::element e, const std::string& where) const {
    std::vector<glob> out;
    std::size_t i = 0;
    for (const std::string& pattern : strings(e, where)) {
      std::string error;
      auto g = glob::compile(pattern, &error);
      if (!g) fail(where + "[" + std::to_string(i) + "]", error);
      out.push_back(std::move(*g));
      ++i;
    }
    return out;
  }

  connector_kind kind(dom::element e, const std::string& where) const {
    const std::string text = string(e, where);
    auto k = parse_kind_name(text);
    if (!k) {
      fail(where,
           "kind must be \"alm\" (or \"issue-tracker\") or \"analysis\", not \"" + text + "\"");
    }
    return *k;
  }

  scalar value(dom::element e, const std::string& where) const {
    switch (e.type()) {
      case dom::element_type::STRING:
        return scalar::string(std::string(std::string_view(e)));
      case dom::element_type::INT64:
        return scalar::integer(int64_t(e));
      case dom::element_type::UINT64:
        return {json_type::integer, std::to_string(uint64_t(e))};
      case dom::element_type::DOUBLE:
        return {json_type::number, simdjson::minify(e)};
      case dom::element_type::BOOL:
        return scalar::boolean(bool(e));
      case dom::element_type::NULL_VALUE:
        return scalar::null();
      default:
        fail(where,
             "expected a string, number, boolean or null, got " + std::string(type_name(e.type())));
    }
  }

  where_clause where_of(dom::element e, const std::string& where) const {
    where_clause w;
    for (auto [key, value] : object(e, where, {"system", "name", "kind"})) {
      const std::string at = where + "." + std::string(key);
      if (key == "system") w.system = string(value, at);
      if (key == "kind") {
        if (value.type() == dom::element_type::STRING && std::string_view(value) == "connection") {
          w.connection = true;
        } else {
          w.kind = kind(value, at);
        }
      }
      if (key == "name") {
        std::string error;
        w.name = glob::compile(string(value, at), &error);
        if (!w.name) fail(at, error);
      }
    }
    return w;
  }

  transform transform_of(dom::element e, const std::string& where) const {
    static const std::initializer_list<std::string_view> kinds = {
        "where", "set_params", "replace_in_params", "rename_params", "unset_params", "set", "name"};
    dom::object o = object(e, where, kinds);
    transform t;
    int actions = 0;
    for (auto [key, value] : o) {
      const std::string at = where + "." + std::string(key);
      if (key == "where") {
        t.where = where_of(value, at);
        continue;
      }
      ++actions;
      if (key == "set_params") {
        t.what = transform::type::set_params;
        if (value.type() != dom::element_type::OBJECT)
          fail(at, "expected an object of param values");
        for (auto [k, v] : dom::object(value))
          t.values.push_back({std::string(k), this->value(v, at + "." + std::string(k))});
      } else if (key == "replace_in_params") {
        t.what = transform::type::replace_in_params;
        dom::object r = object(value, at, {"param", "from", "to"});
        for (std::string_view required : {"param", "from", "to"}) {
          dom::element field;
          if (r[required].get(field)) fail(at, "missing \"" + std::string(required) + "\"");
        }
        t.param_key = string(r["param"], at + ".param");
        t.from = string(r["from"], at + ".from");
        t.to = string(r["to"], at + ".to");
        if (t.from.empty()) fail(at + ".from", "must not be empty");
      } else if (key == "rename_params") {
        t.what = transform::type::rename_params;
        if (value.type() != dom::element_type::OBJECT)
          fail(at, "expected an object of old name to new name");
        for (auto [k, v] : dom::object(value)) {
          t.values.push_back(
              {std::string(k), scalar::string(string(v, at + "." + std::string(k)))});
        }
      } else if (key == "unset_params") {
        t.what = transform::type::unset_params;
        t.names = strings(value, at);
      } else if (key == "set") {
        t.what = transform::type::set;
        for (auto [k, v] : object(value, at, {"inaccessible"}))
          t.inaccessible = boolean(v, at + "." + std::string(k));
      } else if (key == "name") {
        t.what = transform::type::name;
        for (auto [k, v] : object(value, at, {"prefix", "suffix"})) {
          (k == "prefix" ? t.prefix : t.suffix) = string(v, at + "." + std::string(k));
        }
      }
    }
    if (actions != 1)
      fail(where,
           "a transform holds exactly one of set_params, replace_in_params, rename_params, "
           "unset_params, set, name");
    return t;
  }

  job read(dom::element root) const {
    job j;
    for (auto [key, value] :
         object(root, "",
                {"kinds", "select", "on_conflict", "rename_suffix", "names_match", "transforms",
                 "connections", "format", "$schema"})) {
      const std::string at(key);
      if (key == "$schema") {
        string(value, at);  // where an editor finds the schema: read, never used
      } else if (key == "format") {
        if (string(value, at) != job_format)
          fail(at, "must be \"" + std::string(job_format) + "\" when given");
      } else if (key == "kinds") {
        j.kinds.clear();
        std::size_t i = 0;
        if (value.type() != dom::element_type::ARRAY) fail(at, "expected an array of kinds");
        for (dom::element k : dom::array(value)) {
          const std::string where = at + "[" + std::to_string(i++) + "]";
          const connector_kind named = kind(k, where);
          // Twice would plan every connector twice (issue-tracker is alm).
          if (std::find(j.kinds.begin(), j.kinds.end(), named) != j.kinds.end())
            fail(where, "names " + std::string(to_string(named)) + " again");
          j.kinds.push_back(named);
        }
        if (j.kinds.empty()) fail(at, "must name at least one kind");
      } else if (key == "select") {
        for (auto [skey, svalue] :
             object(value, at, {"systems", "names", "exclude_names", "projects"})) {
          const std::string sat = at + "." + std::string(skey);
          if (skey == "projects") j.projects = globs(svalue, sat);
          if (skey == "systems") j.systems = strings(svalue, sat);
          if (skey == "names") j.names = globs(svalue, sat);
          if (skey == "exclude_names") j.exclude_names = globs(svalue, sat);
        }
      } else if (key == "on_conflict") {
        const std::string policy = string(value, at);
        if (policy == "update")
          j.on_conflict = conflict_policy::update;
        else if (policy == "skip")
          j.on_conflict = conflict_policy::skip;
        else if (policy == "fail")
          j.on_conflict = conflict_policy::fail;
        else if (policy == "rename")
          j.on_conflict = conflict_policy::rename;
        else
          fail(at, "must be update, skip, fail or rename, not \"" + policy + "\"");
      } else if (key == "connections") {
        if (value.type() != dom::element_type::BOOL) fail(at, "expected true or false");
        j.connections = bool(value);
      } else if (key == "names_match") {
        const std::string how = string(value, at);
        const std::optional<name_matching> m = parse_name_matching(how);
        if (!m) fail(at, "must be flag, exact or look-alike, not \"" + how + "\"");
        j.names_match = *m;
      } else if (key == "rename_suffix") {
        j.rename_suffix = string(value, at);
        if (j.rename_suffix.empty()) fail(at, "must not be empty");
      } else if (key == "transforms") {
        if (value.type() != dom::element_type::ARRAY) fail(at, "expected an array of transforms");
        std::size_t i = 0;
        for (dom::element t : dom::array(value))
          j.transforms.push_back(transform_of(t, at + "[" + std::to_string(i++) + "]"));
      }
    }
    return j;
  }

 private:
  std::string file_;
};

}  // namespace

job parse_job_text(const std::string& text, const std::string& file_name) {
  if (auto problem = json::strict_check(text)) throw job_error(file_name + ": " + *problem);
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(simdjson::padded_string(text)).get(root)) {
    throw job_error(file_name + ": not valid JSON (" + simdjson::error_message(error) + ")");
  }
  return job_reader(file_name).read(root);
}

job load_job(const std::string& path) {
  std::string text = files::read_user_file<job_error>(path, "job file");
  return parse_job_text(text, path);
}

}  // namespace sdemig::engine
