package dev.vigil.engine.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The checks a configuration field carries beside it, read by {@link ConfigValidator}. Checks that
 * involve two fields (two ports that must differ) stay in {@link VigilConfig#validate}.
 */
public final class Constraints {
    private Constraints() {}

    /** A number greater than 0, or a duration longer than zero. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Positive {}

    /** A duration of zero or longer. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface NotNegative {}

    /** A number of at least {@link #value()}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface AtLeast {
        long value();

        /** What the error says; empty: "must be at least N". */
        String message() default "";
    }

    /** A TCP port, or 0 for a free one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Port {}

    /** Text that matches {@link #value()} whole (null never does). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Matches {
        String value();

        String message();
    }

    /** Text that is present and not blank. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface NotBlank {
        String message();
    }
}
