package io.flowtrace.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.flowtrace.events.TracePattern;

/** The include or exclude patterns of a session, given as one option value separated by {@code |}. */
final class TracePatterns {
    static final TracePatterns NONE = new TracePatterns(List.of());

    private final List<TracePattern> patterns;

    private TracePatterns(List<TracePattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Parses {@code a.b.**|a.c.Foo::bar}; blank parts are ignored. */
    static TracePatterns parse(String text) {
        List<TracePattern> parsed = new ArrayList<>();
        for (String part : text.split("\\|")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                parsed.add(TracePattern.parse(trimmed));
            }
        }
        return new TracePatterns(parsed);
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether some methods of the class may match. */
    boolean matchesType(String type) {
        for (TracePattern pattern : patterns) {
            if (pattern.matchesType(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a pattern covers the whole class, so none of its methods can match anything else. */
    boolean coversWholeType(String type) {
        for (TracePattern pattern : patterns) {
            if (pattern.coversWholeType() && pattern.matchesType(type)) {
                return true;
            }
        }
        return false;
    }

    boolean matchesMethod(String type, String name) {
        for (TracePattern pattern : patterns) {
            if (pattern.matches(type, name)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns separated by commas, as the recording's agent info shows them. */
    @Override
    public String toString() {
        return patterns.stream().map(TracePattern::toString).collect(Collectors.joining(","));
    }
}
