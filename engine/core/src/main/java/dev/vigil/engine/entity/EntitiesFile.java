package dev.vigil.engine.entity;

import dev.vigil.engine.config.ConfigException;
import dev.vigil.engine.config.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code conf/entities.yaml}: cameras, doors, zones, alarms, users and user groups. Each entry
 * has a GUID and a logical id unique within its type; references (a door's camera, an alarm's
 * recipients, a group's members) must name configured entities.
 */
public final class EntitiesFile {
    public List<Item> cameras = new ArrayList<>();
    public List<Item> doors = new ArrayList<>();
    public List<Item> zones = new ArrayList<>();
    public List<Item> alarms = new ArrayList<>();
    public List<Item> users = new ArrayList<>();
    public List<Item> userGroups = new ArrayList<>();

    /** One entry. Keys that do not apply to the entry's section are refused at load. */
    public static final class Item {
        public String guid;
        public Integer logicalId;
        public String name;
        public String streamUri;
        public String camera;
        public Integer priority;
        public List<String> recipients;
        public Duration reactivationThreshold;
        public List<String> members;
    }

    public static EntityRegistry load(Path file) {
        if (!Files.exists(file)) {
            return new EntityRegistry(List.of());
        }
        return YamlFiles.read(file, EntitiesFile.class).toRegistry(file);
    }

    private EntityRegistry toRegistry(Path file) {
        Map<UUID, String> seenGuid = new HashMap<>();
        Map<String, String> seenLogical = new HashMap<>();
        List<Entity> first = new ArrayList<>();
        Section[] sections = {
            new Section("cameras", EntityType.Camera, cameras),
            new Section("doors", EntityType.Door, doors),
            new Section("zones", EntityType.Zone, zones),
            new Section("alarms", EntityType.Alarm, alarms),
            new Section("users", EntityType.User, users),
            new Section("userGroups", EntityType.UserGroup, userGroups),
        };
        for (Section s : sections) {
            for (int i = 0; i < s.items.size(); i++) {
                String at = s.key + "[" + i + "]";
                Item it = s.items.get(i);
                if (it == null) {
                    throw error(file, at, "is empty");
                }
                checkKeysFit(file, at, s.type, it);
                UUID guid = parseGuid(file, at + ".guid", it.guid);
                if (it.logicalId == null || it.logicalId < 1 || it.logicalId > 9_999_999) {
                    throw error(file, at + ".logicalId", "must be 1..9999999");
                }
                String prevGuid = seenGuid.putIfAbsent(guid, at);
                if (prevGuid != null) {
                    throw error(file, at + ".guid", "duplicate of " + prevGuid + ".guid (" + guid + ")");
                }
                String prevLogical = seenLogical.putIfAbsent(s.type + "#" + it.logicalId, at);
                if (prevLogical != null) {
                    throw error(
                            file,
                            at + ".logicalId",
                            "duplicate of " + prevLogical + ".logicalId (" + it.logicalId + ")");
                }
                int priority = it.priority == null ? 1 : it.priority;
                if (priority < 1 || priority > 255) {
                    throw error(file, at + ".priority", "must be 1..255 (lower is more urgent)");
                }
                first.add(new Entity(
                        guid,
                        s.type,
                        it.logicalId,
                        it.name == null ? s.type + " " + it.logicalId : it.name,
                        it.streamUri,
                        null,
                        priority,
                        List.of(),
                        it.reactivationThreshold,
                        List.of()));
            }
        }
        // References are resolved against the complete set, so order in the file does not matter.
        EntityRegistry partial = new EntityRegistry(first);
        List<Entity> resolved = new ArrayList<>();
        int index = 0;
        for (Section s : sections) {
            for (int i = 0; i < s.items.size(); i++) {
                String at = s.key + "[" + i + "]";
                Item it = s.items.get(i);
                Entity e = first.get(index++);
                UUID camera = it.camera == null
                        ? null
                        : reference(file, at + ".camera", it.camera, partial, EntityType.Camera)
                                .get(0);
                List<UUID> recipients = it.recipients == null
                        ? List.of()
                        : references(
                                file,
                                at + ".recipients",
                                it.recipients,
                                partial,
                                EntityType.User,
                                EntityType.UserGroup);
                List<UUID> members = it.members == null
                        ? List.of()
                        : s.type == EntityType.Zone
                                // A zone's members are the cameras and doors in it.
                                ? references(
                                        file, at + ".members", it.members, partial, EntityType.Camera, EntityType.Door)
                                : references(
                                        file,
                                        at + ".members",
                                        it.members,
                                        partial,
                                        EntityType.User,
                                        EntityType.UserGroup);
                resolved.add(new Entity(
                        e.guid(),
                        e.type(),
                        e.logicalId(),
                        e.name(),
                        e.streamUri(),
                        camera,
                        e.priority(),
                        recipients,
                        e.reactivationThreshold(),
                        members));
            }
        }
        return new EntityRegistry(resolved);
    }

    private record Section(String key, EntityType type, List<Item> items) {
        Section {
            items = items == null ? List.of() : items;
        }
    }

    private static void checkKeysFit(Path file, String at, EntityType type, Item it) {
        only(file, at, "streamUri", it.streamUri, type == EntityType.Camera);
        only(file, at, "camera", it.camera, type == EntityType.Door || type == EntityType.Zone);
        only(file, at, "priority", it.priority, type == EntityType.Alarm);
        only(file, at, "recipients", it.recipients, type == EntityType.Alarm);
        only(file, at, "reactivationThreshold", it.reactivationThreshold, type == EntityType.Alarm);
        only(file, at, "members", it.members, type == EntityType.UserGroup || type == EntityType.Zone);
    }

    private static void only(Path file, String at, String key, Object value, boolean allowed) {
        if (value != null && !allowed) {
            throw error(file, at + "." + key, "does not apply to this section");
        }
    }

    private static UUID parseGuid(Path file, String key, String text) {
        if (text == null) {
            throw error(file, key, "is missing");
        }
        EntityRefs.Ref ref;
        try {
            ref = EntityRefs.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(file, key, e.getMessage());
        }
        if (!ref.isGuid()) {
            throw error(file, key, "must be a GUID, not " + text);
        }
        return ref.guid();
    }

    private static List<UUID> references(
            Path file, String key, List<String> refs, EntityRegistry registry, EntityType... allowed) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            out.addAll(reference(file, key + "[" + i + "]", refs.get(i), registry, allowed));
        }
        return out;
    }

    private static List<UUID> reference(
            Path file, String key, String text, EntityRegistry registry, EntityType... allowed) {
        Entity target;
        try {
            target = registry.find(EntityRefs.parse(text))
                    .orElseThrow(() -> new IllegalArgumentException("names no configured entity: " + text));
        } catch (IllegalArgumentException e) {
            throw error(file, key, e.getMessage());
        }
        for (EntityType t : allowed) {
            if (target.type() == t) {
                return List.of(target.guid());
            }
        }
        throw error(file, key, text + " is a " + target.type() + "; expected " + List.of(allowed));
    }

    private static ConfigException error(Path file, String key, String problem) {
        return new ConfigException(file + ": key '" + key + "' " + problem);
    }
}
