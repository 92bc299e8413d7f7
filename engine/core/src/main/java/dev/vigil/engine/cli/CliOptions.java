package dev.vigil.engine.cli;

import java.util.List;

/** Reading {@code --name value} or {@code --name=value} out of the command line, for every command. */
final class CliOptions {
    private CliOptions() {}

    /**
     * Removes the option from {@code args} and returns its value; null when it is not given.
     *
     * @throws IllegalArgumentException when the option is the last word, with no value after it
     */
    static String take(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String v = args.get(i + 1);
                args.remove(i + 1);
                args.remove(i);
                return v;
            }
            if (a.startsWith(name + "=")) {
                args.remove(i);
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }
}
