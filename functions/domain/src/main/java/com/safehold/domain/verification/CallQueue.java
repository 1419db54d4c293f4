package com.safehold.domain.verification;

import com.safehold.domain.common.UserId;

/** Port: hands a call to the verification worker (SQS in AWS, ElasticMQ here). */
@FunctionalInterface
public interface CallQueue {

    /** The adapter encrypts the number and the code for the message; neither travels in clear. */
    void send(CallRequest call);

    /** What the worker needs to place one call. */
    record CallRequest(String verificationId, UserId customerId, String phone, String code, String language) {
        @Override
        public String toString() {
            return "CallRequest[" + verificationId + ", redacted]";
        }
    }
}
