package com.safehold.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.safehold.catalog.FunctionDef;
import java.nio.charset.StandardCharsets;

/** The Lambda context of one local invocation: request id, names and the time left before the timeout. */
final class LocalLambdaContext implements Context {

    private final FunctionDef function;
    private final String requestId;
    private final long deadlineNanos;

    LocalLambdaContext(FunctionDef function, String requestId) {
        this.function = function;
        this.requestId = requestId;
        this.deadlineNanos = System.nanoTime() + function.timeoutSeconds() * 1_000_000_000L;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + function.name(); }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return function.name(); }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-central-1:000000000000:function:" + function.name();
    }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }
    @Override public int getMemoryLimitInMB() { return function.memoryMb(); }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.print(message); }
            @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
