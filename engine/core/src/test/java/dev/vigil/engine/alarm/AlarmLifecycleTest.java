package dev.vigil.engine.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.AlarmState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The moves of one instance, without a store or a lock: what each does and what each refuses. */
class AlarmLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-03-15T11:00:00Z");
    private static final UUID OPERATOR = UUID.fromString("00000004-0000-0000-0000-000000000001");

    private static Alarm triggered(int ackCondition) {
        Alarm.Draft d = new Alarm.Draft();
        d.instanceId = 7;
        d.alarmGuid = UUID.fromString("00000003-0000-0000-0000-000000000001");
        d.alarmName = "Door forced open";
        d.priority = 50;
        d.triggerTime = T0;
        d.creationTime = T0;
        d.ackConditionId = ackCondition;
        return d.build();
    }

    @Test
    void anInstanceGoesActiveInvestigatingAcknowledged() {
        Alarm a = triggered(0);
        assertThat(a.getState()).isEqualTo(AlarmState.ACTIVE);
        Alarm investigated = a.investigate("operator", T0.plusSeconds(5));
        assertThat(investigated.getState()).isEqualTo(AlarmState.INVESTIGATING);
        assertThat(investigated.getInvestigatedBy()).isEqualTo("operator");
        Alarm acked = investigated.acknowledge(AckType.NACK, "operator", T0.plusSeconds(9));
        assertThat(acked.getState()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(acked.getAckType()).isEqualTo(AckType.NACK);
        assertThat(acked.isActive()).isFalse();
        assertThat(a.getState()).as("values are immutable").isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void anAcknowledgedInstanceRefusesEveryMoveNamingTheMoveAndTheState() {
        Alarm acked = triggered(0).acknowledge(AckType.ACK, "operator", T0);
        assertThatThrownBy(() -> acked.investigate("x", T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot investigate alarm instance 7: it is ACKNOWLEDGED");
        assertThatThrownBy(() -> acked.acknowledge(AckType.FORCED, "x", T0)).hasMessageContaining("cannot acknowledge");
        assertThatThrownBy(() -> acked.retrigger(1, T0)).hasMessageContaining("cannot retrigger");
        assertThatThrownBy(() -> acked.forward(List.of(OPERATOR), "x", T0)).hasMessageContaining("cannot forward");
        assertThatThrownBy(() -> acked.editContext("c", "x")).hasMessageContaining("cannot edit the context of");
    }

    @Test
    void anAcknowledgementConditionHoldsUntilClearedOrForced() {
        Alarm a = triggered(3);
        assertThatThrownBy(() -> a.acknowledge(AckType.ACK, "operator", T0))
                .isInstanceOf(AlarmException.class)
                .hasMessageContaining("condition 3");
        assertThat(a.acknowledge(AckType.FORCED, "operator", T0).getAckType()).isEqualTo(AckType.FORCED);
        Alarm cleared = a.clearSourceCondition();
        assertThat(cleared.acknowledge(AckType.ACK, "operator", T0).getState()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThatThrownBy(cleared::clearSourceCondition).hasMessageContaining("no acknowledgement condition to clear");
    }

    @Test
    void retriggerCountsAndKeepsTheMoreUrgentPriorityAndForwardingsAccumulate() {
        Alarm a = triggered(0).retrigger(80, T0.plusSeconds(1)).retrigger(10, T0.plusSeconds(2));
        assertThat(a.getTriggerCount()).isEqualTo(3);
        assertThat(a.getPriority()).isEqualTo(10);
        assertThat(a.getLastTriggerTime()).isEqualTo(T0.plusSeconds(2));
        Alarm f = a.forward(List.of(OPERATOR), "admin", T0).forward(List.of(OPERATOR), "admin", T0.plusSeconds(1));
        assertThat(f.getForwardedRecipients()).containsExactly(OPERATOR);
        assertThat(f.getForwards()).hasSize(2);
    }
}
