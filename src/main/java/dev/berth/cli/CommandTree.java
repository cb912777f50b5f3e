package dev.berth.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which verb runs which command. Commands are built on demand: a launch only builds the picocli model of the
 * verb it runs (picocli reflects over every registered class), which keeps {@code berth run} quick to start.
 */
final class CommandTree {
    private final CliContext ctx;

    CommandTree(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The root command with {@code verb}'s subcommand only, or with all of them when the verb is unknown or absent. */
    CommandLine build(String... args) {
        Map<String, Supplier<CommandLine>> verbs = topLevel();
        CommandLine root = new CommandLine(new BerthCommand(ctx));
        String verb = verb(args);
        if (verbs.containsKey(verb)) {
            root.addSubcommand(verb, verbs.get(verb).get());
        } else {
            verbs.forEach((name, command) -> root.addSubcommand(name, command.get()));
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

    private Map<String, Supplier<CommandLine>> topLevel() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>(containerVerbs());
        verbs.put("images", () -> new CommandLine(new ImagesCommand(ctx)));
        verbs.put("build", () -> new CommandLine(new BuildCommand(ctx)));
        verbs.put("history", () -> new CommandLine(new HistoryCommand(ctx)));
        verbs.put("rmi", () -> new CommandLine(new RmiCommand(ctx)));
        verbs.put("tag", () -> new CommandLine(new TagCommand(ctx)));
        verbs.put("import", () -> new CommandLine(new ImageImportCommand(ctx)));
        verbs.put("load", () -> new CommandLine(new LoadCommand(ctx)));
        verbs.put("save", () -> new CommandLine(new SaveCommand(ctx)));
        verbs.put("pull", () -> new CommandLine(new PullCommand(ctx)));
        verbs.put("push", () -> new CommandLine(new PushCommand(ctx)));
        verbs.put("login", () -> new CommandLine(new LoginCommand(ctx)));
        verbs.put("logout", () -> new CommandLine(new LogoutCommand(ctx)));
        verbs.put("version", () -> new CommandLine(new VersionCommand(ctx)));
        verbs.put("info", () -> new CommandLine(new InfoCommand(ctx)));
        verbs.put("events", () -> new CommandLine(new EventsCommand(ctx)));
        verbs.put("container", () -> group("Manage containers", containerGroupVerbs()));
        verbs.put("image", () -> group("Manage images", imageVerbs()));
        verbs.put("volume", () -> group("Manage volumes", volumeVerbs()));
        verbs.put("network", () -> group("Manage networks", networkVerbs()));
        verbs.put("compose", () -> ComposeCommand.tree(ctx));
        verbs.put("stack", () -> StackCommand.tree(ctx, group("Manage stacks", Map.of())));
        verbs.put("service", () -> ServiceCommand.tree(ctx, group("Manage services", Map.of())));
        return verbs;
    }

    private Map<String, Supplier<CommandLine>> containerVerbs() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>();
        verbs.put("run", () -> new CommandLine(new RunCommand(ctx)).setStopAtPositional(true));
        verbs.put("create", () -> new CommandLine(new CreateCommand(ctx)).setStopAtPositional(true));
        verbs.put("start", () -> new CommandLine(new StartCommand(ctx)));
        verbs.put("stop", () -> described(new StopCommand(ctx, "stop"), "Stop one or more running containers"));
        verbs.put("restart", () -> described(new StopCommand(ctx, "restart"), "Restart one or more containers"));
        verbs.put("kill", () -> new CommandLine(new KillCommand(ctx)));
        verbs.put("pause", () -> described(new ContainerAction(ctx, "pause"), "Pause all processes within one or more containers"));
        verbs.put("unpause", () -> described(new ContainerAction(ctx, "unpause"), "Unpause all processes within one or more containers"));
        verbs.put("rm", () -> new CommandLine(new RmCommand(ctx)));
        verbs.put("cp", () -> new CommandLine(new CpCommand(ctx)));
        verbs.put("ps", () -> new CommandLine(new PsCommand(ctx)));
        verbs.put("logs", () -> new CommandLine(new LogsCommand(ctx)));
        verbs.put("inspect", () -> new CommandLine(new InspectCommand(ctx)));
        verbs.put("exec", () -> new CommandLine(new ExecCommand(ctx)).setStopAtPositional(true));
        verbs.put("attach", () -> new CommandLine(new AttachCommand(ctx)));
        verbs.put("wait", () -> new CommandLine(new WaitCommand(ctx)));
        verbs.put("stats", () -> new CommandLine(new StatsCommand(ctx)));
        verbs.put("top", () -> new CommandLine(new TopCommand(ctx)));
        verbs.put("rename", () -> new CommandLine(new RenameCommand(ctx)));
        verbs.put("port", () -> new CommandLine(new PortCommand(ctx)));
        verbs.put("commit", () -> new CommandLine(new CommitCommand(ctx)));
        verbs.put("diff", () -> new CommandLine(new DiffCommand(ctx)));
        verbs.put("export", () -> new CommandLine(new ExportCommand(ctx)));
        verbs.put("update", () -> new CommandLine(new UpdateCommand(ctx)));
        return verbs;
    }

    private Map<String, Supplier<CommandLine>> imageVerbs() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>();
        verbs.put("ls", () -> new CommandLine(new ImagesCommand(ctx)));
        verbs.put("rm", () -> new CommandLine(new RmiCommand(ctx)));
        verbs.put("tag", () -> new CommandLine(new TagCommand(ctx)));
        verbs.put("inspect", () -> new CommandLine(InspectCommand.ofType(ctx, "image")));
        verbs.put("prune", () -> new CommandLine(new ImagePruneCommand(ctx)));
        verbs.put("import", () -> new CommandLine(new ImageImportCommand(ctx)));
        verbs.put("load", () -> new CommandLine(new LoadCommand(ctx)));
        verbs.put("save", () -> new CommandLine(new SaveCommand(ctx)));
        verbs.put("bootstrap", () -> new CommandLine(new BootstrapCommand(ctx)));
        verbs.put("pull", () -> new CommandLine(new PullCommand(ctx)));
        verbs.put("push", () -> new CommandLine(new PushCommand(ctx)));
        verbs.put("build", () -> new CommandLine(new BuildCommand(ctx)));
        verbs.put("history", () -> new CommandLine(new HistoryCommand(ctx)));
        return verbs;
    }

    private Map<String, Supplier<CommandLine>> volumeVerbs() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>();
        verbs.put("create", () -> new CommandLine(new VolumeCreateCommand(ctx)));
        verbs.put("ls", () -> new CommandLine(new VolumeLsCommand(ctx)));
        verbs.put("rm", () -> new CommandLine(new VolumeRmCommand(ctx)));
        verbs.put("inspect", () -> new CommandLine(InspectCommand.ofType(ctx, "volume")));
        return verbs;
    }

    private Map<String, Supplier<CommandLine>> networkVerbs() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>();
        verbs.put("create", () -> new CommandLine(new NetworkCreateCommand(ctx)));
        verbs.put("ls", () -> new CommandLine(new NetworkLsCommand(ctx)));
        verbs.put("inspect", () -> new CommandLine(InspectCommand.ofType(ctx, "network")));
        verbs.put("rm", () -> new CommandLine(new NetworkRmCommand(ctx)));
        verbs.put("connect", () -> new CommandLine(new NetworkConnectCommand(ctx)));
        verbs.put("disconnect", () -> new CommandLine(new NetworkDisconnectCommand(ctx)));
        verbs.put("prune", () -> new CommandLine(new NetworkPruneCommand(ctx)));
        return verbs;
    }

    /** {@code container ls} is {@code ps}; {@code container inspect} inspects containers only. */
    private Map<String, Supplier<CommandLine>> containerGroupVerbs() {
        Map<String, Supplier<CommandLine>> verbs = new LinkedHashMap<>();
        containerVerbs().forEach((name, command) -> verbs.put(name.equals("ps") ? "ls" : name, command));
        verbs.put("inspect", () -> new CommandLine(InspectCommand.ofType(ctx, "container")));
        verbs.put("prune", () -> new CommandLine(new ContainerPruneCommand(ctx)));
        return verbs;
    }

    private CommandLine group(String description, Map<String, Supplier<CommandLine>> verbs) {
        CommandLine group = described(new GroupCommand(ctx), description);
        verbs.forEach((name, command) -> group.addSubcommand(name, command.get()));
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
