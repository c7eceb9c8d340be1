package io.zhongtai.core.session;

import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.lakehouse.TableName;

import static java.util.Objects.requireNonNull;

/**
 * One caller's conversation with the platform: who they are and their current namespace
 * (changed by {@code USE ns}). Every read and write is made on behalf of a session.
 */
public final class Session {
    private final Identity identity;
    private volatile String namespace;

    public Session(Identity identity, String namespace) {
        this.identity = requireNonNull(identity, "identity is null");
        this.namespace = TableName.checkIdentifier(namespace, "namespace");
    }

    public static Session of(Identity identity) {
        return new Session(identity, "ods");
    }

    public Identity identity() {
        return identity;
    }

    public String namespace() {
        return namespace;
    }

    public void useNamespace(String namespace) {
        this.namespace = TableName.checkIdentifier(namespace, "namespace");
    }
}
