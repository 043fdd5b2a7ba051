package io.flowtrace.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import benchmarks.Fib;

/**
 * One operation is {@code fib(n)}: {@link Fib#calls(int)} traced calls, each with an int argument and result. The
 * tracer (none, FlowTrace's agent or JDK 25's jdk.MethodTrace) is chosen by the JVM options of the fork; see
 * {@link PerCallCost}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TracedCalls {
    @Param("20")
    public int n;

    @Benchmark
    public int fib() {
        return Fib.fib(n);
    }

    /** {@code fibOf(Fib.TEXT, n)} ({@code "order-17"}): the same calls with a String argument as well. */
    @Benchmark
    public int fibOf() {
        return Fib.fibOf(Fib.TEXT, n);
    }

    /** {@code fibCopy(n)}: the calls of {@link #fib} each also copying the chars of {@link #fibOf}'s string. */
    @Benchmark
    public int fibCopy() {
        return Fib.fibCopy(n);
    }

    /** {@code fibIdCopy(17, n)}: the calls of {@link #fibOf} with an int in the String's place, copying its chars. */
    @Benchmark
    public int fibIdCopy() {
        return Fib.fibIdCopy(17, n);
    }
}
