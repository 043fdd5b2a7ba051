package examples;

/**
 * Threads of a Thread subclass that overrides run() (as surefire's, Tomcat's and many programs' own threads do),
 * one of them calling super.run() with a Runnable: each thread ran its work, and tasks has nothing to report.
 */
public class Downloads {
    static final class Downloader extends Thread {
        private final String file;

        Downloader(String file, Runnable then) {
            super(then, "download-" + file);
            this.file = file;
        }

        @Override
        public void run() {
            fetch(file);
            super.run();
        }
    }

    static int fetch(String file) {
        return file.length() * 100;
    }

    static void unpack(String file) {
        System.out.println("unpacked " + file);
    }

    public static void main(String[] args) throws InterruptedException {
        Downloader jdk = new Downloader("jdk.tar.gz", () -> unpack("jdk.tar.gz"));
        Downloader maven = new Downloader("maven.zip", () -> { });
        jdk.start();
        jdk.join();
        maven.start();
        maven.join();
        System.out.println("downloaded");
    }
}
