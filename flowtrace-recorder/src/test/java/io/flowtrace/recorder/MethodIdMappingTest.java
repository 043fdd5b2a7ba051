package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.flowtrace.recorder.runtime.MethodInfo;
import io.flowtrace.recorder.runtime.MethodRegistry;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

class MethodIdMappingTest {
    @SuppressWarnings("unused")
    static final class Account {
        Account(String owner, String password) {
        }

        @Override
        public String toString() {
            return "account";
        }

        static boolean login(String user, String userPassword, String apiKey, char[] PIN, String AccessKeyId) {
            return true;
        }
    }

    private final List<MethodInfo> defined = new ArrayList<>();
    private final MethodRegistry registry = new MethodRegistry(defined::add);
    private final MethodIdMapping ids = new MethodIdMapping(new RegisteredMethods(registry),
            new SecretNames(List.of("pin")));
    private final TypeDescription account = TypeDescription.ForLoadedType.of(Account.class);

    private MethodDescription method(String name) {
        return account.getDeclaredMethods().filter(ElementMatchers.named(name)).getOnly();
    }

    @Test
    void registersNameDescriptorParameterNamesAndModifiersOnce() {
        MethodDescription login = method("login");
        int id = ids.idOf(account, login);
        assertEquals(id, ids.idOf(account, login));
        assertEquals(1, defined.size());
        MethodInfo info = defined.get(0);
        assertEquals(Account.class.getName(), info.type());
        assertEquals("login", info.name());
        assertEquals("(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;[CLjava/lang/String;)Z",
                info.descriptor());
        assertEquals("user,userPassword,apiKey,PIN,AccessKeyId", info.parameterNames());
        assertTrue(java.lang.reflect.Modifier.isStatic(info.modifiers()));
    }

    @Test
    void constructorsAreNamedInit() {
        MethodDescription constructor = account.getDeclaredMethods().filter(ElementMatchers.isConstructor()).getOnly();
        ids.idOf(account, constructor);
        assertEquals("<init>", defined.get(0).name());
        assertEquals("(Ljava/lang/String;Ljava/lang/String;)V", defined.get(0).descriptor());
    }

    @Test
    void secretParametersByNameCaseInsensitivelyAndAsSubstrings() {
        SecretNames secrets = new SecretNames(List.of("pin"));
        assertArrayEquals(new boolean[] {false, true, true, true, true}, secrets.mask(method("login").getParameters()));
        assertNull(new SecretNames(List.of()).mask(account.getDeclaredMethods()
                .filter(ElementMatchers.isConstructor()).getOnly().getParameters().subList(0, 1)));
        for (String name : List.of("password", "passwd", "pwd", "dbSecret", "authToken", "apikey", "api_key",
                "credentials", "privateKey", "ACCESSKEY")) {
            assertTrue(new SecretNames(List.of()).isSecret(name), name);
        }
        assertFalse(new SecretNames(List.of()).isSecret("username"));
        assertFalse(new SecretNames(List.of()).isSecret("pin"), "pin only when configured");
    }

    @Test
    void noParameterNamesWithoutThemInTheClassFile() {
        MethodDescription equals = TypeDescription.ForLoadedType.of(Object.class).getDeclaredMethods()
                .filter(ElementMatchers.named("equals")).getOnly(); // the JDK is compiled without -parameters
        assertNull(MethodIdMapping.parameterNames(equals.getParameters()));
        assertEquals("", MethodIdMapping.parameterNames(method("toString").getParameters()));
    }
}
