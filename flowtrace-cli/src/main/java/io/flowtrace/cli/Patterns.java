package io.flowtrace.cli;

import java.util.List;

import io.flowtrace.analyzer.view.MethodPattern;

/** Checks {@code --include}/{@code --exclude} patterns before anything runs. */
final class Patterns {
    private Patterns() {
    }

    static List<MethodPattern> parse(List<String> patterns, String option) {
        try {
            return patterns.stream().map(MethodPattern::parse).toList();
        } catch (IllegalArgumentException e) {
            throw UserException.usage(option + ": " + e.getMessage());
        }
    }

    static void validate(List<String> patterns, String option) {
        parse(patterns, option);
    }
}
