package com.safehold.local.bench;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a benchmark prints its report: the process's standard output as it was at start. The handlers log one
 * JSON line per request to standard output, as in Lambda; {@link #silenceHandlerLogs} sends those nowhere, so
 * the report holds only tables.
 */
final class ReportOut {

    static final PrintStream REPORT = System.out;

    private ReportOut() {}

    static void silenceHandlerLogs() {
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    }
}
