package com.safehold.domain.common;

/** Port: renders text as a QR code PNG (ZXing in the functions that draw them). */
@FunctionalInterface
public interface QrCodes {
    byte[] png(String text);
}
