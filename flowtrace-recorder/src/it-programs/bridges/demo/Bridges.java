package demo;

/** A public class inheriting a public method from a package-private one: javac adds a visibility bridge to it. */
public class Bridges {
    static class Base {
        public String name() {
            return "base";
        }
    }

    public static class Child extends Base {
    }

    public static void main(String[] args) {
        System.out.println(new Child().name());
    }
}
