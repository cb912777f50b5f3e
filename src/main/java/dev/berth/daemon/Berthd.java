package dev.berth.daemon;

import dev.berth.common.BerthException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berthd}: runs the daemon in the foreground until SIGTERM or SIGINT. */
@Command(name = "berthd", mixinStandardHelpOptions = true, version = "berthd 0.1.0",
        description = "The Berth daemon: containers and VMs from OCI images, behind a Docker-compatible API.")
public final class Berthd implements Callable<Integer> {
    private static final Logger LOG = System.getLogger("berth.daemon");

    @Option(names = "--data-root", description = "Persistent state (default: ${DEFAULT-VALUE})", defaultValue = "/var/lib/berth")
    Path dataRoot;

    @Option(names = "--exec-root", description = "Runtime state (default: ${DEFAULT-VALUE})", defaultValue = "/run/berth")
    Path execRoot;

    @Option(names = {"-H", "--host"}, description = "API socket (default: ${DEFAULT-VALUE})", defaultValue = DaemonConfig.DEFAULT_HOST)
    String host;

    @Option(names = "--runtime", description = "OCI runtime: runc or crun (default: ${DEFAULT-VALUE})", defaultValue = "runc")
    String runtime;

    @Option(names = {"-b", "--bridge"}, description = "The default network's bridge, also the nftables table's name (default: ${DEFAULT-VALUE})",
            defaultValue = "berth0")
    String bridge;

    @Option(names = "--bip", description = "The default network's subnet (default: ${DEFAULT-VALUE})", defaultValue = "10.77.0.0/16")
    String bip;

    @Option(names = "--default-address-pool", description = "Where user-defined networks take their /24 subnets from (default: ${DEFAULT-VALUE})",
            defaultValue = "10.78.0.0/15")
    String pool;

    @Option(names = "--resolv-conf", description = "Resolvers for names Berth does not know (default: ${DEFAULT-VALUE})",
            defaultValue = "/etc/resolv.conf")
    Path resolvConf;

    @Option(names = "--config-file", description = "Options as JSON, keys without -- (default: ${DEFAULT-VALUE})",
            defaultValue = "/etc/berth/daemon.json")
    Path configFile;

    @Option(names = "--vm-kernel", description = "Linux kernel that VMs boot (default: the newest /boot/vmlinuz-*, else the one "
            + "scripts/setup.sh fetched into /var/cache/berth/vm-kernel)")
    Optional<Path> vmKernel = Optional.empty();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses the flags over the config file's values; a bad file is reported like a bad flag. */
    static int run(String... args) {
        CommandLine line = new CommandLine(new Berthd());
        try {
            Path file = configFileArgument(args).orElse(ConfigFile.DEFAULT);
            line.setDefaultValueProvider(ConfigFile.read(file, configFileArgument(args).isPresent(), line.getCommandSpec()));
        } catch (BerthException e) {
            System.err.println("berthd: " + e.getMessage());
            return 2;
        }
        return line.execute(args);
    }

    private static java.util.Optional<Path> configFileArgument(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config-file") && i + 1 < args.length) {
                return java.util.Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config-file=")) {
                return java.util.Optional.of(Path.of(args[i].substring("--config-file=".length())));
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig config;
        Daemon daemon;
        try {
            config = new DaemonConfig(dataRoot.toAbsolutePath(), execRoot.toAbsolutePath(), DaemonConfig.socketOf(host), runtime,
                    DaemonConfig.network(bridge, bip, pool, resolvConf), vmKernel.map(Path::toAbsolutePath));
            daemon = Daemon.start(config);
        } catch (BerthException e) {
            System.err.println("berthd: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Containers keep running under their monitors; only the API and the database close.
            daemon.close();
            stopped.countDown();
        }, "berthd-shutdown"));
        LOG.log(Level.INFO, "berthd listening on unix://" + config.socket());
        System.err.println("berthd: API listening on unix://" + config.socket());
        stopped.await();
        return 0;
    }
}
