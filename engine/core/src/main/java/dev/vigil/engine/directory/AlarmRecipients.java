package dev.vigil.engine.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import dev.vigil.engine.store.DirectoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who receives each alarm: users and user groups, each with a forward delay. Starts from
 * entities.yaml; a list edited through the Web SDK is stored and from then on replaces the file's
 * list for that alarm, across restarts. Reads are lock-free; edits are serialised.
 */
public final class AlarmRecipients {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmRecipients.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recipient of an alarm and how long after the trigger it is reached. */
    public record Recipient(UUID guid, Duration forwardDelay) {}

    private record StoredRecipient(String guid, long forwardDelayMillis) {}

    private final EntityRegistry entities;
    private final DirectoryStore store;
    private final Map<UUID, List<Recipient>> lists = new ConcurrentHashMap<>();
    /** Alarms whose list was edited through the API: entities.yaml no longer decides theirs. */
    private final Set<UUID> edited = ConcurrentHashMap.newKeySet();

    public AlarmRecipients(EntityRegistry entities, DirectoryStore store) {
        this.entities = entities;
        this.store = store;
        for (Entity alarm : entities.ofType(EntityType.Alarm)) {
            lists.put(
                    alarm.guid(),
                    alarm.recipients().stream()
                            .map(g -> new Recipient(g, Duration.ZERO))
                            .toList());
        }
        store.recipientLists().forEach((guid, doc) -> {
            UUID alarm;
            try {
                alarm = UUID.fromString(guid);
            } catch (IllegalArgumentException e) {
                LOG.warn("Stored recipient list for '{}' ignored: not a GUID", guid);
                return;
            }
            if (!lists.containsKey(alarm)) {
                LOG.warn("Stored recipient list for alarm {} kept aside: that alarm is not in entities.yaml", alarm);
            }
            lists.put(alarm, decode(alarm, doc));
            edited.add(alarm);
        });
        entities.onReload(this::takeFileLists);
    }

    /** After entities.yaml changed: its lists for every alarm not edited through the API. */
    private synchronized void takeFileLists() {
        for (Entity alarm : entities.ofType(EntityType.Alarm)) {
            if (!edited.contains(alarm.guid())) {
                lists.put(
                        alarm.guid(),
                        alarm.recipients().stream()
                                .map(g -> new Recipient(g, Duration.ZERO))
                                .toList());
            }
        }
    }

    private List<Recipient> decode(UUID alarm, String doc) {
        try {
            List<StoredRecipient> stored = JSON.readValue(doc, new TypeReference<List<StoredRecipient>>() {});
            List<Recipient> out = new ArrayList<>();
            for (StoredRecipient r : stored) {
                UUID g = UUID.fromString(r.guid());
                if (entities.get(g).isEmpty()) {
                    LOG.warn(
                            "Recipient {} of alarm {} is no longer in entities.yaml; kept but reaches nobody",
                            g,
                            alarm);
                }
                out.add(new Recipient(g, Duration.ofMillis(r.forwardDelayMillis())));
            }
            return List.copyOf(out);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn(
                    "Stored recipient list of alarm {} is unreadable ({}); using entities.yaml", alarm, e.getMessage());
            return lists.getOrDefault(alarm, List.of());
        }
    }

    public List<Recipient> of(UUID alarm) {
        return lists.getOrDefault(alarm, List.of());
    }

    /** Adds a user or group, or changes its delay when it is already there. */
    public void add(UUID alarm, UUID recipient, Duration forwardDelay) {
        Entity who = entities.get(recipient)
                .orElseThrow(() -> new RefusedException(ErrorCode.UNKNOWN_ENTITY, "unknown entity " + recipient));
        if (who.type() != EntityType.User && who.type() != EntityType.UserGroup) {
            throw new RefusedException(
                    ErrorCode.INVALID_VALUE,
                    "a recipient must be a User or a UserGroup; " + recipient + " is a " + who.type());
        }
        if (forwardDelay.isNegative()) {
            throw new RefusedException(ErrorCode.INVALID_VALUE, "the forward delay must not be negative");
        }
        edit(alarm, list -> {
            list.removeIf(r -> r.guid().equals(recipient));
            list.add(new Recipient(recipient, forwardDelay));
        });
    }

    public void remove(UUID alarm, UUID recipient) {
        edit(alarm, list -> list.removeIf(r -> r.guid().equals(recipient)));
    }

    public void clear(UUID alarm) {
        edit(alarm, List::clear);
    }

    private synchronized void edit(UUID alarm, Consumer<List<Recipient>> change) {
        List<Recipient> list = new ArrayList<>(of(alarm));
        change.accept(list);
        List<StoredRecipient> doc = list.stream()
                .map(r -> new StoredRecipient(
                        r.guid().toString(), r.forwardDelay().toMillis()))
                .toList();
        try {
            store.putRecipientList(alarm.toString(), JSON.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a recipient list", e);
        }
        lists.put(alarm, List.copyOf(list));
        edited.add(alarm);
    }

    /** True when {@code who} is a recipient itself or belongs, at any depth, to a recipient group. */
    public boolean isRecipient(UUID alarm, UUID who) {
        Set<UUID> listed = guids(of(alarm));
        return listed.contains(who) || containsGroupOf(listed, who);
    }

    /** True only when {@code who} belongs, at any depth, to a recipient group (a listed group itself is not "contained"). */
    public boolean contains(UUID alarm, UUID who) {
        return containsGroupOf(guids(of(alarm)), who);
    }

    private boolean containsGroupOf(Set<UUID> listed, UUID who) {
        for (UUID g : entities.groupsOf(who)) {
            if (listed.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long after the trigger the user is reached for this alarm: the shortest delay among the
     * recipients that name the user or one of its groups; {@code extra} (forwarded recipients of
     * the instance) are reached at once. Empty when the user is not reached at all.
     */
    public Optional<Duration> reachDelay(UUID alarm, Collection<UUID> extra, UUID user) {
        Set<UUID> via = new HashSet<>(entities.groupsOf(user));
        via.add(user);
        for (UUID e : extra) {
            if (via.contains(e)) {
                return Optional.of(Duration.ZERO);
            }
        }
        Duration best = null;
        for (Recipient r : of(alarm)) {
            if (via.contains(r.guid()) && (best == null || r.forwardDelay().compareTo(best) < 0)) {
                best = r.forwardDelay();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Set<UUID> guids(List<Recipient> list) {
        Set<UUID> s = new HashSet<>();
        for (Recipient r : list) {
            s.add(r.guid());
        }
        return s;
    }
}
