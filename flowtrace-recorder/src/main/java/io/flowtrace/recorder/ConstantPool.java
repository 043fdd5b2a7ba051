package io.flowtrace.recorder;

/**
 * The layout of a class file's constant pool, read from its raw bytes: how far each entry reaches, so that the
 * agent's cheap checks on classes being loaded ({@link ClassFileHeader}, the {@code @Trace} test of
 * {@link TraceSelection}) can walk the pool without parsing the class.
 */
final class ConstantPool {
    /** Where the pool's first entry (its tag) starts: after the magic, the versions and the entry count. */
    static final int START = 10;
    /** The tag of a UTF-8 constant: tag, u2 length, bytes. */
    static final int UTF8 = 1;

    private ConstantPool() {
    }

    /** The pool's entry count plus one (the count the class file states; index 0 is unused). */
    static int count(byte[] classFile) {
        return u2(classFile, 8);
    }

    /**
     * Bytes the entry at {@code at} takes, its tag included.
     *
     * @throws IllegalArgumentException for a tag of a newer class file format
     */
    static int size(byte[] classFile, int at) {
        return switch (classFile[at] & 0xff) {
            case UTF8 -> 3 + u2(classFile, at + 1);
            case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
            case 5, 6 -> 9;
            case 7, 8, 16, 19, 20 -> 3;
            case 15 -> 4;
            default -> throw new IllegalArgumentException("constant pool tag " + (classFile[at] & 0xff));
        };
    }

    /** Pool indices the entry at {@code at} takes: two for a long or a double, one for any other. */
    static int slots(byte[] classFile, int at) {
        int tag = classFile[at] & 0xff;
        return tag == 5 || tag == 6 ? 2 : 1;
    }

    static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }
}
