package dev.berth.orchestrate.balancer;

/** How a {@link ServiceBalancer} chooses the backend of each new client connection. */
public enum Strategy {
    /** Each backend in turn, the order of the last {@link ServiceBalancer#backends} call. */
    ROUND_ROBIN,
    /** The backend with the fewest open connections; among equals, the next in turn. */
    LEAST_CONNECTIONS
}
