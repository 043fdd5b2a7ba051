package io.flowtrace.recorder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The start of a class file up to its list of interfaces: its access flags, name, superclass and interfaces, read
 * from the raw bytes by walking the constant pool, without parsing fields, methods or attributes. Names are
 * internal ({@code java/lang/Thread}).
 *
 * @param access the class's access flags ({@code ACC_INTERFACE} is {@value #INTERFACE})
 * @param name the class's own name
 * @param superName the superclass, null for {@code java/lang/Object} and for a module-info
 * @param interfaces the interfaces it implements directly (for an interface: those it extends)
 */
public record ClassFileHeader(int access, String name, String superName, List<String> interfaces) {
    /** The access flag of an interface (and of an annotation type). */
    public static final int INTERFACE = 0x0200;
    private static final int MAGIC = 0xCAFEBABE;

    /** The header of {@code classFile}, or null when it is not a class file this reader understands. */
    public static ClassFileHeader read(byte[] classFile) {
        try {
            if (u4(classFile, 0) != MAGIC) {
                return null;
            }
            int count = ConstantPool.count(classFile);
            int[] offsets = new int[count]; // where each constant's content starts, after its tag
            int at = ConstantPool.START;
            for (int index = 1; index < count;
                    index += ConstantPool.slots(classFile, at), at += ConstantPool.size(classFile, at)) {
                offsets[index] = at + 1;
            }
            int access = u2(classFile, at);
            String name = className(classFile, offsets, u2(classFile, at + 2));
            int superIndex = u2(classFile, at + 4);
            String superName = superIndex == 0 ? null : className(classFile, offsets, superIndex);
            int interfaceCount = u2(classFile, at + 6);
            String[] interfaces = new String[interfaceCount];
            for (int i = 0; i < interfaceCount; i++) {
                interfaces[i] = className(classFile, offsets, u2(classFile, at + 8 + 2 * i));
            }
            return new ClassFileHeader(access, name, superName, List.of(interfaces));
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether it is an interface (or an annotation type). */
    public boolean isInterface() {
        return (access & INTERFACE) != 0;
    }

    /** The name a CONSTANT_Class entry points to. */
    private static String className(byte[] classFile, int[] offsets, int classIndex) {
        int utf8 = offsets[u2(classFile, offsets[classIndex])];
        // class names in class files are ASCII in practice; a modified UTF-8 name decodes alike but for nulls
        return new String(classFile, utf8 + 2, u2(classFile, utf8), StandardCharsets.UTF_8);
    }


    private static int u2(byte[] bytes, int at) {
        return ConstantPool.u2(bytes, at);
    }

    private static int u4(byte[] bytes, int at) {
        return u2(bytes, at) << 16 | u2(bytes, at + 2);
    }
}
