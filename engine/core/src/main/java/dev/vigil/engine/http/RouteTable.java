package dev.vigil.engine.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One protocol's routes: {@code (method, path template) → handler}. Templates are literal segments,
 * {@code {name}} for one non-empty segment, and a last {@code {name...}} for the rest of the path
 * (empty or with slashes: the handler says what is wrong with it). Parameters stay raw (not
 * percent-decoded), so each handler decodes and refuses bad escapes in its own words. The table,
 * not the handlers, tells an unknown path (404) from a known path with the wrong method (405, with
 * the methods in the order they were added, which is the order {@code Allow} lists them).
 *
 * @param <H> what a route leads to
 */
public final class RouteTable<H> {
    private final List<Route<H>> routes;
    /**
     * Templates without parameters, by path, when no earlier template also matches that path: most
     * requests are found with one hash lookup instead of trying the templates in order.
     */
    private final Map<String, Route<H>> literal = new java.util.HashMap<>();

    private RouteTable(List<Route<H>> routes) {
        this.routes = List.copyOf(routes);
        for (int i = 0; i < this.routes.size(); i++) {
            Route<H> r = this.routes.get(i);
            if (!r.literal) {
                continue;
            }
            boolean shadowed = false;
            for (int j = 0; j < i; j++) {
                shadowed |= this.routes.get(j).match(r.template) != null;
            }
            if (!shadowed) {
                literal.put(r.template, r);
            }
        }
    }

    public static <H> Builder<H> builder() {
        return new Builder<>();
    }

    /** What a request leads to. */
    public sealed interface Lookup<H> {}

    /** @param params the template's parameters, raw */
    public record Found<H>(H handler, String template, Map<String, String> params) implements Lookup<H> {
        public String param(String name) {
            return params.get(name);
        }
    }

    public record NotFound<H>() implements Lookup<H> {}

    public record WrongMethod<H>(List<String> allowed) implements Lookup<H> {}

    /** The first template that matches the path decides; its methods decide between found and 405. */
    public Lookup<H> find(String method, String path) {
        Route<H> exact = literal.get(path);
        if (exact != null) {
            H handler = exact.handlers.get(method);
            return handler == null
                    ? new WrongMethod<>(List.copyOf(exact.handlers.keySet()))
                    : new Found<>(handler, exact.template, Map.of());
        }
        for (Route<H> r : routes) {
            Map<String, String> params = r.match(path);
            if (params != null) {
                H handler = r.handlers.get(method);
                return handler == null
                        ? new WrongMethod<>(List.copyOf(r.handlers.keySet()))
                        : new Found<>(handler, r.template, params);
            }
        }
        return new NotFound<>();
    }

    public static final class Builder<H> {
        private final Map<String, Route<H>> byTemplate = new LinkedHashMap<>();

        public Builder<H> add(String method, String template, H handler) {
            Route<H> r = byTemplate.computeIfAbsent(template, Route::new);
            if (r.handlers.putIfAbsent(method, handler) != null) {
                throw new IllegalArgumentException("two routes for " + method + " " + template);
            }
            return this;
        }

        /** The same handler for several methods, listed in {@code Allow} in this order. */
        public Builder<H> add(List<String> methods, String template, H handler) {
            for (String m : methods) {
                add(m, template, handler);
            }
            return this;
        }

        public RouteTable<H> build() {
            return new RouteTable<>(new ArrayList<>(byTemplate.values()));
        }
    }

    private static final class Route<H> {
        final String template;
        final String[] segments;
        final boolean rest;
        /** No parameters: the template is the one path it matches. */
        final boolean literal;

        final Map<String, H> handlers = new LinkedHashMap<>();

        Route(String template) {
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("a template starts with '/': " + template);
            }
            this.template = template;
            this.segments = template.substring(1).split("/", -1);
            String last = segments[segments.length - 1];
            this.rest = last.startsWith("{") && last.endsWith("...}");
            this.literal = !template.contains("{");
            for (int i = 0; i < segments.length - 1; i++) {
                if (segments[i].endsWith("...}")) {
                    throw new IllegalArgumentException("only the last segment may take the rest: " + template);
                }
            }
        }

        /** The parameters when the path matches, null otherwise. */
        Map<String, String> match(String path) {
            if (!path.startsWith("/")) {
                return null;
            }
            Map<String, String> params = Map.of();
            int pos = 1;
            for (int i = 0; i < segments.length; i++) {
                String seg = segments[i];
                if (rest && i == segments.length - 1) {
                    params = put(params, seg.substring(1, seg.length() - 4), path.substring(pos));
                    return params;
                }
                int end = path.indexOf('/', pos);
                boolean lastSegment = i == segments.length - 1;
                if (lastSegment ? end >= 0 : end < 0) {
                    return null;
                }
                int stop = lastSegment ? path.length() : end;
                if (seg.startsWith("{") && seg.endsWith("}")) {
                    if (stop == pos) {
                        return null;
                    }
                    params = put(params, seg.substring(1, seg.length() - 1), path.substring(pos, stop));
                } else if (stop - pos != seg.length() || !path.regionMatches(pos, seg, 0, seg.length())) {
                    // compared in place: most templates fail on their first segments, with nothing allocated
                    return null;
                }
                pos = lastSegment ? path.length() : end + 1;
            }
            return params;
        }

        private static Map<String, String> put(Map<String, String> params, String name, String value) {
            Map<String, String> m = new LinkedHashMap<>(params);
            m.put(name, value);
            return m;
        }
    }
}
