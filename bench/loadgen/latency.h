#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

/** Percentiles of latencies in nanoseconds, reported in microseconds. */
class Latencies
{
public:
    void add(int64_t ns) { m_ns.push_back(ns); }
    void merge(const Latencies &other)
    {
        m_ns.insert(m_ns.end(), other.m_ns.begin(), other.m_ns.end());
    }
    size_t count() const { return m_ns.size(); }
    /** q in [0, 1]; -1 when empty. Sorts on first use after adding. */
    double percentileUs(double q)
    {
        if (m_ns.empty())
            return -1;
        if (!m_sorted) {
            std::sort(m_ns.begin(), m_ns.end());
            m_sorted = true;
        }
        const size_t i = std::min(m_ns.size() - 1, size_t(q * double(m_ns.size())));
        return double(m_ns[i]) / 1000.0;
    }
    void reserve(size_t n) { m_ns.reserve(n); }

private:
    std::vector<int64_t> m_ns;
    bool m_sorted = false;
};
