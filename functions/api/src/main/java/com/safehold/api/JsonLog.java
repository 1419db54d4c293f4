package com.safehold.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * Structured JSON log lines, one per event, to stdout (CloudWatch Logs in Lambda). Keys come from
 * {@link LogField} only and values are strings, numbers or booleans; there is no free-text message, so a
 * line cannot carry personal data by accident. Errors are logged by type and location, never by message.
 */
public final class JsonLog {

    private final String function;
    private final PrintStream out;

    /** Logs to whatever {@code System.out} is when a line is written (Lambda's stdout goes to CloudWatch). */
    public JsonLog(String function) {
        this(function, null);
    }

    public JsonLog(String function, PrintStream out) {
        this.function = function;
        this.out = out;
    }

    public void info(String event, Map<LogField, Object> fields) {
        write("INFO", event, fields);
    }

    public void warn(String event, Map<LogField, Object> fields) {
        write("WARN", event, fields);
    }

    /** An unexpected failure: its class and the first frame inside Safehold, not its message. */
    public void error(String event, Throwable failure, Map<LogField, Object> fields) {
        ObjectNode line = base("ERROR", event, fields);
        line.put(LogField.ERROR_TYPE.key(), failure.getClass().getName());
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("com.safehold.")) {
                line.put(LogField.ERROR_AT.key(), frame.getClassName() + "." + frame.getMethodName() + ":"
                        + frame.getLineNumber());
                break;
            }
        }
        emit(line);
    }

    private void write(String level, String event, Map<LogField, Object> fields) {
        emit(base(level, event, fields));
    }

    private ObjectNode base(String level, String event, Map<LogField, Object> fields) {
        ObjectNode line = Json.object();
        line.put("ts", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        line.put(LogField.FUNCTION.key(), function);
        fields.forEach((field, value) -> {
            switch (value) {
                case null -> { }
                case Number number -> line.put(field.key(), number.longValue());
                case Boolean bool -> line.put(field.key(), bool);
                default -> line.put(field.key(), value.toString());
            }
        });
        return line;
    }

    private void emit(ObjectNode line) {
        (out == null ? System.out : out).println(Json.write(line));
    }
}
