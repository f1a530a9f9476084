package com.cordiul.local.runner;

import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.local.voice.playout.CallPlayout;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything {@code ./dev} runs: the voice simulator standing in for Chime SDK Voice, the API stack whose functions
 * it is given as {@code CHIME_ENDPOINT}, its custom resources provisioned against the simulator (the SIP media
 * application, made by the stack's own provider as CloudFormation would have it made), and the playout that plays
 * every accepted dial out against the template's call-status function, through the stack, as Chime invokes the SIP
 * media application's Lambda.
 */
public final class LocalCloud implements AutoCloseable {

    /** The function the SIP media application invokes. */
    public static final String CALL_STATUS_FUNCTION = "CallStatusFunction";
    /** Where, under {@link LocalOptions#stateDir}, the simulator keeps the account's SIP media applications. */
    public static final String SIP_MEDIA_APPLICATIONS = "sip-media-applications.json";

    private final VoiceSimulator voice;
    private final LocalStack stack;
    private final CallPlayout playout;

    private LocalCloud(VoiceSimulator voice, LocalStack stack, CallPlayout playout) {
        this.voice = voice;
        this.stack = stack;
        this.playout = playout;
    }

    /** {@link #start(LocalOptions, PlayoutTiming, ChimeQuotas)} with Chime's default quotas. */
    public static LocalCloud start(LocalOptions options, PlayoutTiming timing) {
        return start(options, timing, ChimeQuotas.chimeDefaults());
    }

    /**
     * Starts the simulator with these quotas (its SIP media applications kept under the options' state folder, if
     * any), then the stack pointed at it, its custom resources provisioned ({@link LocalStack#startProvisioned}),
     * then the playout, which tells the simulator when each call ends (so that its active-call count follows the
     * calls). The simulator's inventory is the stack's configured caller numbers, so a from_number Chime would not
     * own is refused as Chime refuses it.
     */
    public static LocalCloud start(LocalOptions options, PlayoutTiming timing, ChimeQuotas quotas) {
        VoiceSimulator voice = new VoiceSimulator().withQuotas(quotas);
        if (options.stateDir() != null) {
            voice.withSipMediaApplicationsIn(options.stateDir().resolve(SIP_MEDIA_APPLICATIONS));
        }
        voice.start(0);
        LocalStack stack = null;
        try {
            stack = LocalStack.startProvisioned(options.withChimeEndpoint(voice.endpoint()));
            voice.withInventory(inventory(stack));
            LocalStack started = stack;
            CallPlayout playout = new CallPlayout(event -> started.invokeFunction(CALL_STATUS_FUNCTION, event),
                    timing).onCallEnded(voice::callEnded);
            voice.addListener(playout);
            return new LocalCloud(voice, stack, playout);
        } catch (RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            voice.close();
            throw e;
        }
    }

    /** The API stack. */
    public LocalStack stack() {
        return stack;
    }

    /** The Chime SDK Voice stand-in (dial counts, received requests). */
    public VoiceSimulator voice() {
        return voice;
    }

    /** The playout of accepted dials (per-call event logs). */
    public CallPlayout playout() {
        return playout;
    }

    /** Stops the playout, the stack and the simulator. */
    @Override
    public void close() {
        playout.close();
        stack.close();
        voice.close();
    }

    private static Set<String> inventory(LocalStack stack) {
        Set<String> numbers = new LinkedHashSet<>();
        if (stack.functionIds().contains("CreateCallFunction")) {
            var env = stack.environment("CreateCallFunction");
            addNumbers(numbers, env.get("DEFAULT_FROM_NUMBER"));
            addNumbers(numbers, env.get("OWNED_NUMBERS"));
        }
        return numbers;
    }

    private static void addNumbers(Set<String> numbers, String list) {
        if (list != null) {
            for (String n : list.split(",")) {
                if (!n.isBlank()) {
                    numbers.add(n.trim());
                }
            }
        }
    }
}
