import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

/**
 * Prototype, not product code: how fast an aggregated tree can be built from a recording of one thread's enters
 * (with values) and returns, such as the benchmark's fib recordings, when everything is left out that the product
 * needs for other recordings (threads, tasks, marks, throws, lost events, rendering). It measures, in one JVM:
 * JMC parsing every chunk in parallel with a sink that only keeps the call batches (the floor of any JMC-based
 * reader), then a single loop that decodes the records and hash-conses finished calls by small int ids (values by
 * their encoded bytes, calls by method, arguments, result and the ids of their calls), once per run.
 * <p>
 * Run: {@code java -XX:+UseSerialGC -cp flowtrace-cli/target/flowtrace.jar bench/prototypes/FusedAggregation.java
 * target/bench/fib-10m.jfr [RUNS]}
 */
public class FusedAggregation {
    record Batch(long firstSeq, long startNanos, String records) {
    }

    /** Distinct calls as int columns, the open calls as a stack, the calls each open call made on a second stack. */
    static final class Aggregate {
        int[] method = new int[1024], arguments = new int[1024], result = new int[1024], hash = new int[1024];
        int[] callsStart = new int[1024], callsCount = new int[1024];
        long[] start = new long[1024], end = new long[1024];
        int nodes;
        int[] calls = new int[4096];
        int callsEnd;
        /** Node id + 1 by hash, open addressing. */
        int[] table = new int[1 << 12];

        int[] openMethod = new int[64], openArguments = new int[64], openCallsStart = new int[64];
        int[] openCallsHash = new int[64];
        long[] openStart = new long[64];
        int depth;
        int[] made = new int[256];
        int madeEnd;
        long callCount;

        /** Value ids: one-byte small integers are their byte; encodings of up to 7 bytes packed into a long key. */
        long[] packedKeys = new long[1 << 12];
        int[] packedIds = new int[1 << 12];
        byte[][] longKeys = new byte[1 << 10][];
        int[] longIds = new int[1 << 10];
        int values = 128;

        void replay(byte[] b, long nanos) {
            int pos = 0;
            while (pos < b.length) {
                int header = b[pos++] & 0xFF;
                if ((header & 0x08) != 0) {
                    long delta = 0;
                    int shift = 0;
                    int c;
                    do {
                        c = b[pos++] & 0xFF;
                        delta |= (long) (c & 0x7F) << shift;
                        shift += 7;
                    } while ((c & 0x80) != 0);
                    nanos += delta;
                }
                int kind = header & 0x07;
                int m = 0;
                int shift = 0;
                int c;
                do {
                    c = b[pos++] & 0xFF;
                    m |= (c & 0x7F) << shift;
                    shift += 7;
                } while ((c & 0x80) != 0);
                if (kind == 0) {
                    int count = header >>> 4;
                    int from = pos;
                    for (int i = 0; i < count; i++) {
                        pos = skipValue(b, pos);
                    }
                    enter(m, count == 0 ? -1 : valueId(b, from, pos), nanos);
                } else if (kind == 2) {
                    int from = pos;
                    pos = skipValue(b, pos);
                    exit(m, valueId(b, from, pos), nanos);
                } else {
                    throw new IllegalStateException("the prototype reads enters with values and returns only");
                }
            }
        }

        void enter(int m, int args, long nanos) {
            int d = depth++;
            if (d == openMethod.length) {
                int n = d * 2;
                openMethod = Arrays.copyOf(openMethod, n);
                openArguments = Arrays.copyOf(openArguments, n);
                openCallsStart = Arrays.copyOf(openCallsStart, n);
                openCallsHash = Arrays.copyOf(openCallsHash, n);
                openStart = Arrays.copyOf(openStart, n);
            }
            openMethod[d] = m;
            openArguments[d] = args;
            openStart[d] = nanos;
            openCallsStart[d] = madeEnd;
            openCallsHash[d] = 1;
        }

        void exit(int m, int res, long nanos) {
            int d = --depth;
            if (openMethod[d] != m) {
                throw new IllegalStateException("the prototype expects every exit to match the innermost call");
            }
            callCount++;
            int from = openCallsStart[d];
            int count = madeEnd - from;
            int h = ((m * 31 + openArguments[d]) * 31 + res) * 31 + openCallsHash[d];
            h ^= h >>> 16;
            int mask = table.length - 1;
            int id;
            for (int i = h & mask;; i = (i + 1) & mask) {
                int t = table[i] - 1;
                if (t < 0) {
                    id = add(m, openArguments[d], res, h, from, count, openStart[d], nanos);
                    table[i] = id + 1; // no growth: the prototype's recordings have a few hundred distinct calls
                    break;
                }
                if (hash[t] == h && method[t] == m && arguments[t] == openArguments[d] && result[t] == res
                        && callsCount[t] == count && same(calls, callsStart[t], made, from, count)) {
                    id = t;
                    break;
                }
            }
            madeEnd = from;
            if (madeEnd == made.length) {
                made = Arrays.copyOf(made, madeEnd * 2);
            }
            made[madeEnd++] = id;
            if (d > 0) {
                openCallsHash[d - 1] = openCallsHash[d - 1] * 31 + hash[id];
            }
        }

        int add(int m, int args, int res, int h, int from, int count, long startNanos, long endNanos) {
            int id = nodes++;
            if (id == method.length) {
                int n = id * 2;
                method = Arrays.copyOf(method, n);
                arguments = Arrays.copyOf(arguments, n);
                result = Arrays.copyOf(result, n);
                hash = Arrays.copyOf(hash, n);
                callsStart = Arrays.copyOf(callsStart, n);
                callsCount = Arrays.copyOf(callsCount, n);
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
            }
            method[id] = m;
            arguments[id] = args;
            result[id] = res;
            hash[id] = h;
            start[id] = startNanos;
            end[id] = endNanos;
            if (callsEnd + count > calls.length) {
                calls = Arrays.copyOf(calls, Math.max(calls.length * 2, callsEnd + count));
            }
            System.arraycopy(made, from, calls, callsEnd, count);
            callsStart[id] = callsEnd;
            callsCount[id] = count;
            callsEnd += count;
            return id;
        }

        int valueId(byte[] b, int from, int to) {
            if (to - from == 1 && b[from] >= 0) {
                return b[from];
            }
            if (to - from <= 7) {
                long key = to - from;
                for (int i = from; i < to; i++) {
                    key = key << 8 | (b[i] & 0xFF);
                }
                int mask = packedKeys.length - 1;
                for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;; i = (i + 1) & mask) {
                    if (packedKeys[i] == key) {
                        return packedIds[i];
                    }
                    if (packedKeys[i] == 0) {
                        packedKeys[i] = key;
                        return packedIds[i] = values++;
                    }
                }
            }
            int h = 1;
            for (int i = from; i < to; i++) {
                h = h * 31 + b[i];
            }
            int mask = longKeys.length - 1;
            for (int i = (h ^ (h >>> 16)) & mask;; i = (i + 1) & mask) {
                if (longKeys[i] == null) {
                    longKeys[i] = Arrays.copyOfRange(b, from, to);
                    return longIds[i] = values++;
                }
                if (Arrays.equals(longKeys[i], 0, longKeys[i].length, b, from, to)) {
                    return longIds[i];
                }
            }
        }

        static boolean same(int[] a, int aFrom, int[] b, int bFrom, int count) {
            for (int i = 0; i < count; i++) {
                if (a[aFrom + i] != b[bFrom + i]) {
                    return false;
                }
            }
            return true;
        }

        static int skipValue(byte[] b, int pos) {
            int tag = b[pos++] & 0xFF;
            if (tag < 0x80 || tag == 0x81 || tag == 0x82 || tag == 0x86) {
                return pos; // small integer, false, true, none
            }
            if (tag == 0x80 || tag == 0x83 || tag == 0x84) {
                while ((b[pos++] & 0x80) != 0) {
                    // varint
                }
                return pos;
            }
            throw new IllegalStateException("the prototype reads no text values");
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long t0 = System.nanoTime();
        Queue<Batch> batches = new ConcurrentLinkedQueue<>();
        IParserExtension keepBatches = new IParserExtension() {
            @Override
            public IEventSinkFactory getEventSinkFactory(IEventSinkFactory subFactory) {
                return new IEventSinkFactory() {
                    @Override
                    public IEventSink create(String identifier, String label, String[] category, String description,
                            List<ValueField> fields) {
                        if (!"flowtrace.CallBatch".equals(identifier)) {
                            return values -> { };
                        }
                        int records = -1;
                        int firstSeq = -1;
                        int startNanos = -1;
                        for (int i = 0; i < fields.size(); i++) {
                            switch (fields.get(i).getIdentifier()) {
                                case "records" -> records = i;
                                case "firstSeq" -> firstSeq = i;
                                case "startNanos" -> startNanos = i;
                                default -> { }
                            }
                        }
                        int r = records;
                        int f = firstSeq;
                        int s = startNanos;
                        return v -> batches.add(new Batch(((Number) v[f]).longValue(), ((Number) v[s]).longValue(),
                                (String) v[r]));
                    }

                    @Override
                    public void flush() {
                    }
                };
            }
        };
        try (RandomAccessFile file = new RandomAccessFile(args[0], "r")) {
            FlightRecordingLoader.readChunks(() -> { }, List.of(keepBatches),
                    FlightRecordingLoader.createChunkSupplier(file), false, false);
        }
        double parse = (System.nanoTime() - t0) / 1e9;
        List<Batch> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparingLong(Batch::firstSeq)); // one traced thread in the benchmark's recordings
        System.out.printf("JMC parse (from the JVM's start of main): %.2f s, %d call batches%n", parse, sorted.size());
        for (int run = 1; run <= runs; run++) {
            long r0 = System.nanoTime();
            Aggregate a = new Aggregate();
            for (Batch b : sorted) {
                a.replay(b.records().getBytes(StandardCharsets.ISO_8859_1), b.startNanos());
            }
            double s = (System.nanoTime() - r0) / 1e9;
            System.out.printf("aggregation run %d: %.2f s, %d calls (%.0f ns each), %d distinct, %d roots%n", run, s,
                    a.callCount, s * 1e9 / a.callCount, a.nodes, a.madeEnd);
        }
        System.exit(0); // JMC's parser threads are not daemons
    }
}
