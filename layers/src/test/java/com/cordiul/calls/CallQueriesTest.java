package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.testing.RequestCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class CallQueriesTest {

    private static final TemplateTables TABLES = TemplateTables.fromRepository();
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final CallStatusMachine MACHINE = new CallStatusMachine();
    private static Dynalite dynalite;
    private static DynamoDbClient client;
    private static CallQueries queries;
    private static final List<CallRecord> OWNER_A = new ArrayList<>();
    private static final List<CallRecord> OWNER_B = new ArrayList<>();

    @BeforeAll
    static void seed() {
        dynalite = Dynalite.startInMemory();
        client = dynalite.client();
        TABLES.createAll(client);
        queries = new CallQueries(client, "CallsTable");
        Random random = new Random(11);
        for (int i = 0; i < 5000; i++) {
            OWNER_A.add(call("owner-a", T0.plusSeconds(i), "contact_" + (i % 7), i % 5, random));
        }
        for (int i = 0; i < 10; i++) {
            OWNER_B.add(call("owner-b", T0.plusSeconds(i), "contact_" + (i % 7), i % 5, random));
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (CallRecord r : concat(OWNER_A, OWNER_B)) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(CallItems.toItem(r.withVersion(1))).build()).build());
        }
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < writes.size(); i += 25) {
            batches.add(writes.subList(i, Math.min(writes.size(), i + 25)));
        }
        // Seeded straight into the table, several batches at a time, to keep the test fast.
        batches.parallelStream().forEach(batch -> assertThat(client.batchWriteItem(
                b -> b.requestItems(java.util.Map.of("CallsTable", batch))).unprocessedItems()).isEmpty());
        OWNER_A.sort(Comparator.comparing(CallRecord::id).reversed());
    }

    @AfterAll
    static void stop() {
        client.close();
        dynalite.close();
    }

    private static List<CallRecord> concat(List<CallRecord> a, List<CallRecord> b) {
        List<CallRecord> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static CallRecord call(String owner, Instant createdAt, String contact, int outcome, Random random) {
        CallRecord r = CallRecord.initiating(owner, CallIds.next(createdAt, random), contact, "+12025550123",
                "+12025550199", null, createdAt);
        Instant t = createdAt.plusSeconds(1);
        return switch (outcome) {
            case 0 -> r;
            case 1 -> MACHINE.apply(r, CallEvent.queued(t));
            case 2 -> MACHINE.apply(MACHINE.apply(r, CallEvent.answered(t)), CallEvent.hangup(t.plusSeconds(30), 0));
            case 3 -> MACHINE.apply(r, CallEvent.hangup(t, 486));
            default -> MACHINE.apply(r, CallEvent.dialRejected(t, "refused"));
        };
    }

    private static CallListRequest query(int limit, CallStatus status, String contact, Instant after, Instant before,
                                         String cursor) {
        return new CallListRequest(limit, Optional.ofNullable(status), Optional.ofNullable(contact),
                Optional.ofNullable(after), Optional.ofNullable(before), Optional.ofNullable(cursor));
    }

    private static List<String> ids(List<CallRecord> calls) {
        return calls.stream().map(CallRecord::id).toList();
    }

    private static List<String> list(CallListRequest query) {
        return listed(queries.list("owner-a", query).calls());
    }

    private static List<String> listed(List<CallView> calls) {
        return calls.stream().map(CallView::id).toList();
    }

    private static List<String> expected(Predicate<CallRecord> filter) {
        return ids(OWNER_A.stream().filter(filter).toList());
    }

    @Test
    void fiveThousandCalls_comeBackInOneResponse_newestFirst() {
        CallQueries.CallPage page = queries.list("owner-a", query(5000, null, null, null, null, null));
        assertThat(listed(page.calls())).isEqualTo(ids(OWNER_A));
        assertThat(page.hasMore()).isFalse();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void everyFilter_isAnsweredCompletely_inOrder() {
        Instant after = T0.plusSeconds(1000);
        Instant before = T0.plusSeconds(4000);
        assertThat(list(query(5000, CallStatus.COMPLETED, null, null, null, null)))
                .isEqualTo(expected(c -> c.status() == CallStatus.COMPLETED)).hasSize(1000);
        assertThat(list(query(5000, null, "contact_3", null, null, null)))
                .isEqualTo(expected(c -> c.contactId().equals("contact_3")));
        assertThat(list(query(5000, CallStatus.BUSY, "contact_3", null, null, null)))
                .isEqualTo(expected(c -> c.contactId().equals("contact_3") && c.status() == CallStatus.BUSY))
                .isNotEmpty();
        assertThat(list(query(5000, null, null, after, before, null)))
                .isEqualTo(expected(c -> !c.createdAt().isBefore(after) && c.createdAt().isBefore(before)))
                .hasSize(3000);
        assertThat(list(query(5000, CallStatus.INITIATING, "contact_1", after, before, null)))
                .isEqualTo(expected(c -> c.status() == CallStatus.INITIATING
                && c.contactId().equals("contact_1") && !c.createdAt().isBefore(after)
                && c.createdAt().isBefore(before))).isNotEmpty();
        assertThat(queries.list("owner-a", query(5000, CallStatus.CANCELED, null, null, null, null)).calls())
                .isEmpty();
    }

    @Test
    void paging_withTheCursor_hasNoGapsOrDuplicates() {
        assertPagesCover(query(700, null, null, null, null, null), expected(c -> true));
        assertPagesCover(query(37, CallStatus.FAILED, "contact_2", null, T0.plusSeconds(4500), null),
                expected(c -> c.status() == CallStatus.FAILED && c.contactId().equals("contact_2")
                        && c.createdAt().isBefore(T0.plusSeconds(4500))));
    }

    private void assertPagesCover(CallListRequest first, List<String> expected) {
        List<String> seen = new ArrayList<>();
        CallListRequest q = first;
        int pages = 0;
        while (true) {
            CallQueries.CallPage page = queries.list("owner-a", q);
            pages++;
            assertThat(page.calls().size()).isLessThanOrEqualTo(first.limit());
            seen.addAll(listed(page.calls()));
            if (!page.hasMore()) {
                break;
            }
            q = query(first.limit(), first.status().orElse(null), first.contactId().orElse(null),
                    first.createdAfter().orElse(null), first.createdBefore().orElse(null), page.nextCursor());
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        assertThat(pages).isEqualTo(Math.max(1, (expected.size() + first.limit() - 1) / first.limit()));
    }

    @Test
    void aContactAndAStatus_evaluateAtMostTheBoundPerRequest_andThePagesStillCoverEveryCall() {
        AtomicInteger evaluated = new AtomicInteger();
        ExecutionInterceptor scanned = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof QueryResponse response) {
                    evaluated.addAndGet(response.scannedCount());
                }
            }
        };
        int bound = 300;
        try (DynamoDbClient counted = new RequestCounter().client(dynalite.endpoint(), scanned)) {
            CallQueries bounded = new CallQueries(counted, "CallsTable", bound);
            List<String> expected = expected(c -> c.contactId().equals("contact_3")
                    && c.status() == CallStatus.COMPLETED);
            List<String> seen = new ArrayList<>();
            int shortPages = 0;
            CallListRequest q = query(100, CallStatus.COMPLETED, "contact_3", null, null, null);
            while (true) {
                evaluated.set(0);
                CallQueries.CallPage page = bounded.list("owner-a", q);
                assertThat(evaluated.get()).as("calls evaluated by one request").isLessThanOrEqualTo(bound);
                seen.addAll(listed(page.calls()));
                if (!page.hasMore()) {
                    break;
                }
                shortPages += page.calls().size() < q.limit() ? 1 : 0;
                q = query(100, CallStatus.COMPLETED, "contact_3", null, null, page.nextCursor());
            }
            assertThat(seen).isEqualTo(expected).hasSizeGreaterThan(100);
            assertThat(new HashSet<>(seen)).hasSize(seen.size());
            assertThat(shortPages).as("pages the bound ended before the limit").isPositive();
            // Without both filters the bound does not apply: a full page of a contact's calls.
            assertThat(listed(bounded.list("owner-a", query(500, null, "contact_3", null, null, null)).calls()))
                    .hasSize(500);
        }
    }

    @Test
    void tamperedForeignOrMismatchedCursors_areRefused() {
        String cursor = queries.list("owner-a", query(10, null, null, null, null, null)).nextCursor();
        String json = new String(java.util.Base64.getUrlDecoder().decode(cursor));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.replace(OWNER_A.get(9).id(), OWNER_A.get(20).id()).getBytes());
        for (String bad : List.of(forged, "not-a-cursor", cursor.substring(0, cursor.length() - 2), "e30")) {
            assertThatThrownBy(() -> queries.list("owner-a", query(10, null, null, null, null, bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).contains("cursor"));
        }
        assertThatThrownBy(() -> queries.list("owner-b", query(10, null, null, null, null, cursor)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> queries.list("owner-a", query(10, CallStatus.BUSY, null, null, null, cursor)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(queries.list("owner-a", query(10, null, null, null, null, cursor)).calls().get(0).id())
                .isEqualTo(OWNER_A.get(10).id());
    }

    @Test
    void anOwnerSeesOnlyItsOwnCalls() {
        CallQueries.CallPage page = queries.list("owner-b", query(5000, null, null, null, null, null));
        assertThat(listed(page.calls())).hasSize(10).containsExactlyInAnyOrderElementsOf(ids(OWNER_B));
        assertThat(listed(queries.list("owner-b", query(5000, null, "contact_3", null, null, null)).calls()))
                .hasSize(1).isSubsetOf(ids(OWNER_B));
        assertThat(queries.list("owner-c", query(5000, null, null, null, null, null)).calls()).isEmpty();
    }
}
