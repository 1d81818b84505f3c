package org.openucc.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The campaign's state table, walked move by move. */
class CampaignStateTest {
    private static final Map<CampaignState, Set<CampaignState>> LEGAL = Map.of(
            CampaignState.DRAFT, EnumSet.of(CampaignState.RUNNING, CampaignState.STOPPED),
            CampaignState.RUNNING, EnumSet.of(CampaignState.PAUSED, CampaignState.STOPPED, CampaignState.FINISHED),
            CampaignState.PAUSED, EnumSet.of(CampaignState.RUNNING, CampaignState.STOPPED),
            CampaignState.FINISHED, EnumSet.of(CampaignState.RUNNING),
            CampaignState.STOPPED, EnumSet.noneOf(CampaignState.class));

    @Test
    void everyMoveIsLegalExactlyWhenTheTableSaysSo() {
        for (CampaignState from : CampaignState.values()) {
            for (CampaignState to : CampaignState.values()) {
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(LEGAL.get(from).contains(to));
            }
            assertThat(from.next()).isEqualTo(LEGAL.get(from));
        }
    }

    @Test
    void onlyTheModesThatCanAbandonNeedAnIdentificationMessage() {
        assertThat(DialingMode.PREVIEW.mayAbandon()).isFalse();
        assertThat(DialingMode.PROGRESSIVE.mayAbandon()).isTrue();
        assertThat(DialingMode.PREDICTIVE.mayAbandon()).isTrue();
    }
}
