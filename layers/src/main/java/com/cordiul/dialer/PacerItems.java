package com.cordiul.dialer;

import com.cordiul.dialer.PacerState.ActiveCall;
import com.cordiul.dialer.PacerState.OwnerTurn;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The pacer item's layout: {@code v} (version), {@code next_at}, {@code repaired_at} (epoch ms), {@code active}
 * (call id to {@code {o: owner, t: slot}}) and {@code owners} (owner to {@code {d: last dial, s: waiting since,
 * e: expected by}}). Both maps always exist, so a removal's path is always valid.
 */
final class PacerItems {

    private PacerItems() {
    }

    static Map<String, AttributeValue> emptyItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DialPacer.PK, AttributeValue.fromS(DialPacer.PACER_KEY));
        item.put("v", DialPacer.n(0));
        item.put("next_at", DialPacer.n(0));
        item.put("repaired_at", DialPacer.n(0));
        item.put("active", AttributeValue.fromM(Map.of()));
        item.put("owners", AttributeValue.fromM(Map.of()));
        return item;
    }

    static PacerState state(Map<String, AttributeValue> item) {
        Map<String, ActiveCall> active = new HashMap<>();
        AttributeValue activeMap = item.get("active");
        if (activeMap != null && activeMap.hasM()) {
            activeMap.m().forEach((id, v) -> active.put(id, new ActiveCall(v.m().get("o").s(), number(v.m(), "t"))));
        }
        Map<String, OwnerTurn> owners = new HashMap<>();
        AttributeValue ownerMap = item.get("owners");
        if (ownerMap != null && ownerMap.hasM()) {
            ownerMap.m().forEach((o, v) -> owners.put(o, new OwnerTurn(number(v.m(), "d"), number(v.m(), "s"),
                    number(v.m(), "e"))));
        }
        return new PacerState(number(item, "v"), number(item, "next_at"), active, owners, number(item, "repaired_at"));
    }

    static AttributeValue owners(Map<String, OwnerTurn> owners) {
        Map<String, AttributeValue> m = new HashMap<>();
        owners.forEach((o, t) -> m.put(o, AttributeValue.fromM(Map.of("d", DialPacer.n(t.lastDialAt()),
                "s", DialPacer.n(t.waitingSince()), "e", DialPacer.n(t.expectedBy())))));
        return AttributeValue.fromM(m);
    }

    static AttributeValue active(ActiveCall call) {
        return AttributeValue.fromM(Map.of("o", AttributeValue.fromS(call.owner()),
                "t", DialPacer.n(call.grantedAt())));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
