package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.testing.TemplateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The list reads the {@code by-status} and {@code by-contact} indexes, which project {@link CallItems#VIEW_ATTRIBUTES}
 * only: these tests fail when a view attribute is added without its projection, in the template or in the code, and
 * show that a listed call looks exactly as {@code GET /api/calls/{id}} shows it, through every filter.
 */
class ListedViewTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final CallStatusMachine MACHINE = new CallStatusMachine();
    /** What {@link CallItems#fromItem} reads that no view shows: the indexes leave them out. */
    private static final Set<String> NOT_IN_THE_VIEW = Set.of("dial_claim", CallItems.VERSION);
    /** DynamoDB's limit on the projected non-key attributes, summed over a table's indexes. */
    private static final int PROJECTED_ATTRIBUTES_LIMIT = 100;

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    @Test
    void template_projectsExactlyTheViewAttributes_onTheListsIndexes() {
        Map<String, GlobalSecondaryIndex> indexes = new LinkedHashMap<>();
        TemplateTables.fromRepository().request("CallsTable").globalSecondaryIndexes()
                .forEach(i -> indexes.put(i.indexName(), i));
        assertThat(indexes).doesNotContainKey("by-contact-status");
        GlobalSecondaryIndex byStatus = indexes.get(CallItems.INDEX_BY_STATUS);
        GlobalSecondaryIndex byContact = indexes.get(CallItems.INDEX_BY_CONTACT);
        assertThat(byStatus.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(byContact.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(byStatus.projection().nonKeyAttributes())
                .containsExactlyInAnyOrderElementsOf(CallItems.VIEW_ATTRIBUTES);
        List<String> contactAttributes = new ArrayList<>(CallItems.VIEW_ATTRIBUTES);
        contactAttributes.add(CallItems.STATUS);
        assertThat(byContact.projection().nonKeyAttributes()).containsExactlyInAnyOrderElementsOf(contactAttributes);
        assertThat(indexes.values().stream().mapToInt(i -> i.projection().nonKeyAttributes().size()).sum())
                .isLessThanOrEqualTo(PROJECTED_ATTRIBUTES_LIMIT);
        assertThat(CallItems.VIEW_ATTRIBUTES).doesNotContain(CallItems.EVENT_SEQ, CallItems.EVENT_LANE,
                CallItems.EVENT_AT, CallItems.VERSION, "dial_claim");
    }

    @Test
    void everyAttributeARecordIsReadFrom_isProjected_orShownInNoView() {
        Set<String> read = new TreeSet<>();
        Map<String, AttributeValue> item = new HashMap<>(CallItems.toItem(everyFieldSet())) {
            @Override
            public AttributeValue get(Object key) {
                read.add((String) key);
                return super.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                read.add((String) key);
                return super.containsKey(key);
            }
        };
        CallItems.fromItem(item);
        read.removeAll(List.of(CallItems.OWNER, CallItems.ID));
        read.removeAll(NOT_IN_THE_VIEW);
        assertThat(read).containsExactlyInAnyOrderElementsOf(CallItems.VIEW_ATTRIBUTES);
    }

    @Property(tries = 300)
    void aRecordsProjection_showsTheRecordsView(@ForAll("records") CallRecord record) {
        Map<String, AttributeValue> whole = CallItems.toItem(record);
        Map<String, AttributeValue> projected = new HashMap<>();
        for (String name : whole.keySet()) {
            if (CallItems.VIEW_ATTRIBUTES.contains(name) || Set.of(CallItems.OWNER, CallItems.ID,
                    CallItems.OWNER_STATUS).contains(name)) {
                projected.put(name, whole.get(name));
            }
        }
        assertThat(CallItems.listedView(projected)).isEqualTo(CallView.of(record));
    }

    @Test
    void callsWithEveryField_areListedThroughEveryFilter_exactlyAsGetShowsThem() {
        CallStore store = new CallStore(STORE.client(), "CallsTable");
        List<CallRecord> calls = new ArrayList<>();
        Random random = new Random(5);
        String[] contacts = {"contact_a", "contact_b"};
        for (int i = 0; i < 8; i++) {
            CallRecord r = CallRecord.initiating("owner-v", CallIds.next(T0.plusSeconds(i), random),
                    contacts[i % 2], "+12025550100", "+12025550199", i % 3 == 0 ? null : "Message " + i,
                    i % 2 == 0 ? Map.of("order", "88" + i, "ref", "r-" + i) : Map.of(), T0.plusSeconds(i));
            assertThat(store.create(r)).isTrue();
            calls.add(r);
        }
        List<List<java.util.function.UnaryOperator<CallRecord>>> scripts = List.of(
                List.of(),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "token-1")),
                List.of(r -> r.requestCancel(T0.plusSeconds(21))),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "t"), r -> MACHINE.apply(r,
                        CallEvent.dialAccepted(T0.plusSeconds(21), "tx-3")), r -> MACHINE.apply(r,
                        CallEvent.queued(T0.plusSeconds(21))), r -> MACHINE.apply(r, CallEvent.answered(
                        T0.plusSeconds(25))), r -> MACHINE.apply(r, CallEvent.hangup(T0.plusSeconds(97), 0))),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "t"), r -> MACHINE.apply(r,
                        CallEvent.hangup(T0.plusSeconds(30), 486))),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "t"), r -> MACHINE.apply(r,
                        CallEvent.dialRejected(T0.plusSeconds(20), "The destination cannot be dialed."))),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "t"), r -> MACHINE.apply(r,
                        CallEvent.ringing(T0.plusSeconds(22))), r -> r.requestCancel(T0.plusSeconds(23)),
                        r -> MACHINE.apply(r, CallEvent.hangup(T0.plusSeconds(24), 0))),
                List.of(r -> r.claimDial(T0.plusSeconds(20), "t"), r -> MACHINE.apply(r,
                        CallEvent.answered(T0.plusSeconds(22))), r -> r.requestCancel(T0.plusSeconds(23))));
        for (int i = 0; i < calls.size(); i++) {
            for (var change : scripts.get(i)) {
                store.update("owner-v", calls.get(i).id(), change);
            }
        }
        Map<String, CallView> shown = new HashMap<>();
        Set<CallStatus> statuses = new HashSet<>();
        for (CallRecord r : calls) {
            CallRecord stored = store.find("owner-v", r.id()).orElseThrow();
            shown.put(r.id(), CallView.of(stored));
            statuses.add(stored.status());
        }
        assertThat(statuses).contains(CallStatus.INITIATING, CallStatus.CANCELED, CallStatus.COMPLETED,
                CallStatus.BUSY, CallStatus.FAILED, CallStatus.IN_PROGRESS);
        CallQueries queries = new CallQueries(STORE.client(), "CallsTable");
        List<CallView> listed = new ArrayList<>(list(queries, null, null));
        for (String contact : contacts) {
            listed.addAll(list(queries, null, contact));
            for (CallStatus status : statuses) {
                listed.addAll(list(queries, status, contact));
            }
        }
        for (CallStatus status : statuses) {
            listed.addAll(list(queries, status, null));
        }
        assertThat(listed).hasSize(calls.size() * 4);
        for (CallView view : listed) {
            assertThat(view).isEqualTo(shown.get(view.id()));
        }
    }

    @Test
    void theIndexesHoldTheProjectionOnly_locallyToo() {
        CallRecord r = everyFieldSet();
        Map<String, AttributeValue> item = CallItems.toItem(r);
        CallItems.putEventMark(item, 5, T0.plusSeconds(66));
        STORE.client().putItem(b -> b.tableName("CallsTable").item(item));
        for (String index : List.of(CallItems.INDEX_BY_STATUS, CallItems.INDEX_BY_CONTACT)) {
            String hash = index.equals(CallItems.INDEX_BY_STATUS) ? CallItems.OWNER_STATUS : CallItems.OWNER_CONTACT;
            String value = index.equals(CallItems.INDEX_BY_STATUS)
                    ? CallItems.ownerStatus(r.owner(), r.status())
                    : CallItems.ownerContact(r.owner(), r.contactId());
            var items = STORE.client().query(b -> b.tableName("CallsTable").indexName(index)
                    .keyConditionExpression("#h = :h").expressionAttributeNames(Map.of("#h", hash))
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(value)))).items();
            assertThat(items).hasSize(1);
            assertThat(items.get(0)).as(index).containsKeys("metadata", "dialed_at", "hangup_code")
                    .doesNotContainKeys("dial_claim", CallItems.VERSION, CallItems.EVENT_SEQ, CallItems.EVENT_LANE,
                            CallItems.EVENT_AT, CallItems.STATUS_SINCE);
            assertThat(CallItems.listedView(items.get(0))).isEqualTo(CallView.of(r));
        }
    }

    private static List<CallView> list(CallQueries queries, CallStatus status, String contact) {
        return queries.list("owner-v", new CallListRequest(CallListRequest.MAX_LIMIT, Optional.ofNullable(status),
                Optional.ofNullable(contact), Optional.empty(), Optional.empty(), Optional.empty())).calls();
    }

    /** A call with every fact set that a record can hold at once. */
    private static CallRecord everyFieldSet() {
        return new CallRecord("owner-v", CallIds.next(T0, new Random(1)), "contact_a", "+12025550100",
                "+12025550199", "Your order is ready.", Map.of("order", "8812", "site", "north"), T0, "tx-1",
                T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(5), T0.plusSeconds(65), 0, T0.plusSeconds(66),
                "The call could not be settled.", T0.plusSeconds(1), "token-1", T0.plusSeconds(4), 7);
    }

    @Provide
    Arbitrary<CallRecord> records() {
        Arbitrary<Integer> code = Arbitraries.of(-1, 0, 486, 480, 487, 500);
        Arbitrary<Integer> reached = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> cancelAt = Arbitraries.integers().between(-1, 5);
        Arbitrary<Boolean> rejected = Arbitraries.of(true, false);
        Arbitrary<Boolean> metadata = Arbitraries.of(true, false);
        return Combinators.combine(code, reached, cancelAt, rejected, metadata).as((c, steps, cancel, reject, m) -> {
            CallRecord r = CallRecord.initiating("owner-p", CallIds.next(T0, new Random(steps * 31L + c)),
                    "contact_p", "+12025550100", "+12025550199", m ? "Hello" : null,
                    m ? Map.of("k", "v") : Map.of(), T0);
            List<java.util.function.UnaryOperator<CallRecord>> script = new ArrayList<>();
            script.add(x -> x.claimDial(T0.plusSeconds(1), "token"));
            script.add(x -> reject ? MACHINE.apply(x, CallEvent.dialRejected(T0.plusSeconds(1), "refused"))
                    : MACHINE.apply(x, CallEvent.dialAccepted(T0.plusSeconds(1), "tx")));
            script.add(x -> MACHINE.apply(x, CallEvent.queued(T0.plusSeconds(2))));
            script.add(x -> MACHINE.apply(x, CallEvent.ringing(T0.plusSeconds(3))));
            script.add(x -> MACHINE.apply(x, CallEvent.answered(T0.plusSeconds(4))));
            for (int i = 0; i <= steps; i++) {
                if (i == cancel) {
                    r = r.requestCancel(T0.plusMillis(500 + 1000L * i));
                }
                if (i < steps) {
                    r = script.get(i).apply(r);
                }
            }
            if (c >= 0) {
                r = MACHINE.apply(r, CallEvent.hangup(T0.plusSeconds(70), c));
            }
            return r.withVersion(3);
        });
    }
}
