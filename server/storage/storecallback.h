#pragma once

#include <functional>

/// The answer of an asynchronous store call, handed over on the thread that made the call.
template <typename T> using StoreCallback = std::function<void(T)>;
/// The end of a write: false when it could not be committed (nothing was stored).
using StoreDone = std::function<void(bool committed)>;
