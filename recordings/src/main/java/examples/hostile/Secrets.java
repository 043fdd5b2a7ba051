package examples.hostile;

/**
 * Passes one secret, {@value #SECRET}, to methods whose parameter names say so (password, apiKey, token,
 * credentials, and vaultCode, which is only secret when named with --secrets). The recording must not hold it.
 */
public class Secrets {
    static final String SECRET = "hunter2-Zq7-s3cr3t-Ωmega";

    /** A value whose toString gives the secret away, as many credential classes do. */
    record Credentials(String user, String password) {
    }

    static boolean login(String user, String password) {
        return password.length() > 8;
    }

    static String connect(String url, String apiKey, char[] passwd) {
        return url + " with a key of " + apiKey.length() + " and a password of " + passwd.length;
    }

    static int authorize(String bearerToken) {
        return bearerToken.hashCode() == 0 ? 0 : 1;
    }

    static String authenticate(Credentials credentials) {
        return credentials.user();
    }

    static int openVault(String vaultCode) {
        return vaultCode.length();
    }

    public static void main(String[] args) {
        System.out.println("login: " + login("alice", SECRET));
        System.out.println("connect: " + connect("db://orders", SECRET, SECRET.toCharArray()));
        System.out.println("authorize: " + authorize(SECRET));
        System.out.println("authenticate: " + authenticate(new Credentials("alice", SECRET)));
        System.out.println("vault: " + openVault(SECRET));
    }
}
