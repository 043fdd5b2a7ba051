package examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Waits for a line on stdin, then greets it: a program to take a snapshot of while it waits. */
public class Waiting {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("waiting for a line");
        System.out.flush();
        String line = awaitLine(in);
        System.out.println(greet(line));
    }

    static String awaitLine(BufferedReader in) throws IOException {
        String line = in.readLine();
        return line == null ? "nobody" : line;
    }

    static String greet(String name) {
        return "hello, " + name;
    }
}
