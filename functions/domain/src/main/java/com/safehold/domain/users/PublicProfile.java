package com.safehold.domain.users;

import com.safehold.domain.common.UserId;

/** The face an account shows to counterparties: a pseudonym and trust attributes, nothing identifying. */
public record PublicProfile(UserId userId, String pseudonym, Trust trust) {}
