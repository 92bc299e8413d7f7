package dev.vigil.engine.entity;

import dev.vigil.engine.store.LoginUserStore;
import dev.vigil.engine.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Web SDK user is an entity (a recipient, the one who acknowledged). A login that entities.yaml
 * does not list gets a user entity at its first successful login: a new GUID and the next free
 * logical id, kept in the store so that both stay the same across restarts. Listing the user in
 * entities.yaml later takes over (the file wins).
 */
public final class LoginUsers implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(LoginUsers.class);
    private final EntityRegistry registry;
    private final LoginUserStore store;

    public LoginUsers(EntityRegistry registry, LoginUserStore store) {
        this.registry = registry;
        this.store = store;
        registry.addLoginUsers(store.all().stream().map(LoginUsers::entity).toList());
    }

    private static Entity entity(LoginUserStore.LoginUser u) {
        return new Entity(
                u.guid(), EntityType.User, u.logicalId(), u.name(), "", null, 0, List.of(), Duration.ZERO, List.of());
    }

    /** Called after a login verified; cheap when the user is an entity already. */
    @Override
    public synchronized void accept(String name) {
        if (registry.userGuid(name) != null) {
            return;
        }
        try {
            int next = 1;
            for (Entity e : registry.ofType(EntityType.User)) {
                next = Math.max(next, e.logicalId() + 1);
            }
            for (LoginUserStore.LoginUser u : store.all()) {
                next = Math.max(next, u.logicalId() + 1);
            }
            LoginUserStore.LoginUser made = new LoginUserStore.LoginUser(name, UUID.randomUUID(), next);
            store.add(made);
            registry.addLoginUsers(List.of(entity(made)));
            LOG.info(
                    "User '{}' logged in without a user entity in entities.yaml: it is now {} (LogicalID(User,{})),"
                            + " kept in the store",
                    name,
                    made.guid(),
                    made.logicalId());
        } catch (StoreException e) {
            // The login itself stands; the entity is made at a later login.
            LOG.warn("User '{}' logged in but its user entity could not be stored: {}", name, e.getMessage());
        }
    }
}
