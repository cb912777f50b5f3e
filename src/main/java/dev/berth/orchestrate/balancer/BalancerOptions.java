package dev.berth.orchestrate.balancer;

import dev.berth.common.BerthException;
import java.time.Duration;

/**
 * How a {@link ServiceBalancer} forwards: {@code BalancerOptions.of(Strategy.ROUND_ROBIN)} gives the defaults.
 *
 * @param failoverAfter how long a connect attempt may take before the next backend is tried instead
 * @param connectTimeout how long the attempt on the last backend left may take before the client is reset; longer,
 *                       because an overloaded replica whose accept queue is full drops SYNs that the kernel resends
 *                       after 1 s and 3 s, and a client connecting to it directly would wait for them too
 * @param loops selector threads forwarding this balancer's connections; one keeps up with a core's worth of traffic
 */
public record BalancerOptions(Strategy strategy, Duration failoverAfter, Duration connectTimeout, int loops) {
    /** Replicas are on this host: a healthy one answers a connect in microseconds. */
    public static final Duration DEFAULT_FAILOVER_AFTER = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public BalancerOptions {
        checkTimeout("failover", failoverAfter);
        checkTimeout("connect timeout", connectTimeout);
        if (loops < 1 || loops > 64) {
            throw BerthException.invalid("invalid balancer loop count " + loops + ": give 1 to 64");
        }
    }

    private static void checkTimeout(String what, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw BerthException.invalid("invalid balancer " + what + " time " + timeout + ": give 1ms to 5m");
        }
    }

    public static BalancerOptions of(Strategy strategy) {
        return new BalancerOptions(strategy, DEFAULT_FAILOVER_AFTER, DEFAULT_CONNECT_TIMEOUT, 1);
    }

    public BalancerOptions withStrategy(Strategy other) {
        return new BalancerOptions(other, failoverAfter, connectTimeout, loops);
    }

    public BalancerOptions withTimeouts(Duration failover, Duration connect) {
        return new BalancerOptions(strategy, failover, connect, loops);
    }

    public BalancerOptions withLoops(int count) {
        return new BalancerOptions(strategy, failoverAfter, connectTimeout, count);
    }
}
