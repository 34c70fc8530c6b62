// `bench --op update` PUTs back what it read, so it must never PUT a value
// it was not shown (issue 32, item 8): a secret only the plugin schema
// names, masked by the server, was PUT as "********" and a real Django
// REST Framework server stored the mask in place of the secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/seed.hpp"
#include "target_instance.hpp"

namespace sdemig::test {
namespace {

// A ServiceNow connector whose only secret is the one the schema alone
// names (servicenow_client_secret), and a connector with no secret at all.
void seed(target_instance& target) {
  connector servicenow = sim::seeded_connector(connector_kind::alm, 6, api_generation::current);
  ASSERT_EQ(servicenow.system.id, "servicenow");
  std::erase_if(*servicenow.params, [](const param& p) { return is_secret_param(p.key); });
  ASSERT_NE(servicenow.find_param("servicenow_client_secret"), nullptr);
  target.add(connector_kind::alm, servicenow);
  connector plain = sim::seeded_connector(connector_kind::alm, 3, api_generation::current);
  std::erase_if(*plain.params, [](const param& p) { return is_secret_param(p.key); });
  target.add(connector_kind::alm, plain);
}

TEST(bench_secrets, an_update_never_puts_back_a_secret_it_was_shown_masked) {
  target_instance target(target_type::drf, /*mask_secrets=*/true);
  seed(target);
  cli_env env;
  const auto r = env.sdemig({"bench", "--url", target.url(), "--token-file",
                             env.path("target.token"), "--op", "update", "-n", "40", "-c", "2"});
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  for (const connector& c : target.stored(connector_kind::alm)) {
    for (const param& p : c.params.value_or(std::vector<param>{}))
      EXPECT_NE(p.value.text, masked_secret) << c.name << " holds the mask in " << p.key;
  }
}

}  // namespace
}  // namespace sdemig::test
