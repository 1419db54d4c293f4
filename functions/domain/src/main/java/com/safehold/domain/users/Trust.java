package com.safehold.domain.users;

/** What a counterparty may know about someone instead of who they are (SPEC 3). */
public record Trust(boolean phoneVerified, int completedBookings, int noShows) {
    public static final Trust NEW = new Trust(false, 0, 0);
}
