package io.flowtrace.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.flowtrace.recorder.AgentOptions.OptionsException;
import io.flowtrace.recorder.async.AsyncGroup;
import io.flowtrace.recorder.runtime.ValueMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {
    @Test
    void noArgumentsMeanTheDefaults() throws Exception {
        AgentOptions options = AgentOptions.parse(null);
        assertNull(options.session);
        assertNull(options.output);
        assertTrue(options.includes.isEmpty());
        assertTrue(options.excludes.isEmpty());
        assertEquals(ValueMode.SAFE, options.values);
        assertEquals(80, options.maxString);
        assertEquals(0, options.maxSize);
        assertFalse(options.debug);
        assertEquals(List.of(), options.secrets);
        assertEquals(AgentOptions.parse("  ").values, ValueMode.SAFE);
    }

    @Test
    void inlineOptionsAreKeyValuePairsSeparatedBySemicolons() throws Exception {
        AgentOptions options = AgentOptions.parse(
                "session=/tmp/s;include=com.acme.**|org.x.Y::run; exclude = com.acme.Noisy ;values=tostring;"
                        + "maxString=20;maxSize=1000000;debug=true;secrets=pin|otp");
        assertEquals(Path.of("/tmp/s"), options.session);
        assertEquals("com.acme.**,org.x.Y::run", options.includes.toString());
        assertEquals("com.acme.Noisy", options.excludes.toString());
        assertEquals(ValueMode.TOSTRING, options.values);
        assertEquals(20, options.maxString);
        assertEquals(1_000_000, options.maxSize);
        assertTrue(options.debug);
        assertEquals(List.of("pin", "otp"), options.secrets);
    }

    @Test
    void tasksAreRecordedUnlessSwitchedOffAsAWholeOrByGroup() throws Exception {
        assertEquals(Set.of(), AgentOptions.parse(null).disabled);
        assertEquals(EnumSet.allOf(AsyncGroup.class), AgentOptions.parse("async=false").disabled);
        assertEquals(EnumSet.of(AsyncGroup.FORKJOIN, AsyncGroup.THREADS),
                AgentOptions.parse("disable=forkjoin | threads").disabled);
        OptionsException bad = assertThrows(OptionsException.class, () -> AgentOptions.parse("disable=futures"));
        assertEquals("bad value for option 'disable': 'futures' (expected executors, forkjoin, completablefuture, "
                + "threads, structured, separated by |)", bad.getMessage());
        assertThrows(OptionsException.class, () -> AgentOptions.parse("async=no"));
    }

    @Test
    void instrumentedJdkClassesAreKeptInTheUsersCacheUnlessToldOtherwise() throws Exception {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path expected = xdg != null && !xdg.isBlank() ? Path.of(xdg, "flowtrace")
                : Path.of(System.getProperty("user.home"), ".cache", "flowtrace");
        assertEquals(expected, AgentOptions.parse(null).cache);
        assertEquals(Path.of("/tmp/flowtrace-cache"), AgentOptions.parse("cache=/tmp/flowtrace-cache").cache);
        assertNull(AgentOptions.parse("cache=none").cache);
        assertThrows(OptionsException.class, () -> AgentOptions.parse("cache="));
    }

    @Test
    void callTimesComeFromTheMillisecondClockUnlessExactIsAskedFor() throws Exception {
        assertFalse(AgentOptions.parse(null).exactTiming);
        assertFalse(AgentOptions.parse("timing=coarse").exactTiming);
        assertTrue(AgentOptions.parse("timing=exact").exactTiming);
    }

    @Test
    void anAtSignReadsAPropertiesFile(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("agent.properties");
        Files.writeString(file, "# FlowTrace\noutput=run.jfr\nvalues=none\n");
        AgentOptions options = AgentOptions.parse("@" + file);
        assertEquals(Path.of("run.jfr").toAbsolutePath(), options.output);
        assertEquals(ValueMode.NONE, options.values);
    }

    @Test
    void aMissingOptionsFileIsNamed() {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("@/no/such/file"));
        assertTrue(e.getMessage().startsWith("cannot read options file /no/such/file: "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', textBlock = """
            colour=blue => unknown option 'colour'
            values=safe;Values=none => unknown option 'Values'
            include => bad option 'include' (expected key=value)
            values=all => bad value for option 'values': 'all' (expected safe, tostring or none)
            maxString=0 => bad value for option 'maxString': '0' (expected a whole number from 1 to 1000000)
            maxString=ten => bad value for option 'maxString': 'ten' (expected a whole number from 1 to 1000000)
            maxSize=-1 => bad value for option 'maxSize': '-1' (expected a whole number from 0 on)
            debug=yes => bad value for option 'debug': 'yes' (expected true or false)
            timing=fine => bad value for option 'timing': 'fine' (expected coarse or exact)
            session= => bad value for option 'session': '' (expected a file path)
            include=com..acme => bad value for option 'include': invalid pattern 'com..acme': empty name between dots (expected com.acme.**, com.acme.*, com.acme.Foo or com.acme.Foo::bar, separated by |)
            """)
    void badOptionsSayWhatIsWrongInOneLine(String arguments, String message) {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse(arguments));
        assertEquals(message, e.getMessage());
    }
}
