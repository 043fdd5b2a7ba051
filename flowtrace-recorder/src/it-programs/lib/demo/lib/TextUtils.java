package demo.lib;

/** A dependency: lives in lib.jar, so it is not traced unless included. */
public class TextUtils {
    public static String shout(String text) {
        return text.toUpperCase() + "!";
    }
}
