package examples.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;

/**
 * Classes defined by the program's own class loaders, as frameworks do: the same class loaded twice by two
 * isolated loaders (two distinct classes with one name), each called through reflection.
 */
public class Loaders {
    /** Loads {@link Plugin} itself from the class file bytes, instead of asking its parent. */
    static final class IsolatingLoader extends ClassLoader {
        IsolatingLoader(String name) {
            super(name, Loaders.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Plugin.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = define(name);
                }
                return loaded;
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    /** Loaded once per loader. */
    public static final class Plugin {
        private static int instances;

        public static String greet(String who) {
            instances++;
            return "hello " + who + " from " + Plugin.class.getClassLoader().getName() + " (" + instances + ")";
        }
    }

    static Object call(ClassLoader loader, String who) throws ReflectiveOperationException {
        Class<?> plugin = Class.forName(Plugin.class.getName(), true, loader);
        Method greet = plugin.getMethod("greet", String.class);
        return greet.invoke(null, who);
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        ClassLoader first = new IsolatingLoader("first");
        ClassLoader second = new IsolatingLoader("second");
        System.out.println(call(first, "ann"));
        System.out.println(call(second, "bob"));
        System.out.println(call(first, "cid"));
        System.out.println("distinct classes: " + (Class.forName(Plugin.class.getName(), false, first)
                != Class.forName(Plugin.class.getName(), false, second)));
    }
}
