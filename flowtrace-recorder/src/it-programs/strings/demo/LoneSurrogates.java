package demo;

/** Strings that UTF-8 cannot hold as they are: lone surrogates, next to a real '?' and a real pair. */
public class LoneSurrogates {
    public static void main(String[] args) {
        System.out.println(echo("\udc00 lone low") + " " + echo("? real") + " " + echo("pair \uD83D\uDE00"));
        try {
            fail("broken \ud83d");
        } catch (IllegalArgumentException expected) {
            System.out.println("caught");
        }
    }

    static String echo(String text) {
        return text.substring(0, 1);
    }

    static void fail(String why) {
        throw new IllegalArgumentException(why);
    }
}
