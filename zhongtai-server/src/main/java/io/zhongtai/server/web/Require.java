package io.zhongtai.server.web;

import io.zhongtai.core.ZhongtaiException;

/** Checks of request fields, failing with a 400 that names the field. */
public final class Require {
    private Require() {
    }

    public static <T> T field(T value, String name) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw ZhongtaiException.invalid("Missing required field '%s'", name);
        }
        return value;
    }

    public static int between(Integer value, int defaultValue, int min, int max, String name) {
        int v = value == null ? defaultValue : value;
        if (v < min || v > max) {
            throw ZhongtaiException.invalid("Invalid value for '%s': %d, expected %d to %d", name, v, min, max);
        }
        return v;
    }
}
