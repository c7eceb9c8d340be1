package io.zhongtai.backup.repo;

/** Stored bytes failed a check; the message says why, and callers add which object and repository. */
final class IntegrityException extends Exception {
    IntegrityException(String why) {
        super(why);
    }

    IntegrityException(String why, Throwable cause) {
        super(why, cause);
    }
}
