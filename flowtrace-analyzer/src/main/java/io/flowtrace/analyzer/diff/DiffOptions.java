package io.flowtrace.analyzer.diff;

import java.util.Objects;

import io.flowtrace.analyzer.view.CallFilter;

/**
 * What {@link TraceDiffer} compares: which threads and calls (a {@link CallFilter}; its depth is not used), whether
 * arguments and results count, whether object identities count, and whether durations count. Immutable; build with
 * {@link #builder()}.
 */
public final class DiffOptions {
    /** Timing threshold meaning "durations never count". */
    public static final long NO_TIMING = -1;

    private final CallFilter filter;
    private final boolean ignoreArgs;
    private final boolean ignoreResults;
    private final boolean strictIdentities;
    private final long timingThresholdNanos;

    private DiffOptions(Builder b) {
        this.filter = b.filter;
        this.ignoreArgs = b.ignoreArgs;
        this.ignoreResults = b.ignoreResults;
        this.strictIdentities = b.strictIdentities;
        this.timingThresholdNanos = b.timingThresholdNanos;
    }

    /** Everything compared except durations; object identities ({@code Foo@1b6d3586}) are equal across runs. */
    public static DiffOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Threads (selected by name in each recording), includes and excludes. */
    public CallFilter filter() {
        return filter;
    }

    /** True when arguments do not count: calls are matched by method alone. */
    public boolean ignoreArgs() {
        return ignoreArgs;
    }

    /** True when results do not count (exceptions still do). */
    public boolean ignoreResults() {
        return ignoreResults;
    }

    /**
     * True when object identities count. By default the {@code @hex} identity hash of values such as
     * {@code Orders@5af3a0f} is left out of every comparison: it differs between runs by nature.
     */
    public boolean strictIdentities() {
        return strictIdentities;
    }

    /** Durations that differ by more than this many nanoseconds are a change; {@link #NO_TIMING} when off. */
    public long timingThresholdNanos() {
        return timingThresholdNanos;
    }

    /** True when durations are compared. */
    public boolean timing() {
        return timingThresholdNanos != NO_TIMING;
    }

    /** A rendered value as compared: identity hashes removed unless {@link #strictIdentities()}. */
    String comparable(String value) {
        return value == null || strictIdentities ? value : Identities.strip(value);
    }

    /** Builds {@link DiffOptions}. */
    public static final class Builder {
        private CallFilter filter = CallFilter.NONE;
        private boolean ignoreArgs;
        private boolean ignoreResults;
        private boolean strictIdentities;
        private long timingThresholdNanos = NO_TIMING;

        private Builder() {
        }

        public Builder filter(CallFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        public Builder ignoreArgs(boolean ignoreArgs) {
            this.ignoreArgs = ignoreArgs;
            return this;
        }

        public Builder ignoreResults(boolean ignoreResults) {
            this.ignoreResults = ignoreResults;
            return this;
        }

        public Builder strictIdentities(boolean strictIdentities) {
            this.strictIdentities = strictIdentities;
            return this;
        }

        /**
         * Reports calls whose duration changed by more than {@code nanos}.
         *
         * @param nanos at least 0, or {@link #NO_TIMING}
         */
        public Builder timingThreshold(long nanos) {
            if (nanos < 0 && nanos != NO_TIMING) {
                throw new IllegalArgumentException("invalid timing threshold " + nanos + ": must be at least 0");
            }
            this.timingThresholdNanos = nanos;
            return this;
        }

        public DiffOptions build() {
            return new DiffOptions(this);
        }
    }
}
