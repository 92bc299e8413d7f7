package dev.vigil.engine.alarm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How an instance was acknowledged. Rules match it as {@code Alarm(ackType == AckType.NACK)}; the
 * stored documents carry the word in {@link #word()}, as they always have.
 */
public enum AckType {
    /** Acknowledged: the situation was real and handled. */
    ACK("Ack"),
    /** Negatively acknowledged: a false alarm. */
    NACK("Nack"),
    /** Acknowledged by force, past an acknowledgement condition not yet cleared. */
    FORCED("ForceAck");

    private final String word;

    AckType(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** Reads the stored word (any case); null stays null (an instance never acknowledged). */
    @JsonCreator
    public static AckType fromWord(String word) {
        if (word == null) {
            return null;
        }
        for (AckType t : values()) {
            if (t.word.equalsIgnoreCase(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown acknowledgement type '" + word + "'");
    }
}
