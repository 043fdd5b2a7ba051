package io.flowtrace.recorder.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.flowtrace.events.EventNames;
import io.flowtrace.events.MethodDefinitionEvent;
import io.flowtrace.recorder.it.TracedJvm.Run;
import io.flowtrace.recorder.testing.Jdks;
import io.flowtrace.recorder.testing.Jdks.Jdk;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs demo.Shop under the agent on JDK 17 and on the newest JDK, and reads back what was recorded. */
class RecorderIT {
    static final String SHOP_CALLS = """
            > Shop.main(String[0])
              > Shop.fib(4)
                > Shop.fib(3)
                  > Shop.fib(2)
                    > Shop.fib(1)
                    < Shop.fib = 1
                    > Shop.fib(0)
                    < Shop.fib = 0
                  < Shop.fib = 1
                  > Shop.fib(1)
                  < Shop.fib = 1
                < Shop.fib = 2
                > Shop.fib(2)
                  > Shop.fib(1)
                  < Shop.fib = 1
                  > Shop.fib(0)
                  < Shop.fib = 0
                < Shop.fib = 1
              < Shop.fib = 3
              > Shop.<init>("alice")
              < Shop.<init> void
              > Shop.log("open")
              < Shop.log void
              > Shop.findCoupon("XMAS")
              < Shop.findCoupon = null
              > Shop.tryWithdraw(5, 10)
                > Shop.withdraw(5, 10)
                < Shop.withdraw threw java.lang.IllegalStateException "insufficient funds: 5 < 10"
              < Shop.tryWithdraw = "refused"
              > Shop.login("bob", "***")
              < Shop.login = true
              > Shop$Item.<init>("apple", 30)
              < Shop$Item.<init> void
              > Shop$Item.<init>("kiwi", 45)
              < Shop$Item.<init> void
              > Shop.total([Shop$Item@HASH, Shop$Item@HASH])
                > Shop.lambda$total$0(Shop$Item@HASH)
                  > Shop.priceOf(Shop$Item@HASH)
                    > Shop$Item.cents()
                    < Shop$Item.cents = 30
                  < Shop.priceOf = 30
                < Shop.lambda$total$0 = 30
                > Shop.lambda$total$0(Shop$Item@HASH)
                  > Shop.priceOf(Shop$Item@HASH)
                    > Shop$Item.cents()
                    < Shop$Item.cents = 45
                  < Shop.priceOf = 45
                < Shop.lambda$total$0 = 45
              < Shop.total = 75
              > Shop$Color.<init>("RED", 0)
              < Shop$Color.<init> void
              > Shop$Color.<init>("GREEN", 1)
              < Shop$Color.<init> void
              > Shop.paint(Color.RED, ["apple", "kiwi"], {"a"=1, "b"=2}, 'x', 9000000000, 3.5)
              < Shop.paint = "red 2 2x90000000003.5"
              > Shop.weigh(true, 0.5, 'M', 3)
              < Shop.weigh = 79.5
              > Shop.pack(-0.25, -7, 127)
              < Shop.pack = "-0.25/-7/127"
            < Shop.main void
            """;

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void recordsCallsArgumentsResultsAndExceptions(String which) throws Exception {
        Jdk jdk = jdk(which);
        Path classes = Programs.classes(jdk, "shop");
        assertEquals(44 + jdk.feature(), Programs.classFileVersion(classes.resolve("demo/Shop.class")),
                "class files of " + jdk + "'s own javac");
        Run plain = TracedJvm.run(jdk, null, "-cp", classes.toString(), "demo.Shop");
        Run traced = TracedJvm.run(jdk, "", "-cp", classes.toString(), "demo.Shop");

        assertAll(
                () -> assertEquals(0, traced.exitCode(), traced::toString),
                () -> assertArrayEquals(plain.stdout(), traced.stdout(), traced::toString),
                () -> assertArrayEquals(plain.stderr(), traced.stderr(), traced::toString),
                () -> assertEquals(SHOP_CALLS, traced.calls().main()));
        CallLog calls = traced.calls();
        calls.assertSequencesComplete();
        Set<String> types = calls.events.stream().map(e -> e.getEventType().getName())
                .filter(name -> name.startsWith("flowtrace.")).collect(Collectors.toSet());
        // Shop has no async tasks and no checkpoints: every other FlowTrace event type is there, but the
        // per-call events that call batches replaced (kept only to read older recordings)
        assertEquals(EventNames.ALL.stream().map(RecorderIT::eventName)
                .filter(name -> !name.startsWith("flowtrace.Task") && !name.equals("flowtrace.Checkpoint"))
                .filter(name -> !name.equals("flowtrace.MethodEnter") && !name.equals("flowtrace.MethodExit"))
                .collect(Collectors.toSet()), types, "event types in the recording");
        List<String> others = calls.events.stream().map(e -> e.getEventType().getName())
                .filter(name -> !name.startsWith("flowtrace.")).distinct().toList();
        assertEquals(List.of("jdk.ThreadDump"), others, "only FlowTrace events and the final thread dump");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void laterRunsTakeTheTracedClassesFromTheCacheWithoutStartingByteBuddy(String which) throws Exception {
        Jdk jdk = jdk(which);
        Path cache = Programs.WORK.resolve("traced-cache-" + which);
        Programs.deleteTree(cache);
        String[] command = {"-cp", Programs.classes(jdk, "shop").toString(), "demo.Shop"};
        Run plain = TracedJvm.run(jdk, null, command);
        Run first = TracedJvm.run(jdk, "cache=" + cache + ";debug=true", command);
        assertTrue(first.err().contains("Byte Buddy started in "), first::toString);
        // the second run may still meet a JDK class the first did not load (one the cache's own reading loads)
        TracedJvm.run(jdk, "cache=" + cache, command);
        Run second = TracedJvm.run(jdk, "cache=" + cache + ";debug=true", command);
        assertAll(
                () -> assertFalse(second.err().contains("Byte Buddy started"), second::toString),
                () -> assertEquals(SHOP_CALLS, second.calls().main()),
                () -> assertEquals(definitions(first), definitions(second), "the same methods, ids and all"));
        Run third = TracedJvm.run(jdk, "cache=" + cache, command);
        assertAll(
                () -> assertArrayEquals(plain.stdout(), third.stdout(), third::toString),
                () -> assertArrayEquals(plain.stderr(), third.stderr(), third::toString),
                () -> assertEquals(SHOP_CALLS, third.calls().main()));
        Run otherSelection = TracedJvm.run(jdk, "cache=" + cache + ";debug=true;exclude=demo.Shop::fib", command);
        assertTrue(otherSelection.err().contains("Byte Buddy started in "), "other options, other cache file: "
                + otherSelection);
        assertFalse(otherSelection.calls().main().contains("Shop.fib"), otherSelection::toString);
    }

    /** Each method defined in the recording: its id, class, name and descriptor, sorted. */
    private static List<String> definitions(Run run) throws java.io.IOException {
        return run.calls().named(MethodDefinitionEvent.NAME).stream().map(d -> d.getInt("id") + " "
                + d.getString("type") + "." + d.getString("name") + d.getString("descriptor")).sorted().toList();
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void definesEachMethodWithDescriptorParameterNamesAndModifiers(String which) throws Exception {
        Jdk jdk = jdk(which);
        Run traced = TracedJvm.run(jdk, "", "-cp", Programs.classes(jdk, "shop").toString(), "demo.Shop");
        List<RecordedEvent> definitions = traced.calls().named(MethodDefinitionEvent.NAME);
        RecordedEvent withdraw = definitions.stream().filter(d -> d.getString("name").equals("withdraw"))
                .findFirst().orElseThrow();
        assertEquals("demo.Shop", withdraw.getString("type"));
        assertEquals("(II)I", withdraw.getString("descriptor"));
        assertEquals("balance,amount", withdraw.getString("parameterNames"));
        assertEquals(java.lang.reflect.Modifier.STATIC, withdraw.getInt("modifiers"));
        RecordedEvent lambda = definitions.stream().filter(d -> d.getString("name").startsWith("lambda$"))
                .findFirst().orElseThrow();
        assertTrue((lambda.getInt("modifiers") & 0x1000) != 0, "lambda bodies are synthetic");
        assertEquals(definitions.size(), definitions.stream().map(d -> d.getInt("id")).distinct().count(),
                "one definition per method id in a one-chunk recording");
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void valuesNoneRecordsCallsWithoutValues(String which) throws Exception {
        Jdk jdk = jdk(which);
        Run traced = TracedJvm.run(jdk, "values=none", "-cp", Programs.classes(jdk, "shop").toString(),
                "demo.Shop");
        String main = traced.calls().main();
        assertTrue(main.startsWith("> Shop.main(-)\n  > Shop.fib(-)\n"), main);
        assertTrue(main.contains("< Shop.fib void\n"), "no results with values=none:\n" + main);
        assertTrue(main.contains("< Shop.withdraw threw java.lang.IllegalStateException\n"), main);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "newest"})
    void valuesToStringRendersObjectsWithTheirToString(String which) throws Exception {
        Jdk jdk = jdk(which);
        Run traced = TracedJvm.run(jdk, "values=tostring;maxString=12", "-cp",
                Programs.classes(jdk, "shop").toString(), "demo.Shop");
        String main = traced.calls().main();
        assertTrue(main.contains("> Shop.priceOf(Item[name=ap…)\n"), main);
        assertTrue(main.contains("< Shop.withdraw threw java.lang.IllegalStateException \"insufficient…\"\n"), main);
    }

    static Jdk jdk(String which) {
        return which.equals("newest") ? Jdks.requireNewest(21) : Jdks.requireFeature(Integer.parseInt(which));
    }

    private static String eventName(Class<?> type) {
        return type.getAnnotation(jdk.jfr.Name.class).value();
    }
}
