package io.flowtrace.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;

/** Parameter names whose arguments are never rendered, matched case-insensitively as substrings. */
final class SecretNames {
    static final List<String> DEFAULTS = List.of(
            "password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "credential", "privatekey",
            "accesskey");

    private final List<String> words;

    SecretNames(List<String> extra) {
        List<String> all = new ArrayList<>(DEFAULTS);
        for (String word : extra) {
            all.add(word.toLowerCase(Locale.ROOT));
        }
        this.words = List.copyOf(all);
    }

    boolean isSecret(String parameterName) {
        String name = parameterName.toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Which parameters hold secrets, by position; null when none does (or names are unknown). */
    boolean[] mask(ParameterList<?> parameters) {
        boolean[] mask = null;
        for (ParameterDescription parameter : parameters) {
            if (parameter.isNamed() && isSecret(parameter.getName())) {
                if (mask == null) {
                    mask = new boolean[parameters.size()];
                }
                mask[parameter.getIndex()] = true;
            }
        }
        return mask;
    }
}
