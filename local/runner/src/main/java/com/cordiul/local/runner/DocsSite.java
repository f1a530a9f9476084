package com.cordiul.local.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interactive API reference under {@code /docs}: Swagger UI from the repository's
 * {@code node_modules/swagger-ui-dist} rendering {@code openapi.yaml}, whose first server is this stack, so that
 * "Try it out" calls the local API. Everything the page loads comes from here. Only regular files inside the
 * Swagger UI folder with a known type are served; anything else is a 404.
 */
public final class DocsSite implements HttpHandler {

    /** Where the docs are served. */
    public static final String PATH = "/docs";

    private static final String PREFIX = PATH + "/";
    private static final String PAGE = "index.html";
    private static final String SCRIPT = "docs-init.js";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "json", "application/json",
            "map", "application/json",
            "yaml", "application/yaml; charset=utf-8",
            "txt", "text/plain; charset=utf-8");
    /** Scripts, styles and images from here only: the page never loads anything from the internet. */
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; connect-src 'self' https:; frame-ancestors 'none'";
    /** A browser that reached the stack by a loopback name keeps it, so "Try it out" stays same-origin. */
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(localhost|127\\.0\\.0\\.1):(\\d+)");

    private final DocsSpec spec;
    private final Path assets;
    private final URI stackUrl;

    /**
     * @param root     the folder holding {@code openapi.yaml} and {@code node_modules} (the repository's root)
     * @param stackUrl the stack's own URL, e.g. {@code http://127.0.0.1:3000}
     */
    public DocsSite(Path root, URI stackUrl) {
        this(root.resolve("openapi.yaml"), root.resolve("node_modules/swagger-ui-dist"), stackUrl);
    }

    DocsSite(Path openApi, Path assets, URI stackUrl) {
        this.spec = new DocsSpec(openApi.toAbsolutePath().normalize());
        this.assets = assets.toAbsolutePath().normalize();
        this.stackUrl = stackUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", text("Only GET and HEAD are served here."));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals(PATH)) {
                exchange.getResponseHeaders().set("Location", PREFIX);
                send(exchange, 301, "text/plain; charset=utf-8", text("The docs are at " + PREFIX));
                return;
            }
            if (!path.startsWith(PREFIX)) {
                notFound(exchange);
                return;
            }
            if (!Files.isRegularFile(spec.file()) || !Files.isRegularFile(assets.resolve("swagger-ui-bundle.js"))) {
                send(exchange, 503, "text/plain; charset=utf-8", text("The API docs need " + spec.file()
                        + " and Swagger UI in " + assets + " (run npm ci in the repository's root)."));
                return;
            }
            serve(exchange, path.substring(PREFIX.length()));
        } catch (IOException | RuntimeException e) {
            // The client may be gone already; the runner's console is where a broken docs page is noticed.
            System.err.println("[runner] docs: " + exchange.getRequestURI().getPath() + ": " + e);
        }
    }

    private void serve(HttpExchange exchange, String name) throws IOException {
        switch (name) {
            case "", PAGE -> {
                exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
                send(exchange, 200, TYPES.get("html"), resource(PAGE));
            }
            case SCRIPT -> send(exchange, 200, TYPES.get("js"), resource(SCRIPT));
            case "openapi.json" -> send(exchange, 200, TYPES.get("json"), spec.json(origin(exchange)));
            case "openapi.yaml" -> send(exchange, 200, TYPES.get("yaml"), spec.yaml(origin(exchange)));
            default -> {
                Optional<Path> asset = asset(name);
                if (asset.isPresent()) {
                    send(exchange, 200, TYPES.get(extension(name)), Files.readAllBytes(asset.get()));
                } else {
                    notFound(exchange);
                }
            }
        }
    }

    /** A file of Swagger UI's folder, or empty for anything outside it, hidden, of unknown type or missing. */
    Optional<Path> asset(String name) {
        if (name.isEmpty() || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || !TYPES.containsKey(extension(name))) {
            return Optional.empty();
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return Optional.empty();
            }
        }
        Path file = assets.resolve(name).normalize();
        try {
            if (!file.startsWith(assets) || !Files.isRegularFile(file)
                    || !file.toRealPath().startsWith(assets.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The stack's URL as the browser names it (a loopback name on the stack's port), else the stack's own. */
    URI origin(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null) {
            var matcher = LOOPBACK_HOST.matcher(host.toLowerCase(Locale.ROOT));
            if (matcher.matches() && Integer.parseInt(matcher.group(2)) == stackUrl.getPort()) {
                return URI.create("http://" + host.toLowerCase(Locale.ROOT));
            }
        }
        return stackUrl;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DocsSite.class.getResourceAsStream("docs/" + name)) {
            if (in == null) {
                throw new IOException("The runner's jar lacks docs/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=utf-8", text("Not found. The API docs are at " + PREFIX));
    }

    private static byte[] text(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
