package io.flowtrace.recorder.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskRegistryTest {
    @Test
    void tasksAreFoundByIdentityNotByEquality() {
        TaskRegistry<TaskInfo> registry = new TaskRegistry<>();
        String first = new String("same");
        String second = new String("same");
        TaskInfo one = new TaskInfo(1);
        registry.put(first, one);
        assertSame(one, registry.get(first));
        assertNull(registry.get(second), "an equal object is another task");
        assertNull(registry.get(null));
    }

    @Test
    void anAliasFindsTheSameTaskAndNeverReplacesOne() {
        TaskRegistry<TaskInfo> registry = new TaskRegistry<>();
        Object task = new Object();
        Object future = new Object();
        TaskInfo info = new TaskInfo(7);
        registry.put(task, info);
        registry.alias(future, info);
        registry.alias(task, new TaskInfo(8));
        assertSame(info, registry.get(future));
        assertSame(info, registry.get(task));
    }

    @Test
    void startAndEndAreClaimedOnceAndACancelBeforeStartEndsIt() {
        TaskInfo started = new TaskInfo(1);
        assertTrue(started.claimStart());
        assertFalse(started.claimStart());
        assertFalse(started.claimCancelBeforeStart());
        assertTrue(started.claimEnd());
        assertFalse(started.claimEnd());
        TaskInfo cancelled = new TaskInfo(2);
        assertTrue(cancelled.claimCancelBeforeStart());
        assertFalse(cancelled.claimStart());
        assertFalse(cancelled.claimEnd());
    }
}
