package dev.berth.orchestrate.balancer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one {@link ServiceBalancer} outside berthd, for bench/lb:
 * {@code java -cp target/berth.jar:target/test-classes dev.berth.orchestrate.balancer.StandaloneBalancer
 * --listen 127.0.0.1:8080 --backend 127.0.0.1:9001 --backend 127.0.0.1:9002 [--strategy least-connections] [--loops 2]}.
 * Prints {@code listening on [...]} when ready and runs until killed; then prints its stats.
 */
public final class StandaloneBalancer {
    private StandaloneBalancer() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<InetSocketAddress> frontends = new ArrayList<>();
        List<Backend> backends = new ArrayList<>();
        BalancerOptions options = BalancerOptions.of(Strategy.ROUND_ROBIN);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--listen" -> frontends.add(address(value));
                case "--backend" -> backends.add(new Backend("backend-" + (backends.size() + 1), address(value)));
                case "--strategy" -> options = options.withStrategy(Strategy.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_')));
                case "--loops" -> options = options.withLoops(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --listen HOST:PORT, --backend HOST:PORT, --strategy round-robin|least-connections, --loops N)");
            }
        }
        ServiceBalancer balancer = ServiceBalancer.open(frontends, options);
        balancer.backends(backends, Duration.ZERO);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            balancer.close();
            BalancerStats stats = balancer.stats();
            System.out.println("unserved " + stats.unserved());
            stats.backends().forEach(System.out::println);
        }));
        System.out.println("listening on " + balancer.frontends());
        Thread.currentThread().join();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
