package dev.berth.api.http;

import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method and path to a handler. Templates use {@code {name}} for one segment and {@code {name*}} for a
 * greedy one, because image names contain slashes ({@code /images/localhost:5000/app/json}).
 */
public final class Router {
    /** Handles one exchange; may throw BerthException, which the ErrorMapper turns into Docker's error body. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    private record Route(String method, Pattern pattern, List<String> names, Handler handler) {}

    /** A handler found for a request, with the path parameters it captured. */
    public record Match(Handler handler, Map<String, String> params) {}

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(\\*?)}");
    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler));
        return this;
    }

    /** Finds the handler for a request; a known path with the wrong method is still "page not found", as dockerd says. */
    public Match match(String method, String path) {
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (!r.method.equals(method) || !m.matches()) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < r.names.size(); i++) {
                params.put(r.names.get(i), java.net.URLDecoder.decode(m.group(i + 1).replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Match(r.handler, params);
        }
        throw BerthException.notFound("page not found");
    }
}
