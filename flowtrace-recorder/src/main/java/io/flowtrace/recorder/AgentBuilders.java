package io.flowtrace.recorder;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Makes Byte Buddy's agent builders while Byte Buddy is told not to touch {@code sun.misc.Unsafe} (which we do not
 * need): from JDK 24 on, that alone prints warnings into the traced program's stderr. The property is set and put
 * back under one lock, for the method tracing's and the task instrumentation's builders alike.
 */
public final class AgentBuilders {
    private AgentBuilders() {
    }

    /** A new agent builder that transforms with {@code byteBuddy}. */
    public static synchronized AgentBuilder create(ByteBuddy byteBuddy) {
        String property = ClassInjector.UsingUnsafe.SAFE_PROPERTY; // relocated with Byte Buddy by the shading
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default(byteBuddy);
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
