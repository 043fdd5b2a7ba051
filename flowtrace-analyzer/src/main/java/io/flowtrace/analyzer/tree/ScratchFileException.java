package io.flowtrace.analyzer.tree;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A temporary file that keeps the calls or their times of a reading could not be written or read (a full disk, say):
 * a problem of this machine, not of the recording.
 */
public final class ScratchFileException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ScratchFileException(String what, IOException cause) {
        super("cannot keep " + what + " in a temporary file (" + cause.getMessage() + ")", cause);
    }
}
