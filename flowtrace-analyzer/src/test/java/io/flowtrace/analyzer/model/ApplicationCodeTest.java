package io.flowtrace.analyzer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which frames of a fork's stack are the program's: classes with traced methods and the classes nested in them. */
class ApplicationCodeTest {
    private static final ApplicationCode APP = new ApplicationCode(List.of(
            new MethodInfo(1, "com.acme.Quotes", "main", "([Ljava/lang/String;)V", List.of(), 9),
            new MethodInfo(2, "java.util.concurrent.ScheduledThreadPoolExecutor", "submit",
                    "(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Future;", List.of(), 1)));

    private static StackFrame frame(String type, String method, int line) {
        return new StackFrame(type, method, line);
    }

    @Test
    void aSiteInALibraryLeadsToTheNearestApplicationFrameThatCalledIt() {
        StackFrame site = frame("reactor.core.scheduler.Schedulers", "directSchedule", 1390);
        StackFrame lambda = frame("com.acme.Quotes$Prices", "lambda$quote$0", 21);
        List<StackFrame> stack = List.of(
                frame("java.util.concurrent.ScheduledThreadPoolExecutor", "submit", 731), // traced, but called by it
                site,
                frame("reactor.core.publisher.Mono", "block", 1778),
                lambda,
                frame("com.acme.Quotes", "main", 30));
        assertEquals(lambda, APP.callerOf(site, stack), "nested classes are the program's; callers only");
        assertNull(APP.callerOf(lambda, stack), "a site in the program needs no caller");
        assertNull(APP.callerOf(site, stack.subList(0, 3)), "no frame of the program below the site");
    }
}
