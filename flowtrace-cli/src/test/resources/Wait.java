/** Says it waits, then waits for its stdin to end: a JVM for attach to try. */
public class Wait {
    public static void main(String[] args) throws Exception {
        System.out.println("waiting");
        System.out.flush();
        System.in.readAllBytes();
    }
}
