#pragma once
// Who is waiting: requests queued for a connection, requests sleeping
// between attempts. A waiter joins its list when it is made and leaves it
// when it is destroyed (or woken), so a coroutine frame that ends for any
// reason can never leave a dangling entry behind. No Asio: what waking
// means is the waiter's own (the client cancels a timer; a test sets a flag).

#include <cassert>
#include <cstddef>

namespace sdemig::net {

class wait_list;

class waiter {
 public:
  waiter(const waiter&) = delete;
  waiter& operator=(const waiter&) = delete;
  bool waiting() const noexcept { return list_ != nullptr; }

 protected:
  explicit waiter(wait_list& list) noexcept;
  ~waiter();
  // Called once, after the waiter has left the list.
  virtual void wake() noexcept = 0;

 private:
  friend class wait_list;
  void unlink() noexcept;
  wait_list* list_;
  waiter* prev_ = nullptr;
  waiter* next_ = nullptr;
};

// First in, first out.
class wait_list {
 public:
  wait_list() = default;
  wait_list(const wait_list&) = delete;
  wait_list& operator=(const wait_list&) = delete;
  ~wait_list() {
    wake_all();
    assert(size_ == 0 && !head_ && !tail_);
  }

  bool empty() const noexcept { return head_ == nullptr; }
  std::size_t size() const noexcept { return size_; }
  // Wakes the one waiting longest; false when nobody waits.
  bool wake_one() noexcept {
    if (!head_) return false;
    waiter* w = head_;
    assert(w->list_ == this && !w->prev_ && "the head of the list is not its first waiter");
    w->unlink();
    w->wake();
    return true;
  }
  void wake_all() noexcept {
    while (wake_one()) {
    }
  }

 private:
  friend class waiter;
  waiter* head_ = nullptr;
  waiter* tail_ = nullptr;
  std::size_t size_ = 0;
};

inline waiter::waiter(wait_list& list) noexcept : list_(&list), prev_(list.tail_) {
  if (list.tail_) {
    list.tail_->next_ = this;
  } else {
    list.head_ = this;
  }
  list.tail_ = this;
  ++list.size_;
}

inline waiter::~waiter() {
  unlink();
}

inline void waiter::unlink() noexcept {
  if (!list_) return;
  assert(list_->size_ > 0 && "a waiter in an empty list");
  assert((prev_ ? prev_->next_ == this : list_->head_ == this) && "the list lost its links");
  assert((next_ ? next_->prev_ == this : list_->tail_ == this) && "the list lost its links");
  (prev_ ? prev_->next_ : list_->head_) = next_;
  (next_ ? next_->prev_ : list_->tail_) = prev_;
  --list_->size_;
  list_ = nullptr;
  prev_ = next_ = nullptr;
}

}  // namespace sdemig::net
