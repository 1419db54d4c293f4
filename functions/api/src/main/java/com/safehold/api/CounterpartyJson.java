package com.safehold.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.safehold.domain.users.PublicProfile;

/** A counterparty as SPEC 3 shows one: {@code {"pseudonym","trust":{...}}}, nothing that identifies. */
public final class CounterpartyJson {

    private CounterpartyJson() {}

    public static ObjectNode of(PublicProfile profile) {
        ObjectNode node = Json.object();
        node.put("pseudonym", profile.pseudonym());
        node.putObject("trust").put("phoneVerified", profile.trust().phoneVerified())
                .put("completedBookings", profile.trust().completedBookings())
                .put("noShows", profile.trust().noShows());
        return node;
    }
}
