package dev.vigil.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.api.AlarmChange;
import dev.vigil.api.AlarmState;
import dev.vigil.engine.alarm.Alarm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Alarm instances and their change history in the JDBC store. */
public final class AlarmStore {
    /** How an instance is written in the store, and sent between the nodes of a cluster. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Database db;

    /**
     * One change to persist: the instance after it, and the change row. {@code causeSequence} is the
     * journal sequence of the event whose rule made a trigger (0 otherwise), so that a replay after a
     * crash can tell the triggers already stored from those still to make.
     */
    public record StoredChange(
            long changeId,
            AlarmChange.Kind kind,
            Alarm alarm,
            long atMillis,
            String by,
            long causeSequence,
            List<Long> foldedCauses) {
        public StoredChange(long changeId, AlarmChange.Kind kind, Alarm alarm, long atMillis, String by) {
            this(changeId, kind, alarm, atMillis, by, 0, List.of());
        }

        public StoredChange(
                long changeId, AlarmChange.Kind kind, Alarm alarm, long atMillis, String by, long causeSequence) {
            this(changeId, kind, alarm, atMillis, by, causeSequence, List.of());
        }

        /**
         * This repeat with earlier ones of the same instance folded into it: one row, one report, the
         * instance's final count; their causes are kept so a crash replay still knows them all.
         */
        public StoredChange foldIn(StoredChange earlier) {
            List<Long> causes = new ArrayList<>(foldedCauses);
            causes.addAll(earlier.foldedCauses);
            if (earlier.causeSequence > 0) {
                causes.add(earlier.causeSequence);
            }
            return new StoredChange(changeId, kind, alarm, atMillis, by, causeSequence, List.copyOf(causes));
        }
    }

    /** The triggers stored for events after {@code sequence}, as "causeSequence/alarmGuid/sourceGuid". */
    public Set<String> triggersCausedAfter(long sequence) {
        Set<String> keys = new HashSet<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        // cause_seq is the highest cause of a row, folded repeats included
                        c.prepareStatement(
                                "SELECT cause_seq, doc, folded_causes FROM alarm_change WHERE cause_seq > ?")) {
            ps.setLong(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Alarm a = JSON.readValue(rs.getString(2), Alarm.class);
                    keys.add(triggerKey(rs.getLong(1), a.getAlarmGuid(), a.getSourceGuid()));
                    String folded = rs.getString(3);
                    if (folded != null && !folded.isEmpty()) {
                        for (String cause : folded.split(",")) {
                            keys.add(triggerKey(Long.parseLong(cause), a.getAlarmGuid(), a.getSourceGuid()));
                        }
                    }
                }
            }
            return keys;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read the triggers after sequence " + sequence + ": " + e.getMessage(), e);
        }
    }

    public static String triggerKey(long causeSequence, UUID alarm, UUID source) {
        return causeSequence + "/" + alarm + "/" + source;
    }

    public AlarmStore(Database db) {
        this.db = db;
    }

    public long maxInstanceId() {
        return maxOf("SELECT COALESCE(MAX(instance_id), 0) FROM alarm_instance");
    }

    public long maxChangeId() {
        return maxOf("SELECT COALESCE(MAX(change_id), 0) FROM alarm_change");
    }

    /** The highest journal sequence an alarm change was caused by: that sequence was handed out. */
    public long maxCauseSequence() {
        return maxOf("SELECT COALESCE(MAX(cause_seq), 0) FROM alarm_change");
    }

    private long maxOf(String sql) {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read alarm ids: " + e.getMessage(), e);
        }
    }

    public List<Alarm> loadActive() {
        List<Alarm> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT doc FROM alarm_instance WHERE state <> ? ORDER BY instance_id")) {
            ps.setInt(1, AlarmState.ACKNOWLEDGED.code());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(JSON.readValue(rs.getString(1), Alarm.class));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot load active alarms: " + e.getMessage(), e);
        }
    }

    public Alarm find(long instanceId) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT doc FROM alarm_instance WHERE instance_id = ?")) {
            ps.setLong(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? JSON.readValue(rs.getString(1), Alarm.class) : null;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read alarm " + instanceId + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the alarm history is searched by; a null field does not filter.
     *
     * @param fromMillis trigger time at or after; {@code toMillis} before
     */
    public record HistoryFilter(UUID alarm, UUID source, AlarmState state, Long fromMillis, Long toMillis) {}

    /** Instances, active or not, newest first, at most {@code limit}. */
    public List<Alarm> history(HistoryFilter f, int limit) {
        StringBuilder sql = new StringBuilder("SELECT doc FROM alarm_instance WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.alarm() != null) {
            sql.append(" AND alarm_guid = ?");
            args.add(f.alarm().toString());
        }
        if (f.source() != null) {
            sql.append(" AND source_guid = ?");
            args.add(f.source().toString());
        }
        if (f.state() != null) {
            sql.append(" AND state = ?");
            args.add(f.state().code());
        }
        if (f.fromMillis() != null) {
            sql.append(" AND trigger_millis >= ?");
            args.add(f.fromMillis());
        }
        if (f.toMillis() != null) {
            sql.append(" AND trigger_millis < ?");
            args.add(f.toMillis());
        }
        sql.append(" ORDER BY instance_id DESC LIMIT ?");
        args.add(limit);
        List<Alarm> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(JSON.readValue(rs.getString(1), Alarm.class));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read the alarm history: " + e.getMessage(), e);
        }
    }

    /** One line of an instance's history. */
    public record HistoryLine(
            long instanceId, long changeId, AlarmChange.Kind kind, long atMillis, String by, String rule) {}

    /** The changes of these instances, oldest first. */
    public List<HistoryLine> changesOf(List<Long> instanceIds) {
        List<HistoryLine> out = new ArrayList<>();
        if (instanceIds.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(instanceIds.size(), "?"));
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT instance_id, change_id, kind, at_millis, by_user, doc"
                        + " FROM alarm_change WHERE instance_id IN (" + marks + ") ORDER BY change_id")) {
            for (int i = 0; i < instanceIds.size(); i++) {
                ps.setLong(i + 1, instanceIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AlarmChange.Kind kind = AlarmChange.Kind.valueOf(rs.getString(3));
                    String rule = kind == AlarmChange.Kind.TRIGGERED || kind == AlarmChange.Kind.RETRIGGERED
                            ? JSON.readValue(rs.getString(6), Alarm.class).getRule()
                            : null;
                    out.add(new HistoryLine(rs.getLong(1), rs.getLong(2), kind, rs.getLong(4), rs.getString(5), rule));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("cannot read alarm changes: " + e.getMessage(), e);
        }
    }

    /** Stored changes with {@code after < change_id <= upTo}, oldest first, at most {@code limit}. */
    public List<StoredChange> changesBetween(long after, long upTo, int limit) {
        List<StoredChange> out = new ArrayList<>();
        try (Connection c = db.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT change_id, kind, at_millis, by_user, doc FROM alarm_change"
                                + " WHERE change_id > ? AND change_id <= ? ORDER BY change_id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredChange(
                            rs.getLong(1),
                            AlarmChange.Kind.valueOf(rs.getString(2)),
                            JSON.readValue(rs.getString(5), Alarm.class),
                            rs.getLong(3),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("cannot read alarm changes after " + after + ": " + e.getMessage(), e);
        }
    }

    /**
     * A cluster's changes, each with its place in the cluster's order of changes ({@code positions}), in
     * one transaction (PostgreSQL). A change row already there (the same change written by another
     * node repairing the store) is kept; an instance row takes a change only from further on in the
     * order, so two nodes changing one instance at once leave it as the order says.
     */
    public void saveOrdered(List<StoredChange> changes, long[] positions) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement instance = c.prepareStatement(
                            "INSERT INTO alarm_instance"
                                    + " (instance_id, alarm_guid, state, doc, source_guid, trigger_millis, topic_pos)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (instance_id) DO UPDATE SET"
                                    + " state = EXCLUDED.state, doc = EXCLUDED.doc, topic_pos = EXCLUDED.topic_pos"
                                    + " WHERE alarm_instance.topic_pos IS NULL OR alarm_instance.topic_pos < EXCLUDED.topic_pos");
                    PreparedStatement change = c.prepareStatement("INSERT INTO alarm_change (change_id,"
                            + " instance_id, kind, at_millis, by_user, doc, cause_seq, folded_causes, topic_pos)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (change_id) DO NOTHING")) {
                for (int i = 0; i < changes.size(); i++) {
                    StoredChange sc = changes.get(i);
                    Alarm a = sc.alarm();
                    String doc = JSON.writeValueAsString(a);
                    bindInstanceRow(instance, a, doc);
                    instance.setLong(7, positions[i]);
                    instance.addBatch();
                    bindChangeRow(change, sc, doc);
                    change.setLong(9, positions[i]);
                    change.addBatch();
                }
                instance.executeBatch();
                change.executeBatch();
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot save " + changes.size() + " alarm change(s): " + e.getMessage(), e);
        }
    }

    /** Parameters 1 to 6 of an instance row: id, alarm, state, doc, source, trigger time. */
    private static void bindInstanceRow(PreparedStatement ps, Alarm a, String doc) throws SQLException {
        ps.setLong(1, a.getInstanceId());
        ps.setString(2, a.getAlarmGuid().toString());
        ps.setInt(3, a.getState().code());
        ps.setString(4, doc);
        ps.setString(5, a.getSourceGuid() == null ? null : a.getSourceGuid().toString());
        ps.setLong(6, a.getTriggerTime() == null ? 0 : a.getTriggerTime().toEpochMilli());
    }

    /**
     * Parameters 1 to 8 of a change row. {@code cause_seq} is the highest cause, folded repeats
     * included; {@code folded_causes} lists every cause when repeats were folded (null otherwise).
     */
    private static void bindChangeRow(PreparedStatement ps, StoredChange sc, String doc) throws SQLException {
        ps.setLong(1, sc.changeId());
        ps.setLong(2, sc.alarm().getInstanceId());
        ps.setString(3, sc.kind().name());
        ps.setLong(4, sc.atMillis());
        ps.setString(5, sc.by());
        ps.setString(6, doc);
        long highest = sc.causeSequence();
        StringBuilder causes = new StringBuilder();
        if (sc.causeSequence() > 0) {
            causes.append(sc.causeSequence());
        }
        for (long folded : sc.foldedCauses()) {
            highest = Math.max(highest, folded);
            causes.append(causes.length() == 0 ? "" : ",").append(folded);
        }
        ps.setLong(7, highest);
        ps.setString(8, sc.foldedCauses().isEmpty() ? null : causes.toString());
    }

    /** Which of these change ids the store has. */
    public Set<Long> storedChangeIds(java.util.Collection<Long> changeIds) {
        Set<Long> found = new HashSet<>();
        if (changeIds.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("SELECT change_id FROM alarm_change WHERE change_id IN (");
        for (int i = 0; i < changeIds.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (long id : changeIds) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("cannot look up alarm changes: " + e.getMessage(), e);
        }
    }

    /** Writes all changes in one transaction: either all are stored or none. */
    public void save(List<StoredChange> changes) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update =
                            c.prepareStatement("UPDATE alarm_instance SET state = ?, doc = ? WHERE instance_id = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO alarm_instance"
                            + " (instance_id, alarm_guid, state, doc, source_guid, trigger_millis)"
                            + " VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement change = c.prepareStatement("INSERT INTO alarm_change"
                            + " (change_id, instance_id, kind, at_millis, by_user, doc, cause_seq, folded_causes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                // Several changes of one instance in a group: only its last state needs writing.
                Map<Long, Integer> lastIndex = new HashMap<>();
                for (int i = 0; i < changes.size(); i++) {
                    lastIndex.put(changes.get(i).alarm().getInstanceId(), i);
                }
                Set<Long> inserted = new HashSet<>();
                for (int i = 0; i < changes.size(); i++) {
                    StoredChange sc = changes.get(i);
                    Alarm a = sc.alarm();
                    String doc = JSON.writeValueAsString(a);
                    boolean isNew = sc.kind() == AlarmChange.Kind.TRIGGERED;
                    boolean isLast = lastIndex.get(a.getInstanceId()) == i;
                    if (isNew && !isLast) {
                        // Triggered and changed again in the same group: insert its final state below.
                        inserted.add(a.getInstanceId());
                    } else if (isNew || (isLast && inserted.contains(a.getInstanceId()))) {
                        bindInstanceRow(insert, a, doc);
                        insert.executeUpdate();
                    } else if (isLast) {
                        update.setInt(1, a.getState().code());
                        update.setString(2, doc);
                        update.setLong(3, a.getInstanceId());
                        update.addBatch();
                    }
                    if (sc.kind() == AlarmChange.Kind.RETRIGGERED && !isLast && sc.causeSequence() == 0) {
                        // A burst of repeats keeps one history row per group; the count is in the doc.
                        continue;
                    }
                    bindChangeRow(change, sc, doc);
                    change.addBatch();
                }
                update.executeBatch();
                change.executeBatch();
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot save " + changes.size() + " alarm change(s): " + e.getMessage(), e);
        }
    }
}
