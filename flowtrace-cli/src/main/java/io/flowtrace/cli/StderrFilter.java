package io.flowtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child's stderr byte for byte, except the line each JVM prints because of our JAVA_TOOL_OPTIONS
 * ("Picked up JAVA_TOOL_OPTIONS: ..."), so the traced program's stderr reads as it does without FlowTrace.
 *
 * <p>The notice is dropped wherever it appears in a line, with its newline and nothing else: a tool that relays a
 * child JVM's stderr (Maven's surefire) may write colour codes or a tag before it, or another process's output may
 * run into it. Those bytes are not ours and are kept; a colour code then applies to what follows, as it would have
 * without the notice. Bytes are held back only while they could still become the notice; anything else is passed
 * on at once, so prompts without a newline appear immediately.
 */
final class StderrFilter implements Runnable {
    private final InputStream in;
    private final OutputStream out;
    private final byte[] noise;
    /** For each length of a partial match, the length of the longest proper prefix of the notice ending there. */
    private final int[] fallback;

    StderrFilter(InputStream in, OutputStream out, String javaToolOptions) {
        this.in = in;
        this.out = out;
        this.noise = ("Picked up JAVA_TOOL_OPTIONS: " + javaToolOptions + "\n").getBytes(StandardCharsets.UTF_8);
        this.fallback = new int[noise.length + 1];
        for (int i = 1, k = 0; i < noise.length; i++) { // Knuth-Morris-Pratt: a failed match can restart inside
            while (k > 0 && noise[i] != noise[k]) {
                k = fallback[k];
            }
            if (noise[i] == noise[k]) {
                k++;
            }
            fallback[i + 1] = k;
        }
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        int matched = 0; // how many bytes match the notice so far (all held back, they are its first bytes)
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0; // start of the bytes not yet written nor held
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    while (matched > 0 && b != noise[matched]) { // diverged: release what can no longer match
                        int keep = fallback[matched];
                        out.write(noise, 0, matched - keep);
                        matched = keep;
                    }
                    if (b == noise[matched]) {
                        if (matched == 0) {
                            out.write(buffer, from, i - from);
                        }
                        matched++;
                        from = i + 1;
                        if (matched == noise.length) { // the whole notice: drop it
                            matched = 0;
                        }
                    }
                }
                if (matched == 0) {
                    out.write(buffer, from, n - from);
                }
                out.flush();
            }
            out.write(noise, 0, matched);
            out.flush();
        } catch (IOException e) {
            // the child or our stderr went away; nothing left to copy
        }
    }
}
