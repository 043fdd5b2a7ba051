package io.flowtrace.cli;

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
        subcommands = {RecordCommand.class, TreeCommand.class, TasksCommand.class, DiffCommand.class,
                DumpCommand.class, ScrubCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  flowtrace record -- java -cp app Fib",
                "  flowtrace tree flowtrace.jfr",
                "  flowtrace help record"})
final class FlowTraceCommand implements Callable<Integer> {
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
