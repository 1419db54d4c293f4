package com.safehold.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything the JVM prints while it is installed: stdout and stderr still reach the console, and a copy is
 * kept, so a test can prove what the platform's logs do not contain.
 */
final class CapturedOutput {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    void install() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    }

    void uninstall() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        };
    }
}
