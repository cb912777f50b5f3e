package dev.berth.cli;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which verb runs which command. Commands are built on demand: a launch only builds the picocli model of the
 * verb it runs (picocli reflects over every registered class), which keeps {@code berth run} quick to start.
 * The verbs are switches rather than maps of factories: a lambda per verb costs a class spun at every start.
 */
final class CommandTree {
    private static final List<String> CONTAINER_VERBS = List.of("run", "create", "start", "stop", "restart", "kill", "pause",
            "unpause", "rm", "cp", "ps", "logs", "inspect", "exec", "attach", "wait", "stats", "top", "rename", "port", "commit",
            "diff", "export", "update");
    private static final List<String> TOP_LEVEL = Stream.concat(CONTAINER_VERBS.stream(), Stream.of("images", "build", "history",
            "rmi", "tag", "import", "load", "save", "pull", "push", "login", "logout", "version", "info", "events", "container",
            "image", "volume", "network", "compose", "stack", "service", "vm")).toList();
    /** {@code container ls} is {@code ps}. */
    private static final List<String> CONTAINER_GROUP = Stream.concat(
            CONTAINER_VERBS.stream().map(verb -> verb.equals("ps") ? "ls" : verb), Stream.of("prune")).toList();
    private static final List<String> IMAGE_VERBS = List.of("ls", "rm", "tag", "inspect", "prune", "import", "load", "save",
            "bootstrap", "pull", "push", "build", "history");
    private static final List<String> VOLUME_VERBS = List.of("create", "ls", "rm", "inspect");
    private static final List<String> NETWORK_VERBS = List.of("create", "ls", "inspect", "rm", "connect", "disconnect", "prune");

    private final CliContext ctx;

    CommandTree(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The root command with {@code verb}'s subcommand only, or with all of them when the verb is unknown or absent. */
    CommandLine build(String... args) {
        CommandLine root = new CommandLine(new BerthCommand(ctx));
        String verb = verb(args);
        for (String name : TOP_LEVEL.contains(verb) ? List.of(verb) : TOP_LEVEL) {
            root.addSubcommand(name, topLevel(name));
        }
        addHelpOption(root);
        return root;
    }

    /** The first argument that is not a global option or its value. */
    static String verb(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-H") || args[i].equals("--host")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }

    private CommandLine topLevel(String verb) {
        return switch (verb) {
            case "images" -> new CommandLine(new ImagesCommand(ctx));
            case "build" -> new CommandLine(new BuildCommand(ctx));
            case "history" -> new CommandLine(new HistoryCommand(ctx));
            case "rmi" -> new CommandLine(new RmiCommand(ctx));
            case "tag" -> new CommandLine(new TagCommand(ctx));
            case "import" -> new CommandLine(new ImageImportCommand(ctx));
            case "load" -> new CommandLine(new LoadCommand(ctx));
            case "save" -> new CommandLine(new SaveCommand(ctx));
            case "pull" -> new CommandLine(new PullCommand(ctx));
            case "push" -> new CommandLine(new PushCommand(ctx));
            case "login" -> new CommandLine(new LoginCommand(ctx));
            case "logout" -> new CommandLine(new LogoutCommand(ctx));
            case "version" -> new CommandLine(new VersionCommand(ctx));
            case "info" -> new CommandLine(new InfoCommand(ctx));
            case "events" -> new CommandLine(new EventsCommand(ctx));
            case "container" -> group("Manage containers", CONTAINER_GROUP, this::containerGroupVerb);
            case "image" -> group("Manage images", IMAGE_VERBS, this::imageVerb);
            case "volume" -> group("Manage volumes", VOLUME_VERBS, this::volumeVerb);
            case "network" -> group("Manage networks", NETWORK_VERBS, this::networkVerb);
            case "compose" -> ComposeCommand.tree(ctx);
            case "stack" -> StackCommand.tree(ctx, group("Manage stacks", List.of(), this::containerVerb));
            case "service" -> ServiceCommand.tree(ctx, group("Manage services", List.of(), this::containerVerb));
            case "vm" -> VmCommand.tree(ctx, group("Manage VMs: full-OS ones, snapshots, restores, clones",
                    List.of("start", "stop", "kill", "rm", "inspect", "logs", "wait"), this::containerVerb));
            default -> containerVerb(verb);
        };
    }

    private CommandLine containerVerb(String verb) {
        return switch (verb) {
            case "run" -> new CommandLine(new RunCommand(ctx)).setStopAtPositional(true);
            case "create" -> new CommandLine(new CreateCommand(ctx)).setStopAtPositional(true);
            case "start" -> new CommandLine(new StartCommand(ctx));
            case "stop" -> described(new StopCommand(ctx, "stop"), "Stop one or more running containers");
            case "restart" -> described(new StopCommand(ctx, "restart"), "Restart one or more containers");
            case "kill" -> new CommandLine(new KillCommand(ctx));
            case "pause" -> described(new ContainerAction(ctx, "pause"), "Pause all processes within one or more containers");
            case "unpause" -> described(new ContainerAction(ctx, "unpause"), "Unpause all processes within one or more containers");
            case "rm" -> new CommandLine(new RmCommand(ctx));
            case "cp" -> new CommandLine(new CpCommand(ctx));
            case "ps" -> new CommandLine(new PsCommand(ctx));
            case "logs" -> new CommandLine(new LogsCommand(ctx));
            case "inspect" -> new CommandLine(new InspectCommand(ctx));
            case "exec" -> new CommandLine(new ExecCommand(ctx)).setStopAtPositional(true);
            case "attach" -> new CommandLine(new AttachCommand(ctx));
            case "wait" -> new CommandLine(new WaitCommand(ctx));
            case "stats" -> new CommandLine(new StatsCommand(ctx));
            case "top" -> new CommandLine(new TopCommand(ctx));
            case "rename" -> new CommandLine(new RenameCommand(ctx));
            case "port" -> new CommandLine(new PortCommand(ctx));
            case "commit" -> new CommandLine(new CommitCommand(ctx));
            case "diff" -> new CommandLine(new DiffCommand(ctx));
            case "export" -> new CommandLine(new ExportCommand(ctx));
            case "update" -> new CommandLine(new UpdateCommand(ctx));
            default -> throw new IllegalArgumentException("no such verb: " + verb);
        };
    }

    /** {@code container inspect} inspects containers only. */
    private CommandLine containerGroupVerb(String verb) {
        return switch (verb) {
            case "ls" -> containerVerb("ps");
            case "inspect" -> new CommandLine(InspectCommand.ofType(ctx, "container"));
            case "prune" -> new CommandLine(new ContainerPruneCommand(ctx));
            default -> containerVerb(verb);
        };
    }

    private CommandLine imageVerb(String verb) {
        return switch (verb) {
            case "ls" -> new CommandLine(new ImagesCommand(ctx));
            case "rm" -> new CommandLine(new RmiCommand(ctx));
            case "inspect" -> new CommandLine(InspectCommand.ofType(ctx, "image"));
            case "prune" -> new CommandLine(new ImagePruneCommand(ctx));
            case "bootstrap" -> new CommandLine(new BootstrapCommand(ctx));
            default -> topLevel(verb);
        };
    }

    private CommandLine volumeVerb(String verb) {
        return switch (verb) {
            case "create" -> new CommandLine(new VolumeCreateCommand(ctx));
            case "ls" -> new CommandLine(new VolumeLsCommand(ctx));
            case "rm" -> new CommandLine(new VolumeRmCommand(ctx));
            case "inspect" -> new CommandLine(InspectCommand.ofType(ctx, "volume"));
            default -> throw new IllegalArgumentException("no such volume verb: " + verb);
        };
    }

    private CommandLine networkVerb(String verb) {
        return switch (verb) {
            case "create" -> new CommandLine(new NetworkCreateCommand(ctx));
            case "ls" -> new CommandLine(new NetworkLsCommand(ctx));
            case "inspect" -> new CommandLine(InspectCommand.ofType(ctx, "network"));
            case "rm" -> new CommandLine(new NetworkRmCommand(ctx));
            case "connect" -> new CommandLine(new NetworkConnectCommand(ctx));
            case "disconnect" -> new CommandLine(new NetworkDisconnectCommand(ctx));
            case "prune" -> new CommandLine(new NetworkPruneCommand(ctx));
            default -> throw new IllegalArgumentException("no such network verb: " + verb);
        };
    }

    private CommandLine group(String description, List<String> verbs, Function<String, CommandLine> command) {
        CommandLine group = described(new GroupCommand(ctx), description);
        verbs.forEach(name -> group.addSubcommand(name, command.apply(name)));
        return group;
    }

    private static CommandLine described(Object command, String description) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().usageMessage().description(description);
        return line;
    }

    /** Docker has no {@code -h} for help ({@code run -h} is the hostname), so every command gets {@code --help} only. */
    private static void addHelpOption(CommandLine line) {
        line.getCommandSpec().addOption(OptionSpec.builder("--help").usageHelp(true).description("Print usage").build());
        line.getSubcommands().values().forEach(CommandTree::addHelpOption);
    }
}
