package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The docs site over real HTTP, on the repository's openapi.yaml and a small Swagger UI folder of its own, with a
 * secret file beside that folder that no request may reach.
 */
class DocsSiteTest {

    private static final String SECRET = "secret-beside-the-assets";
    private static final Path OPENAPI = RepositoryRoot.find().resolve("openapi.yaml");

    @TempDir
    static Path dir;

    private static HttpServer server;
    private static URI url;

    @BeforeAll
    static void start() throws IOException {
        Path assets = Files.createDirectories(dir.resolve("swagger-ui-dist"));
        Files.writeString(assets.resolve("swagger-ui-bundle.js"), "window.SwaggerUIBundle = function () {};");
        Files.writeString(assets.resolve("swagger-ui.css"), "body { margin: 0; }");
        Files.write(assets.resolve("favicon-16x16.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(assets.resolve("README.md"), "no type of ours");
        Files.writeString(assets.resolve(".hidden.js"), SECRET);
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createDirectories(assets.resolve("sub"));
        Files.createSymbolicLink(assets.resolve("link.txt"), dir.resolve("secret.txt"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.createContext(DocsSite.PATH, new DocsSite(OPENAPI, assets, url));
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(418, -1);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void page_isHtml_loadingSwaggerUiAndItsSettingsFromHere() throws IOException {
        Reply page = get("/docs/", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("content-security-policy")).contains("default-src 'self'");
        assertThat(page.body()).contains("src=\"swagger-ui-bundle.js\"", "src=\"docs-init.js\"",
                "href=\"swagger-ui.css\"").doesNotContain("http://", "https://");
        Reply script = get("/docs/docs-init.js", Map.of());
        assertThat(script.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("url: \"openapi.json\"", "validatorUrl: null");
        assertThat(get("/docs/index.html", Map.of()).body()).isEqualTo(page.body());
    }

    @Test
    void docsWithoutSlash_redirectsToTheFolder() throws IOException {
        Reply reply = get("/docs", Map.of());
        assertThat(reply.status()).isEqualTo(301);
        assertThat(reply.header("location")).isEqualTo("/docs/");
    }

    @Test
    void servedSpec_namesThisStackFirst_andKeepsTheRestOfTheFile() throws IOException {
        Reply reply = get("/docs/openapi.json", Map.of());
        assertThat(reply.header("content-type")).isEqualTo("application/json");
        JsonNode served = new ObjectMapper().readTree(reply.body());
        JsonNode file = new YAMLMapper().readTree(OPENAPI.toFile());
        assertThat(served.at("/servers/0/url").asText()).isEqualTo(url.toString());
        assertThat(served.at("/servers/0/description")).isEqualTo(file.at("/servers/0/description"));
        assertThat(served.path("servers").size()).isEqualTo(file.path("servers").size());
        assertThat(served.at("/servers/1")).isEqualTo(file.at("/servers/1"));
        assertThat(served.path("paths")).isEqualTo(file.path("paths"));
        assertThat(served.path("components")).isEqualTo(file.path("components"));
    }

    @Test
    void servedYaml_isTheSameDocument() throws IOException {
        Reply reply = get("/docs/openapi.yaml", Map.of());
        assertThat(reply.header("content-type")).isEqualTo("application/yaml; charset=utf-8");
        assertThat(new YAMLMapper().readTree(reply.body()))
                .isEqualTo(new ObjectMapper().readTree(get("/docs/openapi.json", Map.of()).body()));
    }

    @Test
    void servedSpec_keepsTheLoopbackNameTheBrowserUsed() throws IOException {
        JsonNode served = new ObjectMapper().readTree(get("/docs/openapi.json",
                Map.of("Host", "localhost:" + url.getPort())).body());
        assertThat(served.at("/servers/0/url").asText()).isEqualTo("http://localhost:" + url.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example:%d", "localhost:1", "127.0.0.1.attacker.example:%d"})
    void servedSpec_ignoresAnyOtherHost(String host) throws IOException {
        JsonNode served = new ObjectMapper().readTree(get("/docs/openapi.json",
                Map.of("Host", host.formatted(url.getPort()))).body());
        assertThat(served.at("/servers/0/url").asText()).isEqualTo(url.toString());
    }

    @Test
    void swaggerUiFiles_haveTheirContentTypes() throws IOException {
        assertThat(get("/docs/swagger-ui-bundle.js", Map.of()).header("content-type"))
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/docs/swagger-ui.css", Map.of()).header("content-type")).isEqualTo("text/css; charset=utf-8");
        Reply png = get("/docs/favicon-16x16.png", Map.of());
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("content-type")).isEqualTo("image/png");
        assertThat(png.header("x-content-type-options")).isEqualTo("nosniff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs/missing.js", "/docs/README.md", "/docs/sub", "/docs/sub/",
            "/docs/swagger-ui.css/x.css"})
    void unknownOrUntypedFile_is404(String path) throws IOException {
        Reply reply = get(path, Map.of());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("content-type")).isEqualTo("text/plain; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs/../secret.txt", "/docs/sub/../../secret.txt", "/docs/%2e%2e/secret.txt",
            "/docs/..%2fsecret.txt", "/docs/%2E%2E%2Fsecret.txt", "/docs/..%5csecret.txt",
            "/docs//" + "etc/passwd", "/docs/" + "%2fetc/passwd", "/docs/./../secret.txt", "/docs/link.txt",
            "/docs/.hidden.js", "/docs/sub/%00.js"})
    void pathsLeavingTheSwaggerUiFolder_are404(String path) throws IOException {
        Reply reply = get(path, Map.of());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).doesNotContain(SECRET, "root:");
    }

    @Test
    void otherMethods_are405() throws IOException {
        Reply reply = request("POST /docs/openapi.json", Map.of("Content-Length", "0"));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void head_answersWithoutBody() throws IOException {
        Reply reply = request("HEAD /docs/", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void withoutSwaggerUiInstalled_sayToRunNpmCi() throws IOException {
        HttpServer bare = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        bare.createContext(DocsSite.PATH, new DocsSite(OPENAPI, dir.resolve("not-installed"), url));
        bare.start();
        try {
            Reply reply = request("GET /docs/", Map.of(), bare.getAddress().getPort());
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).contains("npm ci");
        } finally {
            bare.stop(0);
        }
    }

    /** One HTTP/1.0 exchange over a plain socket, so that the path goes out exactly as written. */
    private static Reply get(String path, Map<String, String> headers) throws IOException {
        return request("GET " + path, headers);
    }

    private static Reply request(String requestLine, Map<String, String> headers) throws IOException {
        return request(requestLine, headers, url.getPort());
    }

    private static Reply request(String requestLine, Map<String, String> headers, int port) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.putAll(headers);
        StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.0\r\n");
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return Reply.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private record Reply(int status, Map<String, List<String>> headers, String body) {

        static Reply parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
            return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }
}
