package com.safehold.adapters.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.safehold.domain.bookings.EscrowCommand;
import com.safehold.domain.escrow.MovementKind;
import java.io.IOException;

/** The escrow command as an SQS message body, written by the relay and read by the worker. */
public final class EscrowCommandMessages {

    private static final ObjectMapper JSON = com.safehold.adapters.JsonMapping.MAPPER;

    private EscrowCommandMessages() {}

    public static String write(EscrowCommand command) {
        return JSON.createObjectNode()
                .put("commandId", command.commandId())
                .put("bookingId", command.bookingId())
                .put("kind", command.kind().name())
                .put("amount", command.amount())
                .toString();
    }

    /** @throws IllegalArgumentException for a body that is not an escrow command */
    public static EscrowCommand read(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return new EscrowCommand(node.get("commandId").asText(), node.get("bookingId").asText(),
                    MovementKind.valueOf(node.get("kind").asText()), node.get("amount").asLong());
        } catch (IOException | RuntimeException malformed) { // not JSON at all, or JSON of another shape
            throw new IllegalArgumentException("not an escrow command", malformed);
        }
    }
}
