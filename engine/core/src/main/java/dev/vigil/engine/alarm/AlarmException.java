package dev.vigil.engine.alarm;

import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;

/** An alarm operation was refused; nothing changed. */
public class AlarmException extends RefusedException {
    public AlarmException(ErrorCode code, String message) {
        super(code, message);
    }
}
