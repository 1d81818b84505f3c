package org.openucc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What /health says for the whole server: the worst of its components; DEGRADED still serves. */
class ComponentHealthTest {

    @Test
    void theServerIsAsWellAsItsWorstComponent() {
        ComponentHealth up = ComponentHealth.up(Map.of("port", 5060));
        ComponentHealth degraded = ComponentHealth.degraded("no free RTP port", Map.of("port", 5060));
        ComponentHealth down = ComponentHealth.down("not started");
        assertThat(ComponentHealth.overall(List.of(up, up))).isEqualTo(ComponentHealth.Status.UP);
        assertThat(ComponentHealth.overall(List.of(up, degraded))).isEqualTo(ComponentHealth.Status.DEGRADED);
        assertThat(ComponentHealth.overall(List.of(degraded, down, up))).isEqualTo(ComponentHealth.Status.DOWN);
        assertThat(degraded.isUp()).as("degraded still serves").isTrue();
        assertThat(down.isUp()).isFalse();
        assertThat(degraded.toMap()).containsEntry("status", "DEGRADED").containsEntry("reason", "no free RTP port")
                .containsEntry("port", 5060);
    }
}
