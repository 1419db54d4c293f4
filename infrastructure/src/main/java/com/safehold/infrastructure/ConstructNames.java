package com.safehold.infrastructure;

import java.util.Locale;

/** Turns catalog names ({@code escrow-commands}) into construct ids ({@code EscrowCommands}). */
final class ConstructNames {

    private ConstructNames() {}

    static String pascal(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
