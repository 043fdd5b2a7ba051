package io.flowtrace.analyzer.render;

import java.util.Objects;

import io.flowtrace.analyzer.view.CallFilter;
import io.flowtrace.analyzer.view.MethodPattern;

/**
 * How {@link TextTreeRenderer} draws call trees: which calls (a {@link CallFilter}), how much detail, whether to
 * fold repeated calls and how many calls to print at most. Immutable; build with {@link #builder()}.
 */
public final class TreeOptions {
    /** How much a call line shows. */
    public enum Style {
        /** Method, arguments, result or exception, where it was caught, and markers for incomplete calls. */
        DETAILED,
        /** Method and arguments only (and whether it is still running). */
        MINIMAL
    }

    /** Calls printed at most unless told otherwise. */
    public static final int DEFAULT_BUDGET = 2000;
    /** Budget meaning "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final Style style;
    private final boolean color;
    private final boolean timing;
    private final CallFilter filter;
    private final boolean fold;
    private final int budget;

    private TreeOptions(Builder b) {
        this.style = b.style;
        this.color = b.color;
        this.timing = b.timing;
        this.filter = b.filter.build();
        this.fold = b.fold;
        this.budget = b.budget;
    }

    /** Detailed, no color, no timing, everything shown, folded, at most {@link #DEFAULT_BUDGET} calls. */
    public static TreeOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.style = style;
        b.color = color;
        b.timing = timing;
        b.filter = filter.toBuilder();
        b.fold = fold;
        b.budget = budget;
        return b;
    }

    public Style style() {
        return style;
    }

    /** True to color with ANSI escapes; the text is the same either way. */
    public boolean color() {
        return color;
    }

    /** True to append each finished call's duration, {@code  [1.23 ms]}; a folded line shows its first call's. */
    public boolean timing() {
        return timing;
    }

    /** Threads, includes, excludes and depth. */
    public CallFilter filter() {
        return filter;
    }

    /** Levels of calls below a thread; {@link CallFilter#UNLIMITED} for all. */
    public int depth() {
        return filter.depth();
    }

    /** True to show identical consecutive calls once with {@code ×N}. */
    public boolean fold() {
        return fold;
    }

    /** Most calls printed for the whole output; {@link #UNLIMITED} for no limit. */
    public int budget() {
        return budget;
    }

    /** Builds {@link TreeOptions}. */
    public static final class Builder {
        private Style style = Style.DETAILED;
        private boolean color;
        private boolean timing;
        private CallFilter.Builder filter = CallFilter.builder();
        private boolean fold = true;
        private int budget = DEFAULT_BUDGET;

        private Builder() {
        }

        public Builder style(Style style) {
            this.style = Objects.requireNonNull(style, "style");
            return this;
        }

        public Builder color(boolean color) {
            this.color = color;
            return this;
        }

        public Builder timing(boolean timing) {
            this.timing = timing;
            return this;
        }

        /** Replaces threads, includes, excludes and depth with those of {@code filter}. */
        public Builder filter(CallFilter filter) {
            this.filter = filter.toBuilder();
            return this;
        }

        /** @see CallFilter.Builder#include(String) */
        public Builder include(String pattern) {
            filter.include(pattern);
            return this;
        }

        public Builder include(MethodPattern pattern) {
            filter.include(pattern);
            return this;
        }

        /** @see CallFilter.Builder#exclude(String) */
        public Builder exclude(String pattern) {
            filter.exclude(pattern);
            return this;
        }

        public Builder exclude(MethodPattern pattern) {
            filter.exclude(pattern);
            return this;
        }

        /** @see CallFilter.Builder#thread(String) */
        public Builder thread(String nameOrGlob) {
            filter.thread(nameOrGlob);
            return this;
        }

        /** @see CallFilter.Builder#depth(int) */
        public Builder depth(int depth) {
            filter.depth(depth);
            return this;
        }

        public Builder fold(boolean fold) {
            this.fold = fold;
            return this;
        }

        /**
         * Limits the calls printed for the whole output.
         *
         * @param budget at least 1, or {@link #UNLIMITED}
         */
        public Builder budget(int budget) {
            if (budget < 1) {
                throw new IllegalArgumentException("invalid budget " + budget + ": must be at least 1");
            }
            this.budget = budget;
            return this;
        }

        /** {@code --full}: no folding and no budget. */
        public Builder full() {
            this.fold = false;
            this.budget = UNLIMITED;
            return this;
        }

        public TreeOptions build() {
            return new TreeOptions(this);
        }
    }
}
