#include "clustermetrics.h"

#include "prometheustext.h"

#include <cluster/clusterhealth.h>

QByteArray ClusterMetrics::prometheusText(const ClusterHealth &cluster)
{
    const ClusterBusHealth &bus = cluster.bus;
    PrometheusText out;
    out.family("chat_cluster_bus_connected", "gauge",
        "1 while this node's bus (Redis) is connected and subscribed, else 0.");
    out.sample("chat_cluster_bus_connected", bus.connected ? 1 : 0);
    out.family(
        "chat_cluster_peers", "gauge", "Other nodes this node heard within the silence bound.");
    out.sample("chat_cluster_peers", cluster.peers);
    out.family("chat_cluster_bus_published_total", "counter",
        "Bus messages this node published that Redis acknowledged.");
    out.sample("chat_cluster_bus_published_total", double(bus.published));
    out.family("chat_cluster_bus_received_total", "counter",
        "Bus messages this node received (its own included).");
    out.sample("chat_cluster_bus_received_total", double(bus.received));
    out.family("chat_cluster_bus_dropped_total", "counter",
        "Bus messages not sent: the bound on held messages was reached, or Redis refused them.");
    out.sample("chat_cluster_bus_dropped_total", double(bus.dropped));
    out.family("chat_cluster_bus_lost_in_flight_total", "counter",
        "Bus messages written to a connection lost before Redis acknowledged them.");
    out.sample("chat_cluster_bus_lost_in_flight_total", double(bus.lostInFlight));
    out.family("chat_cluster_bus_held_messages", "gauge",
        "Bus messages waiting to be written (the bus disconnected or backed up).");
    out.sample("chat_cluster_bus_held_messages", double(bus.heldMessages));
    return out.text();
}
