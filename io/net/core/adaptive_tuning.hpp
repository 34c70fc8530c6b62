#pragma once
// Every tuning number of `--concurrency auto` (adaptive_limit and its
// helpers), named once: what it is, its unit, and why that value. The
// user-facing ones (first burst, cap, tolerance, target, re-measure period)
// are adaptive_options' defaults; these are the rest. Change one only with
// `bench/compare adaptive` before and after: each was chosen on its
// scenarios, and several were tried and dropped (docs/performance.md).

#include <chrono>
#include <cstddef>

namespace sdemig::net::tuning {

using namespace std::chrono_literals;

// --- The ceiling ---------------------------------------------------------
// With --concurrency auto and no --max-concurrency: the limit may pass the
// default 64 by the requests the network holds, up to this many in flight
// (a target 55 ms away serving 1,600 writes/s holds ~88; four times the
// default is room for a distant fast server, and a bound on connections).
inline constexpr std::size_t network_ceiling = 256;

// --- Windows: how answers are judged ------------------------------------
// Fewest answers a judgement rests on (a window, a run of slow answers, a
// priced 429): fewer is one stall on this machine or the server's.
inline constexpr std::size_t min_answers = 4;
// A window is this share of the limit's answers: the first answers after a
// change are the ones no queue held back; fewer would hide a queue.
inline constexpr double window_share = 0.5;
// The typical latency drops this share of a window's slowest answers (one
// stall is not a queue); the window's low is this quantile.
inline constexpr double trimmed_share = 0.1;
inline constexpr double low_quantile = 0.1;
// The limit counts as used when this share of it was in flight at once:
// an unused limit is never grown.
inline constexpr double used_share = 0.8;
// A gap in the answers this long (the plan between reading and writing)
// starts a new burst: rates are measured from its start, not over the gap.
inline constexpr auto burst_gap = 200ms;

// --- The first burst of a phase (adaptive_limit::first_burst) -------------
// Requests the first burst may put on the server's workers at once: twice
// what a small SDE instance serves at once (4 workers), the overshoot slow
// start allows itself; a queue of one service time there. (A first burst
// of 32 there queued 28 of them, 140 ms.)
inline constexpr double first_burst_at_server = 8;
// A doubling costs a round trip and, for its new connections, a network
// round trip more: the burst widens by (round trip + network) / round trip,
// to this at most (slow start's own overshoot). Its requests arrive together
// after their handshakes: a TLS server 30 ms away with 16 workers of 10 ms
// (bench/compare adaptive h) queued 40 ms when widened by the whole setup
// (80 at once), 30.5 ms at 64, 29.5 ms at 56 (this rule), 19.5 ms at 32
// (but 1.16x the best fixed setting's time, this rule 1.02x).
inline constexpr double first_burst_widest = 2;

// --- Slow start -----------------------------------------------------------
// Each fast answer while the limit is used lets this many more in flight:
// the limit doubles each round trip, as TCP's slow start.
inline constexpr double slow_start_step = 2;
// Never past this many times what the server delivered in one unloaded
// round trip (delivery_meter): more is a guess, not a measurement.
inline constexpr double slow_start_reach = 2;

// --- A queue forming --------------------------------------------------------
// Windows in a row above tolerance before a cut (one slow window is noise),
// unless far above.
inline constexpr unsigned windows_over_before_cut = 2;
// Far above: this many times the tolerance (an answer this slow also ends
// its window early, and a cut may take the limit to a quarter).
inline constexpr double far_factor = 2;
// A run of slow answers cuts at once when it is the limit divided by this:
// 8 when the answers take twice the lowest latency or more, else 4.
inline constexpr double run_ratio_high = 2;
inline constexpr std::size_t run_divisor_high = 8;
inline constexpr std::size_t run_divisor_low = 4;
// After a cut, a run cuts again before its cooldown only when this much
// worse than the ratio the last cut came at.
inline constexpr double worse_again = 1.25;
// A cut for a queue takes the limit to at least this share of itself (at
// most halving it), or `deep_cut_floor` when far above.
inline constexpr double cut_floor = 0.5;
inline constexpr double deep_cut_floor = 0.25;
// Past slow start, growth per round trip: this share of the limit, one at least.
inline constexpr double steady_growth = 0.1;

// --- 503s, timeouts and 429s ------------------------------------------------
// 503s and timeouts halve the limit; a 429 takes it to three quarters (the
// pace does the rest).
inline constexpr double overload_cut = 0.5;
inline constexpr double throttle_cut = 0.75;
// One cut per episode: for this long at least (or two typical latencies),
// answers to requests sent before the cut are no news.
inline constexpr auto settle_at_least = 100ms;
inline constexpr int settle_latencies = 2;
// Undoing a reaction to noise (noise_filter) doubles the limit back.
inline constexpr double noise_undo = 2;

// --- Pacing under a rate limit (throttle_pacer) -------------------------------
// The first pace is this share of the rate accepted when the first 429 came;
// later ones, after a 429 again, `repace_share`.
inline constexpr double first_pace_share = 0.9;
inline constexpr double repace_share = 0.95;
// Never below this share of the best rate a 429 came at: 429s that keep
// coming whatever the pace are not a rate limit's.
inline constexpr double pace_floor_share = 0.5;
// The pace is probed upward only while the server delivers this share of it.
inline constexpr double pace_used_share = 0.5;
// Until the second 429: x1.5 each quarter second (the first estimate may
// come from a fraction of a second); then x1.03 + 1 request/s each second.
inline constexpr double finding_growth = 1.5;
inline constexpr auto finding_every = 250ms;
inline constexpr double probing_growth = 1.03;
inline constexpr double probing_step_per_s = 1;
inline constexpr auto probing_every = 1s;

// --- The rate served (served_rate) ----------------------------------------------
// Served answers are counted per slot, over a ring of slots (one second).
inline constexpr auto served_slot = 100ms;
inline constexpr std::size_t served_slots = 10;
// The rate a 429 is priced at: the last second's, or the last 300 ms' if
// more (the pace may have been rising).
inline constexpr std::size_t recent_slots = 3;
// Rates are measured over this much time at least (the start of a burst).
inline constexpr auto shortest_span = 250ms;

// --- Re-measuring the unloaded latency -----------------------------------------
// One window at this share of the limit; below 2 the window's low is taken as is.
inline constexpr double remeasure_share = 0.5;

// --- The trajectory (bench pages) --------------------------------------------------
// Steps kept before thinning to every other one.
inline constexpr std::size_t trajectory_steps = 4096;

// --- Noise (noise_filter): bad answers that come whatever the load ------------
// Answers a period needs before its share of bad answers is judged.
inline constexpr std::size_t noise_min_period = 30;
// Shares above this are never noise (a server refusing that many at any load is overloaded).
inline constexpr double noise_max_share = 0.3;
// Shares below these are never noise: a slowly rising pace crosses a rate
// limit with a few percent of 429s; 503s and timeouts are rarer.
inline constexpr double throttle_min_noise = 0.05;
inline constexpr double overload_min_noise = 0.02;
// A period at a load this share of an earlier one or lower that still saw
// `noise_kept_share` of its bad answers: noise.
inline constexpr double noise_lower_load = 0.85;
inline constexpr double noise_kept_share = 0.5;
// Four periods in a row whose load did not rise by more than this: a floor.
inline constexpr double noise_steady_load = 1.02;
// Once noise is known, a signal needs this many periods' answers and a
// share above noise x 1.5 + 0.02.
inline constexpr std::size_t noise_signal_periods = 3;
inline constexpr double noise_signal_factor = 1.5;
inline constexpr double noise_signal_margin = 0.02;

}  // namespace sdemig::net::tuning
