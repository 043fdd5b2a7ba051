package io.flowtrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class AgentSettingsTest {
    private static Map<String, String> agentOptions(String... arguments) {
        RecordCommand record = new RecordCommand();
        new CommandLine(record).parseArgs(arguments);
        return record.settings.agentOptions();
    }

    @Test
    void theAgentKeepsItsCacheUnlessToldNotTo() {
        assertFalse(agentOptions("--", "java", "Hello").containsKey("cache"));
        assertEquals("none", agentOptions("--no-cache", "--", "java", "Hello").get("cache"));
    }

    @Test
    void tasksAreSwitchedOffAsAWholeOrByGroup() {
        assertFalse(agentOptions("--", "java", "Hello").containsKey("async"));
        assertEquals("false", agentOptions("--no-tasks", "--", "java", "Hello").get("async"));
        assertEquals("forkjoin|threads", agentOptions("--disable", "forkjoin,threads", "--", "java", "Hello")
                .get("disable"));
    }
}
