package io.flowtrace.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point of the {@code flowtrace} command line. */
public final class Main {
    private Main() {
    }

    /** Made at the start: when the heap is full, printing it must not need more. */
    private static final String OUT_OF_MEMORY =
            "flowtrace: out of memory; give it more with FLOWTRACE_HEAP=2g (or -Xmx in JAVA_TOOL_OPTIONS)";

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = ExitCodes.FAILURE;
        try {
            HeapWatch.start("flowtrace: " + UserException.outOfMemory("out of memory (the last "
                    + HeapExhaustion.WINDOW_NANOS / 1_000_000_000 + " s went to collecting garbage in a full heap)",
                    null).getMessage());
            CommandLine cli = FlowTraceCommand.commandLine(args);
            CommandLine attach = cli.getSubcommands().get("attach");
            if (attach != null) {
                ((AttachCommand) attach.getCommand()).stdin = System.in; // Enter stops it
            }
            code = run(cli, args, out, err);
        } catch (OutOfMemoryError e) { // even the report of it ran out
            err.println(OUT_OF_MEMORY);
        } catch (Throwable t) { // e.g. an Error picocli passes on: still one line, and still an exit
            err.println("flowtrace: internal error: " + t);
        } finally {
            out.flush();
            err.flush();
            // always exit explicitly: a parser thread stuck in JMC must not keep the JVM alive
            System.exit(code);
        }
    }

    /**
     * Runs the command line with the given writers, so tests can capture what a user would see.
     *
     * @return the process exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(FlowTraceCommand.commandLine(args), args, out, err);
    }

    static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::onBadUsage);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> onFailure(e, commandLine, err));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) { // past the reading, e.g. while rendering: picocli passes errors on
            CommandLine cmd = cli;
            for (String arg : args) {
                if (cmd.getSubcommands().containsKey(arg)) {
                    cmd = cmd.getSubcommands().get(arg);
                    break;
                }
            }
            return onFailure(UserException.outOfMemory("out of memory (the heap is too small for this recording)", e),
                    cmd, err);
        }
    }

    private static int onBadUsage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + lowerFirst(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int onFailure(Exception e, CommandLine cmd, PrintWriter err) {
        boolean stackTrace = FlowTraceCommand.stackTraceRequested(cmd);
        if (e instanceof UserException user) {
            err.println(prefix(cmd) + user.getMessage());
            if (stackTrace && user.getCause() != null) {
                user.getCause().printStackTrace(err);
            }
            err.flush();
            return user.exitCode();
        }
        err.println(prefix(cmd) + "internal error: " + e
                + (stackTrace ? "" : " (run with --stacktrace for details)"));
        if (stackTrace) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "bad usage";
        }
        String first = message.substring(0, 1);
        // keep acronyms such as 'JFR' as they are
        if (message.length() > 1 && Character.isUpperCase(message.charAt(1))) {
            return message;
        }
        return first.toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
