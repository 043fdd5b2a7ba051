package demo;

import demo.lib.Audited;
import demo.lib.TextUtils;

/** The application: a directory (or the main jar) that calls into lib.jar. */
public class UsesLib {
    public static void main(String[] args) {
        System.out.println(greet("hi"));
        System.out.println(Audited.audit(1) + Audited.unmarked(2));
    }

    static String greet(String text) {
        return TextUtils.shout(text);
    }
}
