package dev.vigil.engine.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.LoginUserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginUsersTest {
    @TempDir
    Path dir;

    private static final String SITE = """
            users:
              - guid: 00000004-0000-babe-0000-000000000001
                logicalId: 1
                name: admin
              - guid: 00000004-0000-babe-0000-000000000002
                logicalId: 7
                name: guard
            """;

    @Test
    void aLoginWithoutAUserEntityGetsOneThatSurvivesARestartAndAnEditOfTheFile() throws Exception {
        Path file = dir.resolve("entities.yaml");
        Files.writeString(file, SITE);
        UUID operator;
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            EntityRegistry registry = EntitiesFile.load(file);
            LoginUsers logins = new LoginUsers(registry, new LoginUserStore(db));
            logins.accept("guard"); // listed in the file: nothing made
            logins.accept("operator");
            operator = registry.userGuid("operator");
            assertThat(operator).isNotNull();
            assertThat(registry.resolve("LogicalID(User,8)", EntityType.User).name())
                    .isEqualTo("operator");
            assertThat(registry.resolve("operator", EntityType.User).guid()).isEqualTo(operator);
            assertThat(new LoginUserStore(db).all())
                    .extracting(LoginUserStore.LoginUser::name)
                    .containsExactly("operator");

            // An edit of entities.yaml keeps the login users it does not name.
            Files.writeString(file, SITE.replace("name: guard", "name: night guard"));
            registry.replaceWith(EntitiesFile.load(file));
            assertThat(registry.userGuid("operator")).isEqualTo(operator);
            assertThat(registry.userGuid("night guard")).isNotNull();
        }
        try (Database db = new Database(new VigilConfig.Store(), dir)) {
            // A restart: the same GUID and logical id from the store.
            EntityRegistry registry = EntitiesFile.load(file);
            new LoginUsers(registry, new LoginUserStore(db));
            assertThat(registry.userGuid("operator")).isEqualTo(operator);

            // Listed in the file later: the file wins.
            Files.writeString(file, SITE + """
                      - guid: 00000004-0000-babe-0000-000000000009
                        logicalId: 9
                        name: operator
                    """);
            registry.replaceWith(EntitiesFile.load(file));
            assertThat(registry.userGuid("operator")).hasToString("00000004-0000-babe-0000-000000000009");
        }
    }
}
