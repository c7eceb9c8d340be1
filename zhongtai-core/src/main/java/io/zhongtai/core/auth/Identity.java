package io.zhongtai.core.auth;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** Who is asking: carried by every operation so that grants and audit apply in one place. */
public record Identity(String name, Kind kind) {
    public enum Kind {
        /** The operating system user running the CLI in embedded mode. */
        LOCAL_USER,
        /** A caller that presented an API token; the name is the token's name. */
        TOKEN,
        /** The platform itself: scheduled jobs, migrations, housekeeping. */
        SYSTEM,
    }

    public Identity {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Identity name is blank");
        }
    }

    public static Identity localUser() {
        return new Identity(System.getProperty("user.name", "local"), Kind.LOCAL_USER);
    }

    public static Identity system() {
        return new Identity("zhongtai", Kind.SYSTEM);
    }

    public static Identity token(String tokenName) {
        return new Identity(tokenName, Kind.TOKEN);
    }

    /**
     * {@code kind:name}, such as {@code token:ci} or {@code local_user:alice}: how audit and
     * ownership columns store an identity, so a token and a user of the same name stay distinct.
     */
    public String principal() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }

    /** The identity a {@link #principal()} string names, e.g. the creator of a job resumed after a restart. */
    public static Identity fromPrincipal(String principal) {
        int colon = principal.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("Not a principal (kind:name): " + principal);
        }
        Kind kind = Kind.valueOf(principal.substring(0, colon).toUpperCase(Locale.ROOT));
        return new Identity(principal.substring(colon + 1), kind);
    }
}
