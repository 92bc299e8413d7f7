package dev.vigil.engine.entity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.auth.Authenticator;
import dev.vigil.engine.auth.PasswordHasher;
import dev.vigil.engine.auth.UserStore;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.config.VigilPaths;

/** Bindings for the configured entities and the users who log in. */
public final class EntityModule extends AbstractModule {
    @Provides
    @Singleton
    EntityRegistry entities(VigilPaths paths) {
        return EntitiesFile.load(paths.entitiesYaml());
    }

    @Provides
    @Singleton
    EntitiesWatcher watcher(VigilPaths paths, EntityRegistry registry) {
        return new EntitiesWatcher(paths.entitiesYaml(), registry);
    }

    @Provides
    @Singleton
    UserStore users(VigilPaths paths, VigilConfig.Auth auth) {
        return new UserStore(paths.usersYaml(), new PasswordHasher(auth.pbkdf2Iterations));
    }

    @Provides
    @Singleton
    Authenticator authenticator(UserStore users, VigilConfig.Auth auth, LoginUsers loginUsers) {
        return new Authenticator(users, auth.credentialCacheTtl, loginUsers);
    }

    @Provides
    @Singleton
    LoginUsers loginUsers(EntityRegistry registry, dev.vigil.engine.store.Database db) {
        return new LoginUsers(registry, new dev.vigil.engine.store.LoginUserStore(db));
    }
}
