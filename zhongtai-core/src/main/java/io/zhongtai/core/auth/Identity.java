package io.zhongtai.core.auth;

import static java.util.Objects.requireNonNull;

/** Who is asking: the local OS user of the CLI, the holder of an API token, or the platform itself. */
public record Identity(String name, Kind kind) {
    public enum Kind { LOCAL_USER, TOKEN, SYSTEM }

    public Identity {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
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
}
