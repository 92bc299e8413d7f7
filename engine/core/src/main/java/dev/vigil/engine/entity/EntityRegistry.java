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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * All configured entities, looked up by GUID, logical id, or (for rules) by name. Each view is
 * immutable; {@link #replaceWith} swaps in the entities of an edited entities.yaml at once, so
 * every service holding this registry sees the new site on its next lookup.
 */
public final class EntityRegistry {
    private record View(
            Map<UUID, Entity> byGuid,
            Map<String, Entity> byLogical,
            Map<String, Entity> byName,
            Map<String, Entity> textCache,
            Map<UUID, Set<UUID>> groupsCache) {}

    private volatile View view;
    private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();
    /** What entities.yaml lists. */
    private Collection<Entity> fromFile;
    /** User entities made for logins the file does not list; the file wins over them. */
    private List<Entity> loginUsers = List.of();

    public EntityRegistry(Collection<Entity> entities) {
        this.fromFile = List.copyOf(entities);
        this.view = build(entities);
    }

    /** Adds user entities made for logins; one the file already names (by GUID, logical id or name) is left out. */
    public void addLoginUsers(Collection<Entity> users) {
        synchronized (this) {
            List<Entity> all = new java.util.ArrayList<>(loginUsers);
            all.addAll(users);
            loginUsers = List.copyOf(all);
            view = build(withLoginUsers(fromFile, loginUsers));
        }
        // Whoever keeps something derived from the entities (recipient lists, subscriptions) rebuilds it.
        for (Runnable r : reloadListeners) {
            r.run();
        }
    }

    private static List<Entity> withLoginUsers(Collection<Entity> file, List<Entity> logins) {
        Set<String> taken = new HashSet<>();
        for (Entity e : file) {
            taken.add(e.guid().toString());
            taken.add(logicalKey(e.type(), e.logicalId()));
            taken.add(e.type() + "/" + e.name());
        }
        List<Entity> all = new java.util.ArrayList<>(file);
        for (Entity u : logins) {
            if (!taken.contains(u.guid().toString())
                    && !taken.contains(logicalKey(u.type(), u.logicalId()))
                    && !taken.contains(u.type() + "/" + u.name())) {
                all.add(u);
            }
        }
        return all;
    }

    private static View build(Collection<Entity> entities) {
        Map<UUID, Entity> guid = new LinkedHashMap<>();
        Map<String, Entity> logical = new LinkedHashMap<>();
        Map<String, Entity> names = new LinkedHashMap<>();
        for (Entity e : entities) {
            guid.put(e.guid(), e);
            logical.put(logicalKey(e.type(), e.logicalId()), e);
            names.putIfAbsent(e.type() + "/" + e.name(), e);
        }
        return new View(
                Collections.unmodifiableMap(guid),
                Collections.unmodifiableMap(logical),
                Collections.unmodifiableMap(names),
                new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
    }

    /** Takes over the entities of {@code edited} (a freshly loaded file), then tells the listeners. */
    public void replaceWith(EntityRegistry edited) {
        synchronized (this) {
            fromFile = edited.fromFile;
            view = loginUsers.isEmpty() ? edited.view : build(withLoginUsers(fromFile, loginUsers));
        }
        for (Runnable r : reloadListeners) {
            r.run();
        }
    }

    /** Runs after every {@link #replaceWith}, on the thread that reloaded. */
    public void onReload(Runnable listener) {
        reloadListeners.add(listener);
    }

    private static String logicalKey(EntityType type, int id) {
        return type.name() + "#" + id;
    }

    public Optional<Entity> get(UUID guid) {
        return Optional.ofNullable(view.byGuid().get(guid));
    }

    /**
     * Resolves a reference as written by a caller, remembering the spellings that named a known
     * entity (bounded: unknown references are never remembered, so hostile input cannot grow it).
     *
     * @throws IllegalArgumentException when the text is not a valid reference
     */
    public Optional<Entity> findByText(String text) {
        View v = view;
        Entity hit = v.textCache().get(text);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Entity> found = find(v, EntityRefs.parse(text));
        if (found.isPresent() && v.textCache().size() < 8 * v.byGuid().size() + 64) {
            v.textCache().put(text, found.get());
        }
        return found;
    }

    public Optional<Entity> find(EntityRefs.Ref ref) {
        return find(view, ref);
    }

    private static Optional<Entity> find(View v, EntityRefs.Ref ref) {
        return Optional.ofNullable(
                ref.isGuid() ? v.byGuid().get(ref.guid()) : v.byLogical().get(logicalKey(ref.type(), ref.logicalId())));
    }

    /**
     * The entity a GUID, {@code LogicalID(Type,N)} or name of any type names; null when none does, or
     * when the name is used by entities of two types (then only a GUID or LogicalID tells them apart).
     */
    public Entity resolveAny(String text) {
        try {
            return resolve(text, null);
        } catch (IllegalArgumentException notARef) {
            Entity found = null;
            for (EntityType type : EntityType.values()) {
                Entity e = view.byName().get(type + "/" + text);
                if (e != null) {
                    if (found != null) {
                        return null;
                    }
                    found = e;
                }
            }
            return found;
        }
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
            found = expected == null ? null : view.byName().get(expected + "/" + text);
            if (found == null) {
                throw new IllegalArgumentException(
                        "unknown " + (expected == null ? "entity" : expected) + " '" + text + "'");
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
        return view.byGuid().values();
    }

    public List<Entity> ofType(EntityType type) {
        return view.byGuid().values().stream().filter(e -> e.type() == type).toList();
    }

    /** The user groups {@code member} belongs to, directly or through nested groups. */
    public Set<UUID> groupsOf(UUID member) {
        View v = view;
        Set<UUID> hit = v.groupsCache().get(member);
        if (hit != null) {
            return hit;
        }
        Set<UUID> found = Set.copyOf(computeGroupsOf(member));
        if (v.byGuid().containsKey(member)) {
            v.groupsCache().put(member, found);
        }
        return found;
    }

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
        Entity e = view.byName().get(EntityType.User + "/" + name);
        return e == null ? null : e.guid();
    }

    public int size() {
        return view.byGuid().size();
    }
}
