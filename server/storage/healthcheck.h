#pragma once

#include "storecallback.h"

/// @brief Whether the database answers (GET /health).
class HealthCheck
{
public:
    virtual ~HealthCheck() = default;

    /// A cheap read that proves the database answers.
    virtual void checkHealth(StoreCallback<bool> done) = 0;
};
