package io.flowtrace.recorder;

import java.util.LinkedHashMap;
import java.util.Map;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Makes Byte Buddy's agent builders while Byte Buddy is told to leave alone what we do not need: {@code
 * sun.misc.Unsafe} (from JDK 24 on, touching it prints warnings into the traced program's stderr) and its nexus
 * (a class it would otherwise define in the program's system class loader, at a tenth of the method tracing's start,
 * for type initializers that our builders, which change no class format, never run). The properties are set and put
 * back under one lock.
 */
public final class AgentBuilders {
    private AgentBuilders() {
    }

    /** A new agent builder that transforms with {@code byteBuddy}. */
    public static synchronized AgentBuilder create(ByteBuddy byteBuddy) {
        // relocated with Byte Buddy by the shading
        Map<String, String> before = new LinkedHashMap<>();
        for (String property : new String[] {ClassInjector.UsingUnsafe.SAFE_PROPERTY, Nexus.PROPERTY}) {
            before.put(property, System.getProperty(property));
            System.setProperty(property, "true");
        }
        try {
            return new AgentBuilder.Default(byteBuddy);
        } finally {
            before.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }
}
