package dev.vigil.api;

import java.util.Objects;
import java.util.UUID;

/**
 * What a plugin may know of a configured entity: enough to name it to the outside world.
 *
 * @param type the entity type's name ({@code Camera}, {@code Door}, ...)
 * @param logicalId the entity's logical id, unique within its type
 * @param streamUri a camera's stream address as configured, credentials removed; empty for other types
 */
public record EntityInfo(UUID guid, String type, int logicalId, String name, String streamUri) {
    public EntityInfo {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
        streamUri = streamUri == null ? "" : withoutCredentials(streamUri);
    }

    public EntityInfo(UUID guid, String type, int logicalId, String name) {
        this(guid, type, logicalId, name, "");
    }

    /** rtsp://user:secret@host/... becomes rtsp://host/...: a plugin carries the address, never the password. */
    static String withoutCredentials(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int hostStart = scheme + 3;
        int pathStart = uri.indexOf('/', hostStart);
        int at = uri.lastIndexOf('@', pathStart < 0 ? uri.length() : pathStart);
        return at < hostStart ? uri : uri.substring(0, hostStart) + uri.substring(at + 1);
    }
}
