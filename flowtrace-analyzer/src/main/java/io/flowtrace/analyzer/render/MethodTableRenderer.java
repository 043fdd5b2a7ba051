package io.flowtrace.analyzer.render;

import java.io.IOException;
import java.io.Writer;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.flowtrace.analyzer.methods.MethodTable;
import io.flowtrace.analyzer.methods.MethodTable.Row;
import io.flowtrace.analyzer.model.MethodInfo;

/**
 * Draws a {@link MethodTable} as fixed-width columns, the method last so that long names do not push the numbers:
 *
 * <pre>
 *      Calls   Threw  Distinct args  Method
 *     10,000       0         10,000  Shapes.square(int)
 * </pre>
 */
public final class MethodTableRenderer {
    private final int limit;

    /** @param limit rows printed at most; the rest are counted in a last line */
    public MethodTableRenderer(int limit) {
        this.limit = limit;
    }

    /** Writes the table, then flushes; returns the rows written. */
    public int render(MethodTable table, Writer out) throws IOException {
        boolean timed = table.timed();
        out.write(String.format(Locale.ROOT, "%12s %9s %14s%s  %s%n", "Calls", "Threw", "Distinct args",
                timed ? String.format(Locale.ROOT, " %11s %11s", "Total", "Self") : "", "Method"));
        Map<String, Integer> sameName = new HashMap<>();
        for (Row row : table.rows()) {
            sameName.merge(signature(row.method(), false), 1, Integer::sum);
        }
        int written = 0;
        for (Row row : table.rows()) {
            if (written == limit) {
                int more = table.rows().size() - written;
                out.write(String.format(Locale.ROOT, "… %,d more method%s (use --limit)%n", more,
                        more == 1 ? "" : "s"));
                break;
            }
            String distinct = row.distinct() < 0 ? "-"
                    : String.format(Locale.ROOT, "%s%,d", row.distinctCapped() ? "≥" : "", row.distinct());
            out.write(String.format(Locale.ROOT, "%,12d %,9d %14s%s  %s%n", row.calls(), row.threw(), distinct,
                    timed ? String.format(Locale.ROOT, " %11s %11s", DurationFormat.format(row.totalNanos()),
                            DurationFormat.format(row.selfNanos())) : "",
                    CallLabels.printable(signature(row.method(),
                            sameName.get(signature(row.method(), false)) > 1))));
            written++;
        }
        out.flush();
        return written;
    }

    /**
     * {@code Shapes.square(int)}: the method as a user reads it, with its parameter types to tell overloads apart;
     * with {@code qualified}, its class's full name, for two classes of the same simple name.
     */
    static String signature(MethodInfo method, boolean qualified) {
        String parameters;
        try {
            parameters = MethodTypeDesc.ofDescriptor(method.descriptor()).parameterList().stream()
                    .map(ClassDesc::displayName).collect(Collectors.joining(", "));
        } catch (IllegalArgumentException e) { // an unknown method's placeholder descriptor
            parameters = "?";
        }
        String name = method.displayName();
        if (qualified) {
            String packagePrefix = method.className().substring(0, method.className().lastIndexOf('.') + 1);
            name = method.isConstructor() ? "new " + method.className() : packagePrefix + name;
        }
        return name + "(" + parameters + ")";
    }
}
