package com.safehold.local.cognito;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a JWT payload into the {@code Map<String,String>} API Gateway HTTP APIs hand to the integration in
 * {@code requestContext.authorizer.jwt.claims}: every value becomes a string.
 *
 * <ul>
 *   <li>strings as they are; whole numbers in plain decimal ({@code "1795950000"}); booleans as
 *       {@code "true"}/{@code "false"};
 *   <li>arrays as a bracketed, space-separated list without quotes: {@code ["provider","admin"]} becomes
 *       {@code "[provider admin]"} (as observed on API Gateway; handlers must parse this form, not JSON);
 *   <li>objects as compact JSON (not observed on AWS; Cognito access tokens carry none);
 *   <li>{@code null} values are left out.
 * </ul>
 */
public final class ClaimRendering {

    private ClaimRendering() {}

    public static Map<String, String> render(Map<String, Object> payload) {
        Map<String, String> claims = new LinkedHashMap<>();
        payload.forEach((name, value) -> {
            if (value != null) {
                claims.put(name, renderValue(value));
            }
        });
        return claims;
    }

    static String renderValue(Object value) {
        return switch (value) {
            case String s -> s;
            case Double d when d == Math.rint(d) && !d.isInfinite() -> BigDecimal.valueOf(d).toBigInteger().toString();
            case Number n -> new BigDecimal(n.toString()).toPlainString();
            case List<?> list -> list.stream().map(e -> e == null ? "" : renderValue(e))
                    .collect(Collectors.joining(" ", "[", "]"));
            case Map<?, ?> map -> JSONObjectUtils.toJSONString(castToJsonObject(map));
            default -> value.toString();
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castToJsonObject(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
