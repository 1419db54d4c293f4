package com.safehold.adapters.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.common.UserId;
import com.safehold.domain.crypto.FieldCipher;
import com.safehold.domain.crypto.FieldContext;
import com.safehold.domain.verification.CallQueue;
import java.io.IOException;
import java.util.Base64;

/**
 * A call request as a queue message: the number and the code are field-encrypted for the customer and bound
 * to the verification ({@code verification-calls}, verification id, attribute), so neither is readable in the
 * queue, its dead-letter queue or a log of either.
 */
public final class CallMessages {

    private static final ObjectMapper JSON = com.safehold.adapters.JsonMapping.MAPPER;
    private static final String LOGICAL_PLACE = "verification-calls";

    private final FieldCipher cipher;

    public CallMessages(FieldCipher cipher) {
        this.cipher = cipher;
    }

    public String write(CallQueue.CallRequest call) {
        ObjectNode body = JSON.createObjectNode()
                .put("verificationId", call.verificationId())
                .put("customerId", call.customerId().value())
                .put("language", call.language())
                .put("phone", seal(call, "phone", call.phone()))
                .put("code", seal(call, "code", call.code()));
        return body.toString();
    }

    /** @throws IllegalArgumentException when the body is not a call request */
    public CallQueue.CallRequest read(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String verificationId = node.get("verificationId").asText();
            UserId customer = new UserId(node.get("customerId").asText());
            return new CallQueue.CallRequest(verificationId, customer,
                    open(customer, verificationId, "phone", node.get("phone").asText()),
                    open(customer, verificationId, "code", node.get("code").asText()), node.get("language").asText());
        } catch (IOException | RuntimeException malformed) {
            throw new IllegalArgumentException("not a call request", malformed);
        }
    }

    private String seal(CallQueue.CallRequest call, String attribute, String value) {
        return Base64.getEncoder().encodeToString(cipher.encrypt(value,
                new FieldContext(call.customerId(), LOGICAL_PLACE, call.verificationId(), attribute)));
    }

    private String open(UserId customer, String verificationId, String attribute, String sealed) {
        return cipher.decrypt(Base64.getDecoder().decode(sealed),
                new FieldContext(customer, LOGICAL_PLACE, verificationId, attribute));
    }
}
