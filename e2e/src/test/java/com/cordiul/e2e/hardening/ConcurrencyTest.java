package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.e2e.Deadline;
import com.cordiul.e2e.hardening.Http.Request;
import com.cordiul.e2e.hardening.Http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Races over real HTTP: one Idempotency-Key shared by 50 requests at once, and a key revoked while in use. */
class ConcurrencyTest {

    private final HardeningStack stack = SharedCloud.get();

    @Test
    void fiftyConcurrentCreates_sharingOneIdempotencyKey_dialOnce_andAllNameTheSameCall() throws Exception {
        String key = stack.issueKey("user_idem_race").key();
        String number = "+12025550142";
        LogCapture.phone(number);
        int attemptsBefore = stack.cloud().voice().attempts(number);
        Request request = Request.post("/calls/create",
                "{\"contact_id\":\"race-1\",\"phone_number\":\"" + number + "\"}")
                .key(key).header("Idempotency-Key", "race-" + System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Response> responses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return stack.http().send(request);
                }));
            }
            go.countDown();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> ids = new TreeSet<>();
        int created = 0;
        for (Response r : responses) {
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
            if (r.status() == 201) {
                ids.add(r.data().path("id").asText());
                created += r.header("Idempotent-Replayed").isPresent() ? 0 : 1;
            } else {
                assertThat(r.errorCode()).isEqualTo("request_in_progress");
                assertThat(r.header("Retry-After")).isPresent();
            }
        }
        assertThat(created).as("first answers (not replays)").isEqualTo(1);
        assertThat(ids).hasSize(1);
        // The call is dialed from the queue after the answers: wait for its dial, then it must be the only one.
        Deadline.await("the call's dial", () -> stack.cloud().voice().attempts(number), a -> a > attemptsBefore);
        assertThat(stack.cloud().voice().attempts(number) - attemptsBefore).isEqualTo(1);
        var listed = stack.http().get("/calls/list?contact_id=race-1", key).data().path("calls");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(ids.iterator().next());
        // The same request once the race is over is a replay of the one answer.
        Response replay = stack.http().send(request);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(replay.data().path("id").asText()).isEqualTo(ids.iterator().next());
    }

    /** One request of the race: when it started, relative to the revoke's completion, and what it got. */
    private record Attempt(long startedNanos, int status) {
    }

    @Test
    void aKeyRevokedWhileInUse_isRefusedForEveryRequestStartedAfterTheRevokeReturned() throws Exception {
        var admin = stack.issueKey("user_revoke_race");
        var doomed = stack.issueKey("user_revoke_race");
        stack.http().get("/calls/list", doomed.key());
        assertThat(stack.http().delete("/api-keys/key_01J0000000000000000000000X", admin.key()).status())
                .isEqualTo(404);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch someDone = new CountDownLatch(10);
        CountDownLatch revoked = new CountDownLatch(1);
        List<Future<Attempt>> futures = new ArrayList<>();
        long revokeReturned;
        try {
            for (int i = 0; i < 50; i++) {
                // The last ten are held until the revoke returned, so that some surely start after it.
                boolean late = i >= 40;
                futures.add(pool.submit(() -> {
                    if (late) {
                        revoked.await();
                    }
                    long started = System.nanoTime();
                    Response r = stack.http().get("/calls/list", doomed.key());
                    someDone.countDown();
                    return new Attempt(started, r.status());
                }));
            }
            someDone.await();
            Response revoke = stack.http().delete("/api-keys/" + doomed.id(), admin.key());
            revokeReturned = System.nanoTime();
            revoked.countDown();
            assertThat(revoke.status()).as(revoke.toString()).isEqualTo(200);
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> f : futures) {
                attempts.add(f.get());
            }
            List<Attempt> after = attempts.stream().filter(a -> a.startedNanos() > revokeReturned).toList();
            assertThat(after).as("requests started after the revoke returned").hasSizeGreaterThanOrEqualTo(10);
            assertThat(after).allSatisfy(a -> assertThat(a.status()).isEqualTo(401));
            assertThat(attempts).allSatisfy(a -> assertThat(a.status()).isIn(200, 401));
            assertThat(attempts.stream().filter(a -> a.startedNanos() < revokeReturned && a.status() == 200))
                    .as("the key worked before the revoke").isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
        assertThat(stack.http().get("/calls/list", doomed.key()).status()).isEqualTo(401);
    }
}
