import jdk.jfr.*;
import java.nio.file.*;

/**
 * Prototype, not product code: what a traced call costs when enter and exit are appended to a per-thread buffer
 * (method id, zigzag varint argument and result in 7-bit chars) and the buffer is committed as one JFR event per
 * ~16 K chars, instead of one JFR event per enter and per exit. Run: {@code java bench/prototypes/BatchedCalls.java
 * [timing]} (timing adds a System.nanoTime() delta to every enter and exit).
 */
public class BatchedCalls {
    @Name("prototype.CallBatch") @StackTrace(false) @Label("Call Batch")
    static final class CallBatch extends Event { long firstSeq; String data; }

    static final class Buf {
        final char[] c = new char[16384];
        int pos; long seq; long firstSeq;
        long lastNanos;
    }
    static final ThreadLocal<Buf> TL = ThreadLocal.withInitial(Buf::new);
    static boolean timing;

    static void varint(Buf b, long v) {
        char[] c = b.c; int p = b.pos;
        while ((v & ~0x3FL) != 0) { c[p++] = (char) (0x40 | (v & 0x3F)); v >>>= 6; }  // 6 data bits + continuation in 7-bit chars
        c[p++] = (char) v;
        b.pos = p;
    }
    static void flushIfFull(Buf b) {
        if (b.pos > b.c.length - 64) flush(b);
    }
    static void flush(Buf b) {
        CallBatch e = new CallBatch();
        e.firstSeq = b.firstSeq; e.data = new String(b.c, 0, b.pos); e.commit();
        b.pos = 0; b.firstSeq = b.seq;
    }
    static Buf enter(int method, int arg) {
        Buf b = TL.get();
        varint(b, (long) method << 1);          // enter tag in the low bit
        varint(b, (arg << 1) ^ (arg >> 31));      // zigzag int
        if (timing) { long t = System.nanoTime(); varint(b, t - b.lastNanos); b.lastNanos = t; }
        b.seq++;
        flushIfFull(b);
        return b;
    }
    static void exit(Buf b, int result) {
        varint(b, 1);                            // exit tag (method implied by the stack)
        varint(b, (result << 1) ^ (result >> 31));
        if (timing) { long t = System.nanoTime(); varint(b, t - b.lastNanos); b.lastNanos = t; }
        b.seq++;
        flushIfFull(b);
    }

    static int fib(int n) {
        Buf b = enter(7, n);
        int r = n < 2 ? n : fib(n - 1) + fib(n - 2);
        exit(b, r);
        return r;
    }
    static int plain(int n) { return n < 2 ? n : plain(n - 1) + plain(n - 2); }

    public static void main(String[] a) throws Exception {
        timing = a.length > 0 && a[0].equals("timing");
        long calls = 0; { long x=1,y=1; for (int i=2;i<=27;i++){long z=x+y+1;x=y;y=z;} calls=y; }
        try (Recording r = new Recording()) {
            r.enable(CallBatch.class); r.setToDisk(true); r.start();
            for (int i = 0; i < 15; i++) {
                long t0 = System.nanoTime(); fib(27); long t1 = System.nanoTime(); plain(27); long t2 = System.nanoTime();
                if (i >= 10) System.out.printf("traced %.1f ns/call, plain %.1f ns/call%n", (t1-t0)/(double)calls, (t2-t1)/(double)calls);
            }
            flush(TL.get());
            r.stop(); Path p = Files.createTempFile("batched-calls", ".jfr"); r.dump(p);
            System.out.printf("bytes/call %.2f (calls %d)%n", Files.size(p) / (15.0 * calls), 15 * calls);
        }
    }
}
