package org.openucc.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The voice call's stage table, walked: an IVR flow (the built-in direct one too) holds every waiting caller. */
class CallStageTest {
    static final Map<CallStage, Set<CallStage>> EXPECTED = Map.of(
            CallStage.ARRIVING, EnumSet.of(CallStage.IDENTIFYING, CallStage.ENDED),
            CallStage.IDENTIFYING, EnumSet.of(CallStage.IN_IVR, CallStage.ENDED),
            CallStage.IN_IVR, EnumSet.of(CallStage.RINGING_AGENT, CallStage.ENDED),
            CallStage.RINGING_AGENT, EnumSet.of(CallStage.IN_IVR, CallStage.CONNECTED, CallStage.ENDED),
            CallStage.DIALING_AGENT, EnumSet.of(CallStage.DIALING_CUSTOMER, CallStage.ENDED),
            CallStage.DIALING_CUSTOMER, EnumSet.of(CallStage.CONNECTED, CallStage.ENDED),
            // A transfer to a queue: back in the direct flow, following the ACD's waiting entry.
            CallStage.CONNECTED, EnumSet.of(CallStage.HELD, CallStage.IN_IVR, CallStage.ENDED),
            CallStage.HELD, EnumSet.of(CallStage.CONNECTED, CallStage.IN_IVR, CallStage.ENDED),
            CallStage.ENDED, EnumSet.noneOf(CallStage.class));

    @Test
    void everyStageMovesExactlyWhereTheTableSaysAndEveryLiveStageCanEnd() {
        for (CallStage from : CallStage.values()) {
            assertThat(from.next()).as("from %s", from).isEqualTo(EXPECTED.get(from));
            for (CallStage to : CallStage.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(EXPECTED.get(from).contains(to));
            }
            if (from != CallStage.ENDED) {
                assertThat(from.canMoveTo(CallStage.ENDED)).as("%s can end", from).isTrue();
            }
        }
    }
}
