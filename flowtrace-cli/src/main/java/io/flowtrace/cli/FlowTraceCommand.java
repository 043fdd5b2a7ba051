package io.flowtrace.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: prints usage; the work is done by its subcommands. */
@Command(name = "flowtrace",
        mixinStandardHelpOptions = true,
        versionProvider = FlowTraceCommand.Version.class,
        description = "An X-ray of Java execution: what ran, in which order, with which values, on which thread.",
        footer = {"", "Examples:",
                "  flowtrace record -- java -cp app Fib",
                "  flowtrace tree flowtrace.jfr",
                "  flowtrace attach 4711",
                "  flowtrace help record"})
final class FlowTraceCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order the usage lists them. Not in {@code @Command(subcommands=...)}: picocli would
     * build the model of each by reflection on every run, a fifth of a tiny {@code tree}'s time (see
     * {@link #commandLine}).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(RecordCommand.class, AttachCommand.class, TreeCommand.class,
            TasksCommand.class, MethodsCommand.class, DiffCommand.class, ExportCommand.class, DumpCommand.class,
            ScrubCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (for bug reports).")
    boolean stackTrace;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * The command line for these arguments: when the first one names a subcommand, the root has that subcommand
     * only, as only its model is used (its usage, its errors); otherwise (no subcommand, root options or usage,
     * {@code help}, an unknown command) the root has them all.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine root = new CommandLine(new FlowTraceCommand());
        String first = args.length > 0 ? args[0] : "";
        for (Class<?> sub : SUBCOMMANDS) {
            if (sub != CommandLine.HelpCommand.class && sub.getAnnotation(Command.class).name().equals(first)) {
                root.addSubcommand(sub);
                return root;
            }
        }
        for (Class<?> sub : SUBCOMMANDS) {
            root.addSubcommand(sub);
        }
        return root;
    }

    static boolean stackTraceRequested(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof FlowTraceCommand root) {
                return root.stackTrace;
            }
        }
        return false;
    }

    /** The version written into the jar's manifest by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FlowTraceCommand.class.getPackage().getImplementationVersion();
            return new String[] {"flowtrace " + (v == null ? "(development build)" : v)};
        }
    }
}
