#pragma once
// The rounds that settle writes whose outcome is unknown (an answer lost
// after the request went out), for connectors and connections alike: each
// round takes the uncertain items and re-reads the target for them
// (`reconcile` puts back those it still cannot tell). Rounds stop when
// nothing is uncertain, the run halts, `idle_limit` rounds in a row settled
// nothing, or `max_rounds` ran. Returns the rounds run.

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <vector>

namespace sdemig {

template <class Halted, class Reconcile>
boost::asio::awaitable<unsigned> reconcile_in_rounds(std::vector<std::size_t>& uncertain,
                                                     unsigned idle_limit, unsigned max_rounds,
                                                     Halted halted, Reconcile reconcile) {
  unsigned rounds = 0, idle = 0;
  while (!uncertain.empty() && !halted() && idle < idle_limit && rounds < max_rounds) {
    std::vector<std::size_t> again;
    again.swap(uncertain);
    co_await reconcile(again);
    ++rounds;
    idle = uncertain.size() < again.size() ? 0 : idle + 1;  // a round that settled something
  }
  co_return rounds;
}

}  // namespace sdemig
