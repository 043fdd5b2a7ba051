package io.flowtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies a child's stderr byte for byte, except the line each JVM prints because of our JAVA_TOOL_OPTIONS
 * ("Picked up JAVA_TOOL_OPTIONS: ..."), so the traced program's stderr reads as it does without FlowTrace.
 *
 * <p>Bytes are held back only while the current line could still become that line; anything else is passed on
 * at once, so prompts without a newline appear immediately.
 */
final class StderrFilter implements Runnable {
    private final InputStream in;
    private final OutputStream out;
    private final byte[] noise;

    StderrFilter(InputStream in, OutputStream out, String javaToolOptions) {
        this.in = in;
        this.out = out;
        this.noise = ("Picked up JAVA_TOOL_OPTIONS: " + javaToolOptions + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        int matched = 0; // how many bytes of the current line match the noise line (all held back)
        boolean lineStart = true;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0; // start of bytes not yet written or held
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (lineStart || matched > 0) {
                        if (b == noise[matched]) {
                            if (matched == 0) {
                                out.write(buffer, from, i - from);
                            }
                            matched++;
                            lineStart = false;
                            if (matched == noise.length) { // the whole line matched: drop it
                                matched = 0;
                                lineStart = true;
                            }
                            from = i + 1;
                            continue;
                        }
                        if (matched > 0) { // diverged: release what was held
                            out.write(noise, 0, matched);
                            matched = 0;
                            from = i;
                        }
                    }
                    lineStart = b == '\n';
                }
                if (matched == 0) {
                    out.write(buffer, from, n - from);
                }
                out.flush();
            }
            if (matched > 0) {
                out.write(Arrays.copyOf(noise, matched));
            }
            out.flush();
        } catch (IOException e) {
            // the child or our stderr went away; nothing left to copy
        }
    }
}
