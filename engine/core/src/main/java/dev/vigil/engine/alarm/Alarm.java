package dev.vigil.engine.alarm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.api.AlarmSnapshot;
import dev.vigil.api.AlarmState;
import dev.vigil.engine.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * One alarm instance, immutable, and its life cycle in one place: each move below returns the next
 * value of the instance or refuses, naming the state and the move. The moves:
 * <pre>
 *   trigger ──► ACTIVE ──investigate──► INVESTIGATING ──┐
 *                 │  ▲ retrigger, forward, edit context,  │ (the same moves, and investigate again)
 *                 │  └ clear source condition             │
 *                 └────────────acknowledge────────────────┴──► ACKNOWLEDGED (terminal)
 * </pre>
 * An instance with an acknowledgement condition refuses a plain acknowledgement until the condition
 * is cleared; a forced one passes. The same object is a Drools fact (rules match
 * {@code Alarm(state == AlarmState.ACTIVE, alarmName == "...")}) and the persisted document.
 * Locking and persistence are {@link AlarmService}'s.
 */
public final class Alarm {
    private final long instanceId;
    private final UUID alarmGuid;
    private final String alarmName;
    private final UUID sourceGuid;
    private final String triggerEvent;
    private final AlarmState state;
    private final int priority;
    private final String context;
    private final List<UUID> attachedEntities;
    private final List<UUID> forwardedRecipients;
    private final List<String> urls;
    private final Instant triggerTime;
    private final Instant creationTime;
    private final Instant lastTriggerTime;
    private final int triggerCount;
    private final Instant ackTime;
    private final String ackBy;
    private final AckType ackType;
    private final String investigatedBy;
    private final Instant investigatedTime;
    private final int ackConditionId;
    private final boolean userAckRequired;
    private final boolean sourceConditionCleared;
    private final Double latitude;
    private final Double longitude;
    private final String contextBy;
    private final List<Forward> forwards;
    private final int contentPriority;
    /** The rule (name and file) that triggered the instance; null when an operator or an integration did. */
    private final String rule;

    /** One forwarding of the instance: who forwarded it, to whom, when. */
    public record Forward(String by, List<UUID> to, Instant at) {
        public Forward {
            to = to == null ? List.of() : List.copyOf(to);
        }
    }

    @JsonCreator
    public Alarm(
            @JsonProperty("instanceId") long instanceId,
            @JsonProperty("alarmGuid") UUID alarmGuid,
            @JsonProperty("alarmName") String alarmName,
            @JsonProperty("sourceGuid") UUID sourceGuid,
            @JsonProperty("triggerEvent") String triggerEvent,
            @JsonProperty("state") AlarmState state,
            @JsonProperty("priority") int priority,
            @JsonProperty("context") String context,
            @JsonProperty("attachedEntities") List<UUID> attachedEntities,
            @JsonProperty("forwardedRecipients") List<UUID> forwardedRecipients,
            @JsonProperty("urls") List<String> urls,
            @JsonProperty("triggerTime") Instant triggerTime,
            @JsonProperty("creationTime") Instant creationTime,
            @JsonProperty("lastTriggerTime") Instant lastTriggerTime,
            @JsonProperty("triggerCount") int triggerCount,
            @JsonProperty("ackTime") Instant ackTime,
            @JsonProperty("ackBy") String ackBy,
            @JsonProperty("ackType") AckType ackType,
            @JsonProperty("investigatedBy") String investigatedBy,
            @JsonProperty("investigatedTime") Instant investigatedTime,
            @JsonProperty("ackConditionId") int ackConditionId,
            @JsonProperty("userAckRequired") boolean userAckRequired,
            @JsonProperty("sourceConditionCleared") boolean sourceConditionCleared,
            @JsonProperty("latitude") Double latitude,
            @JsonProperty("longitude") Double longitude,
            @JsonProperty("contextBy") String contextBy,
            @JsonProperty("forwards") List<Forward> forwards,
            @JsonProperty("contentPriority") int contentPriority,
            @JsonProperty("rule") String rule) {
        this.instanceId = instanceId;
        this.alarmGuid = alarmGuid;
        this.alarmName = alarmName == null ? "" : alarmName;
        this.sourceGuid = sourceGuid == null ? new UUID(0, 0) : sourceGuid;
        this.triggerEvent = triggerEvent == null ? "ManualAction" : triggerEvent;
        this.state = state;
        this.priority = priority;
        this.context = context == null ? "" : context;
        this.attachedEntities = attachedEntities == null ? List.of() : List.copyOf(attachedEntities);
        this.forwardedRecipients = forwardedRecipients == null ? List.of() : List.copyOf(forwardedRecipients);
        this.urls = urls == null ? List.of() : List.copyOf(urls);
        this.triggerTime = triggerTime;
        this.creationTime = creationTime;
        this.lastTriggerTime = lastTriggerTime == null ? triggerTime : lastTriggerTime;
        this.triggerCount = Math.max(1, triggerCount);
        this.ackTime = ackTime;
        this.ackBy = ackBy;
        this.ackType = ackType;
        this.investigatedBy = investigatedBy;
        this.investigatedTime = investigatedTime;
        this.ackConditionId = ackConditionId;
        this.userAckRequired = userAckRequired;
        this.sourceConditionCleared = sourceConditionCleared;
        this.latitude = latitude;
        this.longitude = longitude;
        this.contextBy = contextBy;
        this.forwards = forwards == null ? List.of() : List.copyOf(forwards);
        this.contentPriority = contentPriority;
        this.rule = rule;
    }

    public Draft edit() {
        return new Draft(this);
    }

    public long getInstanceId() {
        return instanceId;
    }

    public UUID getAlarmGuid() {
        return alarmGuid;
    }

    public String getAlarmName() {
        return alarmName;
    }

    public UUID getSourceGuid() {
        return sourceGuid;
    }

    public String getTriggerEvent() {
        return triggerEvent;
    }

    public AlarmState getState() {
        return state;
    }

    @JsonIgnore
    public boolean isActive() {
        return state.isActive();
    }

    public int getPriority() {
        return priority;
    }

    public String getContext() {
        return context;
    }

    public List<UUID> getAttachedEntities() {
        return attachedEntities;
    }

    public List<UUID> getForwardedRecipients() {
        return forwardedRecipients;
    }

    public List<String> getUrls() {
        return urls;
    }

    public Instant getTriggerTime() {
        return triggerTime;
    }

    public Instant getCreationTime() {
        return creationTime;
    }

    public Instant getLastTriggerTime() {
        return lastTriggerTime;
    }

    public int getTriggerCount() {
        return triggerCount;
    }

    public Instant getAckTime() {
        return ackTime;
    }

    public String getAckBy() {
        return ackBy;
    }

    public AckType getAckType() {
        return ackType;
    }

    public String getInvestigatedBy() {
        return investigatedBy;
    }

    public Instant getInvestigatedTime() {
        return investigatedTime;
    }

    public int getAckConditionId() {
        return ackConditionId;
    }

    public boolean isUserAckRequired() {
        return userAckRequired;
    }

    public boolean isSourceConditionCleared() {
        return sourceConditionCleared;
    }

    /** An acknowledgement condition was set and has not been cleared yet. */
    @JsonIgnore
    public boolean isAwaitingSourceCondition() {
        return ackConditionId != 0 && !sourceConditionCleared;
    }

    public Double getLatitude() {
        return latitude;
    }

    public Double getLongitude() {
        return longitude;
    }

    public String getContextBy() {
        return contextBy;
    }

    /** The Priority given in DynamicAlarmContent at the trigger, 0 when none (the seed's content shows 0 then). */
    public String getRule() {
        return rule;
    }

    public int getContentPriority() {
        return contentPriority;
    }

    /** Every forwarding, oldest first (at trigger time too, when it named forwarded recipients). */
    public List<Forward> getForwards() {
        return forwards;
    }

    /** Acknowledges the instance; {@link AckType#FORCED} passes an acknowledgement condition not yet cleared. */
    public Alarm acknowledge(AckType type, String by, Instant at) {
        requireActive("acknowledge");
        if (type != AckType.FORCED && isAwaitingSourceCondition()) {
            throw new AlarmException(
                    ErrorCode.SOURCE_CONDITION_NOT_CLEARED,
                    "alarm instance " + instanceId
                            + " waits for its acknowledgement condition " + ackConditionId
                            + " to be cleared (ClearSourceCondition) or a ForceAcknowledgeAlarm");
        }
        Draft d = edit();
        d.state = AlarmState.ACKNOWLEDGED;
        d.ackTime = at;
        d.ackBy = by;
        d.ackType = type;
        return d.build();
    }

    /** Someone takes the instance in hand (again: the latest investigator is kept). */
    public Alarm investigate(String by, Instant at) {
        requireActive("investigate");
        Draft d = edit();
        d.state = AlarmState.INVESTIGATING;
        d.investigatedBy = by;
        d.investigatedTime = at;
        return d.build();
    }

    /** A repeat within the reactivation threshold: counted, and the more urgent priority kept. */
    public Alarm retrigger(int priority, Instant at) {
        requireActive("retrigger");
        Draft d = edit();
        d.triggerCount = triggerCount + 1;
        d.lastTriggerTime = at;
        d.priority = Math.min(this.priority, priority);
        return d.build();
    }

    /** Adds recipients (once each) and records the forwarding. */
    public Alarm forward(Collection<UUID> recipients, String by, Instant at) {
        requireActive("forward");
        LinkedHashSet<UUID> all = new LinkedHashSet<>(forwardedRecipients);
        all.addAll(recipients);
        List<Forward> history = new ArrayList<>(forwards);
        history.add(new Forward(by, List.copyOf(recipients), at));
        Draft d = edit();
        d.forwardedRecipients = List.copyOf(all);
        d.forwards = history;
        return d.build();
    }

    public Alarm editContext(String context, String by) {
        requireActive("edit the context of");
        Draft d = edit();
        d.context = context;
        d.contextBy = by;
        return d.build();
    }

    /** The source reports the condition gone: a plain acknowledgement is allowed from now on. */
    public Alarm clearSourceCondition() {
        requireActive("clear the source condition of");
        if (ackConditionId == 0 || sourceConditionCleared) {
            throw new IllegalStateException(
                    "alarm instance " + instanceId + " has no acknowledgement condition to clear");
        }
        Draft d = edit();
        d.sourceConditionCleared = true;
        return d.build();
    }

    private void requireActive(String move) {
        if (!state.isActive()) {
            throw new IllegalStateException("cannot " + move + " alarm instance " + instanceId + ": it is " + state);
        }
    }

    public AlarmSnapshot snapshot(UUID ackByGuid) {
        return new AlarmSnapshot(
                instanceId,
                alarmGuid,
                alarmName,
                sourceGuid,
                state,
                priority,
                context,
                attachedEntities,
                triggerTime,
                creationTime,
                ackTime,
                ackByGuid,
                triggerCount,
                rule);
    }

    @Override
    public String toString() {
        return "Alarm#" + instanceId + "[" + alarmName + " " + state + " p" + priority + "]";
    }

    /** Mutable copy used to build the next value of an instance. */
    public static final class Draft {
        long instanceId;
        UUID alarmGuid;
        String alarmName;
        UUID sourceGuid;
        String triggerEvent;
        AlarmState state = AlarmState.ACTIVE;
        int priority = 1;
        String context;
        List<UUID> attachedEntities = List.of();
        List<UUID> forwardedRecipients = List.of();
        List<String> urls = List.of();
        Instant triggerTime;
        Instant creationTime;
        Instant lastTriggerTime;
        int triggerCount = 1;
        Instant ackTime;
        String ackBy;
        AckType ackType;
        String investigatedBy;
        Instant investigatedTime;
        int ackConditionId;
        boolean userAckRequired;
        boolean sourceConditionCleared;
        Double latitude;
        Double longitude;
        String contextBy;
        List<Forward> forwards = List.of();
        int contentPriority;
        String rule;

        public Draft() {}

        Draft(Alarm a) {
            instanceId = a.instanceId;
            alarmGuid = a.alarmGuid;
            alarmName = a.alarmName;
            sourceGuid = a.sourceGuid;
            triggerEvent = a.triggerEvent;
            state = a.state;
            priority = a.priority;
            context = a.context;
            attachedEntities = a.attachedEntities;
            forwardedRecipients = a.forwardedRecipients;
            urls = a.urls;
            triggerTime = a.triggerTime;
            creationTime = a.creationTime;
            lastTriggerTime = a.lastTriggerTime;
            triggerCount = a.triggerCount;
            ackTime = a.ackTime;
            ackBy = a.ackBy;
            ackType = a.ackType;
            investigatedBy = a.investigatedBy;
            investigatedTime = a.investigatedTime;
            ackConditionId = a.ackConditionId;
            userAckRequired = a.userAckRequired;
            sourceConditionCleared = a.sourceConditionCleared;
            latitude = a.latitude;
            longitude = a.longitude;
            contextBy = a.contextBy;
            forwards = a.forwards;
            contentPriority = a.contentPriority;
            rule = a.rule;
        }

        public Alarm build() {
            return new Alarm(
                    instanceId,
                    alarmGuid,
                    alarmName,
                    sourceGuid,
                    triggerEvent,
                    state,
                    priority,
                    context,
                    attachedEntities,
                    forwardedRecipients,
                    urls,
                    triggerTime,
                    creationTime,
                    lastTriggerTime,
                    triggerCount,
                    ackTime,
                    ackBy,
                    ackType,
                    investigatedBy,
                    investigatedTime,
                    ackConditionId,
                    userAckRequired,
                    sourceConditionCleared,
                    latitude,
                    longitude,
                    contextBy,
                    forwards,
                    contentPriority,
                    rule);
        }
    }
}
