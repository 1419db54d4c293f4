package com.safehold.domain.accounts;

/** Port: renders text as a QR code PNG (the auth function renders with ZXing). */
@FunctionalInterface
public interface QrCodes {
    byte[] png(String text);
}
