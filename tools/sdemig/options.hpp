#pragma once
// Command-line flags shared by several sdemig commands.

#include <CLI/CLI.hpp>
#include <string>

#include "engine/commands/commands.hpp"

namespace sdemig::cli {

// Where an instance's token comes from: --X-token-file or an environment variable.
struct token_source {
  std::string file;
  const char* env = nullptr;
};

void add_net_flags(CLI::App& app, engine::net_settings& net, bool writes);
// Adds FLAG (the URL) and its token file flag (FLAG-token-file, or `token_flag`).
void add_instance(CLI::App& app, const std::string& flag, std::string& url, token_source& token,
                  const std::string& what, const std::string& token_flag = {});

// Reads the token (file first, then the environment); throws usage_error.
std::string read_token(const token_source& source, const std::string& flag, const std::string& token_flag = {});

std::optional<connector_kind> parse_kind(const std::string& text);  // "all" -> nullopt

// "get=8,list=1,update=1"; throws usage_error naming the bad part.
std::vector<std::pair<engine::bench_op, unsigned>> parse_mix(const std::string& text);

}  // namespace sdemig::cli
