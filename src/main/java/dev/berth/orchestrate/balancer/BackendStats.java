package dev.berth.orchestrate.balancer;

/**
 * Counters of one backend since it joined the balancer.
 *
 * @param draining the backend left the set and keeps only its open connections until they end or its drain deadline
 * @param activeConnections client connections forwarded to it now (connect attempts included)
 * @param totalConnections client connections it accepted
 * @param connectFailures connect attempts refused, reset or timed out (each was retried on another backend)
 * @param bytesToBackend bytes read from clients and passed to it
 * @param bytesFromBackend bytes read from it and passed to clients
 */
public record BackendStats(Backend backend, boolean draining, int activeConnections, long totalConnections,
                           long connectFailures, long bytesToBackend, long bytesFromBackend) {
}
