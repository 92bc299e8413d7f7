package dev.vigil.engine.entity;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All configured entities, looked up by GUID, logical id, or (for rules) by name. Immutable. */
public final class EntityRegistry {
    private final Map<UUID, Entity> byGuid;
    private final Map<String, Entity> byLogical;
    private final Map<String, Entity> byName;

    public EntityRegistry(Collection<Entity> entities) {
        Map<UUID, Entity> guid = new LinkedHashMap<>();
        Map<String, Entity> logical = new LinkedHashMap<>();
        Map<String, Entity> names = new LinkedHashMap<>();
        for (Entity e : entities) {
            guid.put(e.guid(), e);
            logical.put(logicalKey(e.type(), e.logicalId()), e);
            names.putIfAbsent(e.type() + "/" + e.name(), e);
        }
        this.byGuid = Collections.unmodifiableMap(guid);
        this.byLogical = Collections.unmodifiableMap(logical);
        this.byName = Collections.unmodifiableMap(names);
    }

    private static String logicalKey(EntityType type, int id) {
        return type.name() + "#" + id;
    }

    public Optional<Entity> get(UUID guid) {
        return Optional.ofNullable(byGuid.get(guid));
    }

    /**
     * Resolves a reference as written by a caller, remembering the spellings that named a known
     * entity (bounded: unknown references are never remembered, so hostile input cannot grow it).
     *
     * @throws IllegalArgumentException when the text is not a valid reference
     */
    public Optional<Entity> findByText(String text) {
        Entity hit = textCache.get(text);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Entity> found = find(EntityRefs.parse(text));
        if (found.isPresent() && textCache.size() < 8 * byGuid.size() + 64) {
            textCache.put(text, found.get());
        }
        return found;
    }

    private final Map<String, Entity> textCache = new java.util.concurrent.ConcurrentHashMap<>();

    public Optional<Entity> find(EntityRefs.Ref ref) {
        return ref.isGuid() ? get(ref.guid())
                : Optional.ofNullable(byLogical.get(logicalKey(ref.type(), ref.logicalId())));
    }

    /**
     * Resolves what a rule or an API call wrote: a GUID, {@code LogicalID(Type,N)}, or the name of
     * an entity of {@code expected} type.
     *
     * @throws IllegalArgumentException naming the reference when nothing matches
     */
    public Entity resolve(String text, EntityType expected) {
        Entity found;
        try {
            found = find(EntityRefs.parse(text)).orElse(null);
        } catch (IllegalArgumentException notARef) {
            found = expected == null ? null : byName.get(expected + "/" + text);
            if (found == null) {
                throw new IllegalArgumentException("unknown " + (expected == null ? "entity" : expected)
                        + " '" + text + "'");
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("unknown entity " + text);
        }
        if (expected != null && found.type() != expected) {
            throw new IllegalArgumentException("entity " + text + " is a " + found.type() + ", not a " + expected);
        }
        return found;
    }

    public Collection<Entity> all() {
        return byGuid.values();
    }

    public List<Entity> ofType(EntityType type) {
        return byGuid.values().stream().filter(e -> e.type() == type).toList();
    }

    /** The user groups {@code member} belongs to, directly or through nested groups. */
    public Set<UUID> groupsOf(UUID member) {
        Set<UUID> hit = groupsCache.get(member);
        if (hit != null) {
            return hit;
        }
        Set<UUID> found = Set.copyOf(computeGroupsOf(member));
        if (byGuid.containsKey(member)) {
            groupsCache.put(member, found);
        }
        return found;
    }

    private final Map<UUID, Set<UUID>> groupsCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Set<UUID> computeGroupsOf(UUID member) {
        Set<UUID> found = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Entity g : ofType(EntityType.UserGroup)) {
                if (!found.contains(g.guid())
                        && (g.members().contains(member) || g.members().stream().anyMatch(found::contains))) {
                    grew = found.add(g.guid());
                }
            }
        }
        return found;
    }

    /** The GUID of the user entity with this (login) name, or null. */
    public UUID userGuid(String name) {
        if (name == null) {
            return null;
        }
        Entity e = byName.get(EntityType.User + "/" + name);
        return e == null ? null : e.guid();
    }

    public int size() {
        return byGuid.size();
    }
}
