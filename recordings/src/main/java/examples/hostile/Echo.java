package examples.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads stdin to its end: each line goes to stdout reversed, a count to stderr, and the exit code is the count. */
public class Echo {
    static String reverse(String line) {
        return new StringBuilder(line).reverse().toString();
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int lines = 0;
        for (String line; (line = in.readLine()) != null; lines++) {
            System.out.println(reverse(line));
        }
        System.err.println(lines + " lines");
        System.exit(lines);
    }
}
