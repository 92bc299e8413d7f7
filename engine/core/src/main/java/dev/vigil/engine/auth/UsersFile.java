package dev.vigil.engine.auth;

import java.util.ArrayList;
import java.util.List;

/** {@code conf/users.yaml}: login names and password hashes. */
public final class UsersFile {
    public List<User> users = new ArrayList<>();

    /** One login. {@code name} links to a {@code users:} entity of the same name for alarm recipients. */
    public static final class User {
        public String name;
        public String hash;
        /**
         * {@code admin} or {@code operator} (acts on alarms only, in the console). Absent means admin:
         * every user could change everything before roles existed.
         */
        public String role;

        public User() {}

        public User(String name, String hash, String role) {
            this.name = name;
            this.hash = hash;
            this.role = role;
        }
    }
}
