package io.flowtrace.recorder.runtime;

import java.util.Arrays;

/**
 * The recording's words ({@link io.flowtrace.events.records.CallRecords#WORD}): texts that values repeat, each
 * with an id for the life of the JVM, so that a call record names them in a char or two. A class's word is its
 * name as values show it ({@code Shop$Cart}), an array class's {@code char[]}, a class as a value
 * {@code String.class}, an enum constant's its rendering ({@code Color.RED}). Looked up by
 * class, without locking, on every traced call with such a value; added under a lock once per class or constant.
 */
final class Words {
    /** A word: its id and its text. */
    record Word(int id, String text) {
    }

    private static final ClassValue<Word> TYPES = new ClassValue<>() {
        @Override
        protected Word computeValue(Class<?> type) {
            return add(ValueRenderer.simpleName(type));
        }
    };

    private static final ClassValue<Word> ARRAY_TYPES = new ClassValue<>() {
        @Override
        protected Word computeValue(Class<?> type) {
            return add(ValueRenderer.typeName(type));
        }
    };

    private static final ClassValue<Word> CLASS_LITERALS = new ClassValue<>() {
        @Override
        protected Word computeValue(Class<?> type) {
            return add(ValueRenderer.typeName(type) + ".class");
        }
    };

    private static final ClassValue<EnumWords> ENUMS = new ClassValue<>() {
        @Override
        protected EnumWords computeValue(Class<?> type) {
            return new EnumWords();
        }
    };

    private static volatile String[] texts = new String[256];
    private static int size; // guarded by Words.class

    private Words() {
    }

    /** The word of a class: its name without package. */
    static Word ofType(Class<?> type) {
        return TYPES.get(type);
    }

    /** The word of an array class, {@code char[]}, {@code String[][]}: an array value fills in its length. */
    static Word ofArrayType(Class<?> type) {
        return ARRAY_TYPES.get(type);
    }

    /** The word of a class as a value: {@code String.class}. */
    static Word ofClassLiteral(Class<?> type) {
        return CLASS_LITERALS.get(type);
    }

    /**
     * The words of the constants of an enum class, or of the enum that declares a constant's own class body; a
     * constant's word is its declaring class's simple name, a dot and its name.
     */
    static EnumWords constantsOf(Class<?> enumType) {
        Class<?> declaring = enumType.getSuperclass() != Enum.class ? enumType.getSuperclass() : enumType;
        return ENUMS.get(declaring);
    }

    /** The text of a word id handed out here. */
    static String text(int id) {
        return texts[id];
    }

    private static synchronized Word add(String text) {
        String[] table = texts;
        if (size == table.length) {
            table = Arrays.copyOf(table, size * 2);
        }
        table[size] = text;
        texts = table;
        return new Word(size++, text);
    }

    /** The words of one enum's constants, by ordinal, made as they are first seen. */
    static final class EnumWords {
        private volatile Word[] byOrdinal = new Word[0];

        /** The word of one of the enum's constants; name() and ordinal() are final: no user code. */
        Word of(Enum<?> constant) {
            int ordinal = constant.ordinal();
            Word[] words = byOrdinal;
            Word word = ordinal < words.length ? words[ordinal] : null;
            return word != null ? word : add(constant);
        }

        private synchronized Word add(Enum<?> constant) {
            int ordinal = constant.ordinal();
            Word[] words = byOrdinal;
            if (ordinal < words.length && words[ordinal] != null) {
                return words[ordinal];
            }
            words = Arrays.copyOf(words, Math.max(words.length, ordinal + 1));
            Word word = Words.add(constant.getDeclaringClass().getSimpleName() + '.' + constant.name());
            words[ordinal] = word;
            byOrdinal = words;
            return word;
        }
    }
}
