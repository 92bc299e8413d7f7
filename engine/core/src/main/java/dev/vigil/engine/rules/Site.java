package dev.vigil.engine.rules;

import dev.vigil.api.Event;
import dev.vigil.engine.entity.Entity;
import dev.vigil.engine.entity.EntityRegistry;
import dev.vigil.engine.entity.EntityType;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code site} global: the site of {@code entities.yaml} (as it is now, reloads included) and
 * its time zone, for rules that would otherwise copy entity ids and zone offsets into DRL.
 *
 * <pre>
 * global dev.vigil.engine.rules.Site site;
 * $e : Event(type == "DoorForcedOpen", $door : source)
 * ... site.cameraOf($door)                      // the door's camera GUID, or null
 * ... site.isMember(userGuid, "Security team")  // group by name, LogicalID(UserGroup,N) or GUID
 * ... site.hour($e) >= 22                        // the event's local hour in site.timeZone
 * </pre>
 *
 * References are what the Web SDK and the other globals accept: a GUID, {@code LogicalID(Type,N)},
 * or an entity's name (of any type when it is unique across them).
 */
public final class Site {
    private final EntityRegistry entities;
    private final ZoneId zone;

    public Site(EntityRegistry entities, ZoneId zone) {
        this.entities = entities;
        this.zone = zone;
    }

    /** The entity a reference names, or null when none does (or a name two types share). */
    public Entity entity(String ref) {
        return entities.resolveAny(ref);
    }

    public Entity entity(UUID guid) {
        return guid == null ? null : entities.get(guid).orElse(null);
    }

    /** The entity's name, or its GUID as text when it has none or is unknown. */
    public String name(UUID guid) {
        Entity e = entity(guid);
        return e == null || e.name().isEmpty() ? String.valueOf(guid) : e.name();
    }

    /** A door's (or any entity's) camera as entities.yaml gives it, or null. */
    public UUID cameraOf(UUID entity) {
        Entity e = entity(entity);
        return e == null ? null : e.camera();
    }

    /** Whether a user (or group) is in the group, directly or through nested groups. */
    public boolean isMember(UUID member, String group) {
        Entity g = entity(group);
        return g != null
                && g.type() == EntityType.UserGroup
                && entities.groupsOf(member).contains(g.guid());
    }

    /** Whether a camera or door is in the zone (its {@code members} in entities.yaml). */
    public boolean inZone(UUID entity, String zone) {
        Entity z = entity(zone);
        return z != null
                && z.type() == EntityType.Zone
                && z.members() != null
                && z.members().contains(entity);
    }

    /** Whether two cameras or doors share a zone: rules correlating events across cameras use it. */
    public boolean sameZone(UUID a, UUID b) {
        if (a == null || b == null) {
            return false;
        }
        for (Entity z : entities.ofType(EntityType.Zone)) {
            if (z.members() != null && z.members().contains(a) && z.members().contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** The group's (or zone's) direct members. */
    public Set<UUID> membersOf(String group) {
        Entity g = entity(group);
        return g == null || g.members() == null ? Set.of() : Set.copyOf(g.members());
    }

    public ZoneId zone() {
        return zone;
    }

    /** When the event happened, on the site's clocks. */
    public LocalDateTime localTime(Event e) {
        return LocalDateTime.ofInstant(e.getTimestamp(), zone);
    }

    public LocalTime timeOfDay(Event e) {
        return localTime(e).toLocalTime();
    }

    public int hour(Event e) {
        return localTime(e).getHour();
    }

    public DayOfWeek dayOfWeek(Event e) {
        return localTime(e).getDayOfWeek();
    }

    /** Whether the event's local time of day is in [from, to), which may run past midnight ("22:00", "06:00"). */
    public boolean between(Event e, String from, String to) {
        LocalTime t = timeOfDay(e);
        LocalTime f = LocalTime.parse(from);
        LocalTime u = LocalTime.parse(to);
        return u.isAfter(f) ? !t.isBefore(f) && t.isBefore(u) : !t.isBefore(f) || t.isBefore(u);
    }
}
