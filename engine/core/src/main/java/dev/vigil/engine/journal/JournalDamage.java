package dev.vigil.engine.journal;

/**
 * Bytes of a journal segment that do not read as records: where they are, which sequences they may
 * have held (between the last good record before them and the first good one after; {@code -1}
 * when nothing good follows), and where a copy of them was put aside for inspection.
 */
public record JournalDamage(
        String segment, long offset, long length, long sequencesFrom, long sequencesTo, String quarantinedTo) {

    /** One line for logs and health: segment, offset, size, sequences. */
    public String describe() {
        String seqs = sequencesTo < 0
                ? "sequences after " + (sequencesFrom - 1)
                : sequencesFrom > sequencesTo
                        ? "no sequence missing"
                        : "sequences " + sequencesFrom + ".." + sequencesTo + " unreadable";
        return segment + " offset " + offset + ": " + length + " damaged byte(s), " + seqs
                + (quarantinedTo == null ? "" : ", copied to " + quarantinedTo);
    }
}
