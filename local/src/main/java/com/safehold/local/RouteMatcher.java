package com.safehold.local;

import com.safehold.catalog.RouteDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches a method and path against the catalog's route templates ({@code /v1/offers/{id}}). */
final class RouteMatcher {

    record Match(RouteDef route, Map<String, String> pathParameters) {}

    private record Compiled(RouteDef route, Pattern pattern, List<String> names) {}

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final List<Compiled> routes = new ArrayList<>();

    RouteMatcher(List<RouteDef> routes) {
        for (RouteDef route : routes) {
            List<String> names = new ArrayList<>();
            StringBuilder regex = new StringBuilder("^");
            Matcher m = PARAMETER.matcher(route.path());
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(route.path().substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(route.path().substring(last))).append('$');
            this.routes.add(new Compiled(route, Pattern.compile(regex.toString()), names));
        }
    }

    Optional<Match> match(String method, String path) {
        for (Compiled c : routes) {
            if (!c.route().method().equals(method)) {
                continue;
            }
            Matcher m = c.pattern().matcher(path);
            if (m.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < c.names().size(); i++) {
                    parameters.put(c.names().get(i), m.group(i + 1));
                }
                return Optional.of(new Match(c.route(), parameters));
            }
        }
        return Optional.empty();
    }
}
