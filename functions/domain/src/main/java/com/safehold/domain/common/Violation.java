package com.safehold.domain.common;

/**
 * One reason why input was refused: the JSON path of the field ({@code terms[1].kind}), a stable code and
 * a message for humans. Messages never echo the submitted value, which may be personal data.
 */
public record Violation(String field, String code, String detail) {}
