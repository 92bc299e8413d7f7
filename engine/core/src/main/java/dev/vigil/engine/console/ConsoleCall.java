package dev.vigil.engine.console;

import dev.vigil.engine.http.ApiRequest;
import java.util.Map;

/**
 * One console request as its endpoint sees it.
 *
 * @param login the console login, or null for a guest (only public endpoints see one)
 * @param admin whether the user is an admin now (roles are read at every request, so a demotion counts at once)
 */
record ConsoleCall(ApiRequest request, Map<String, String> params, ConsoleLogins.Login login, boolean admin) {
    String user() {
        return login.user;
    }

    String param(String name) {
        return request.param(name);
    }
}
