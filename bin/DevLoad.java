import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bin/dev-load: a bounded load on a local ./dev stack, loopback only. Creators post calls as fast as they are
 * answered; pollers list calls over and over, as someone watching the outcome would. Prints what came back.
 */
public final class DevLoad {

    private DevLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        URI api = URI.create(o.getOrDefault("api", "http://127.0.0.1:3000/api"));
        if (!InetAddress.getByName(api.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("dev-load only loads a local stack (127.0.0.1), not " + api.getHost());
        }
        int creators = Integer.parseInt(o.getOrDefault("creators", "20"));
        int pollers = Integer.parseInt(o.getOrDefault("pollers", "0"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int maxCreates = Integer.parseInt(o.getOrDefault("max-creates", Integer.toString(Integer.MAX_VALUE)));
        String to = o.getOrDefault("to", "+12025550100");
        String key = Files.readString(Path.of(o.getOrDefault("key-file", ".local/api-key"))).trim();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, AtomicInteger> creates = new ConcurrentSkipListMap<>();
        Map<String, AtomicInteger> polls = new ConcurrentSkipListMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger started = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(creators + pollers);
        String body = "{\"contact_id\":\"load\",\"phone_number\":\"" + to + "\"}";
        for (int c = 0; c < creators; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end && started.incrementAndGet() <= maxCreates) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/calls/create"))
                            .timeout(Duration.ofSeconds(60)).header("x-api-key", key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    count(creates, send(http, request));
                    latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }
                return null;
            });
        }
        for (int p = 0; p < pollers; p++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    count(polls, send(http, HttpRequest.newBuilder(URI.create(api + "/calls/list?limit=5000"))
                            .timeout(Duration.ofSeconds(60)).header("x-api-key", key).GET().build()));
                }
                return null;
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            System.out.println("  ... creates " + creates + ", lists " + polls);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.println("creates: " + creates + (sorted.isEmpty() ? "" : ", p50 " + sorted.get(sorted.size() / 2)
                + " ms, p99 " + sorted.get((int) (sorted.size() * 0.99)) + " ms"));
        System.out.println("lists:   " + polls);
    }

    private static String send(HttpClient http, HttpRequest request) {
        try {
            return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void count(Map<String, AtomicInteger> counts, String outcome) {
        counts.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Usage: bin/dev-load [--api URL] [--creators N] [--pollers N] "
                        + "[--seconds S] [--max-creates N] [--to E164] [--key-file FILE]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
