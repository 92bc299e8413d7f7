package dev.vigil.engine.alarm;

import dev.vigil.api.AlarmChange;
import java.time.Instant;
import java.util.UUID;

/**
 * A rule fact for one alarm change (triggered, forwarded, investigating, acknowledged...), so rules
 * can react to what operators and other rules did: {@code AlarmChanged(kind == "ACKNOWLEDGED",
 * alarmName == "Door forced open")}. It lives for one firing of the rules, then leaves the
 * session; the {@link Alarm} fact itself stays while the instance is active.
 */
public final class AlarmChanged {
    private final AlarmChange.Kind kind;
    private final Alarm alarm;
    private final Instant at;

    public AlarmChanged(AlarmChange.Kind kind, Alarm alarm, Instant at) {
        this.kind = kind;
        this.alarm = alarm;
        this.at = at;
    }

    /**
     * What happened, as the constant: {@code AlarmChanged(change == AlarmChange.Kind.ACKNOWLEDGED)}.
     */
    public AlarmChange.Kind getChange() {
        return kind;
    }

    /**
     * The same as text, {@code AlarmChanged(kind == "ACKNOWLEDGED")}: Drools does not convert a text
     * literal to an enum constant, and rules written that way keep working.
     */
    public String getKind() {
        return kind.name();
    }

    public Alarm getAlarm() {
        return alarm;
    }

    public long getInstanceId() {
        return alarm.getInstanceId();
    }

    public String getAlarmName() {
        return alarm.getAlarmName();
    }

    public UUID getSourceGuid() {
        return alarm.getSourceGuid();
    }

    public Instant getAt() {
        return at;
    }

    /** The user behind the change where the alarm records one (acknowledger, investigator, context editor). */
    public String getBy() {
        return switch (kind) {
            case ACKNOWLEDGED -> alarm.getAckBy();
            case INVESTIGATING -> alarm.getInvestigatedBy();
            case TRIGGERED, RETRIGGERED, CONTEXT_EDITED -> alarm.getContextBy();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "AlarmChanged[" + kind + " #" + alarm.getInstanceId() + " " + alarm.getAlarmName() + "]";
    }
}
